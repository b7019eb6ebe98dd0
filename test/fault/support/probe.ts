/**
 * Asks the server something every few milliseconds, keeping every answer
 * with the moment it was asked, until stopped: how fault scripts see what a
 * client would see over time (shed, refused, served again).
 */
import { sleep, type Timed } from './http-timing'

export interface Sample extends Timed {
  /** performance.now() when the request was sent. */
  readonly at: number
}

export interface Probe {
  readonly samples: Sample[]
  readonly stop: () => Promise<void>
}

export const probeEvery = (everyMs: number, ask: () => Promise<Timed>): Probe => {
  const samples: Sample[] = []
  let running = true
  const done = (async () => {
    while (running) {
      const at = performance.now()
      samples.push({ ...(await ask()), at })
      await sleep(Math.max(0, everyMs - (performance.now() - at)))
    }
  })()
  return {
    samples,
    stop: async () => {
      running = false
      await done
    },
  }
}
