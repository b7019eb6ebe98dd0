/**
 * A CPU profile of one pass of a function, through the inspector, summed by
 * function (self time): where our engine spends its time, printed with the
 * figures so that a missed target shows its cause.
 */
import { Session } from 'node:inspector'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
}

interface Profile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export interface ProfileLine {
  readonly share: number
  readonly where: string
}

const OUTSIDE_THE_WORK = new Set(['dispatch', '(idle)', '(program)'])

const post = <R>(session: Session, method: string, params?: object): Promise<R> =>
  new Promise((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as R))))

const placeOf = (node: ProfileNode): string => {
  const { functionName, url, lineNumber } = node.callFrame
  const file = url.replace(/^.*\/dist\//, '').replace(/^file:\/\//, '')
  return `${functionName || '(anonymous)'}${file === '' ? '' : ` ${file}:${lineNumber + 1}`}`
}

/** Runs `work` under the sampling profiler; the `top` places by self time, as shares of the samples. */
export const profileOf = async (work: () => unknown, top: number): Promise<readonly ProfileLine[]> => {
  const session = new Session()
  session.connect()
  try {
    await post(session, 'Profiler.enable')
    await post(session, 'Profiler.setSamplingInterval', { interval: 200 })
    await post(session, 'Profiler.start')
    work()
    const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop')
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]))
    const self = new Map<string, number>()
    let total = 0
    profile.samples.forEach((id, i) => {
      const node = byNode.get(id)
      const dt = profile.timeDeltas[i] ?? 0
      // The inspector's own frame (collecting the profile) and idle time are not the work's.
      if (node === undefined || OUTSIDE_THE_WORK.has(node.callFrame.functionName)) return
      total += dt
      const where = placeOf(node)
      self.set(where, (self.get(where) ?? 0) + dt)
    })
    return [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, t]) => ({ where, share: total === 0 ? 0 : t / total }))
  } finally {
    session.disconnect()
  }
}
