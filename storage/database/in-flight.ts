/**
 * A query sent now and awaited later, while other work is awaited first:
 * its failure is reported where it is awaited, not as an unhandled
 * rejection in the meantime (or never, if an earlier step fails first).
 */
export const inFlight = <A>(promise: Promise<A>): Promise<A> => {
  promise.catch(() => undefined)
  return promise
}
