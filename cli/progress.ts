import type { Writable } from 'node:stream'

export interface Progress {
  tick(count?: number): void
  done(): void
}

/** A line on stderr that redraws itself, only when stderr is a terminal: pipes and CI logs stay clean. */
export const progress = (stderr: Writable & { readonly isTTY?: boolean }, label: string, every = 10_000): Progress => {
  if (stderr.isTTY !== true) return { tick: () => undefined, done: () => undefined }
  let count = 0
  let shown = 0
  return {
    tick(n = 1) {
      count += n
      if (count - shown >= every) {
        shown = count
        stderr.write(`\r${label}: ${count.toLocaleString('en-GB')}`)
      }
    },
    done() {
      stderr.write(`\r${label}: ${count.toLocaleString('en-GB')}\n`)
    },
  }
}
