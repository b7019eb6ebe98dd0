/**
 * Things a bench or fault script must undo however it ends (a database to
 * drop, a server to stop, a private PostgreSQL cluster to remove): registered
 * as they are made, run once, newest first, at the end, on failure and on
 * Ctrl-C.
 */
type Undo = () => Promise<void> | void

const undos: { readonly label: string; readonly undo: Undo }[] = []
let running: Promise<void> | undefined

/** Registers an undo; the returned function runs it now (and unregisters it). */
export const onCleanup = (label: string, undo: Undo): (() => Promise<void>) => {
  const entry = { label, undo }
  undos.push(entry)
  return async () => {
    const at = undos.indexOf(entry)
    if (at < 0) return
    undos.splice(at, 1)
    await entry.undo()
  }
}

/** Runs every registered undo, newest first; a failing one is reported and the rest still run. */
export const cleanUp = (): Promise<void> =>
  (running ??= (async () => {
    while (undos.length > 0) {
      const entry = undos.pop()
      if (entry === undefined) break
      try {
        await entry.undo()
      } catch (error) {
        process.stderr.write(`cleanup: ${entry.label} failed (${(error as { code?: string }).code ?? 'no code'}); undo it by hand\n`)
      }
    }
  })())

const interrupted = (signal: NodeJS.Signals): void => {
  process.stderr.write(`\n${signal}: cleaning up\n`)
  void cleanUp().finally(() => process.exit(130))
}

/**
 * Runs a script's main: cleans up at the end whatever happens, and exits 1 on
 * an error or when `main` resolves false (an invariant failed).
 */
export const runScript = (name: string, main: () => Promise<boolean>): void => {
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  main()
    .then(
      (passed) => cleanUp().then(() => passed),
      async (error: unknown) => {
        process.stderr.write(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
        await cleanUp()
        return false
      },
    )
    .then((passed) => {
      if (!passed) process.stderr.write(`${name}: FAILED\n`)
      process.exit(passed ? 0 : 1)
    })
}
