/**
 * CPU seconds spent by the PostgreSQL server processes serving one database,
 * read from /proc: so a bench can say whether a phase waited on the server
 * or on Node. Only when the server runs on this machine (Linux) and its
 * processes are readable; otherwise `undefined`, and the bench prints a dash.
 *
 * A connection's CPU is counted from the first time it is seen; its last
 * reading is kept after it closes, so a pool that lets idle connections go
 * loses nothing that was sampled.
 */
import { readFileSync } from 'node:fs'
import type { Client } from 'pg'

/** utime + stime of a process, in seconds; `undefined` when it is gone or unreadable. */
const cpuOf = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command (which may hold spaces) start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

const isLocalPostgres = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres'
  } catch {
    return false
  }
}

export interface ServerCpu {
  /** Reads every known process now; call it often (a timer). */
  readonly sample: () => void
  /** Looks for new connections to the database (one query). */
  readonly refresh: () => Promise<void>
  /** CPU seconds of every connection seen so far. */
  readonly total: () => number
}

/** `undefined` when the server's processes cannot be read from here. */
export const watchServerCpu = async (client: Client, database: string): Promise<ServerCpu | undefined> => {
  const own = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
  const ownPid = own.rows[0]?.pid
  if (ownPid === undefined || !isLocalPostgres(ownPid)) return undefined
  const last = new Map<number, number>()
  const sample = (): void => {
    for (const pid of last.keys()) {
      const cpu = cpuOf(pid)
      if (cpu !== undefined) last.set(pid, cpu)
    }
  }
  const refresh = async (): Promise<void> => {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database])
    for (const { pid } of rows) if (!last.has(pid)) last.set(pid, cpuOf(pid) ?? 0)
    sample()
  }
  await refresh()
  return { sample, refresh, total: () => [...last.values()].reduce((a, b) => a + b, 0) }
}
