/**
 * The readiness ping on a connection of its own, outside the pool: the
 * health check must say whether the database answers, not whether the pool
 * has a free connection right now (under S1's load it rarely has, and a ping
 * queued behind 200 lookups would report a healthy database as down and shed
 * every request). One client, made on first use and made again after any
 * failure; every wait is bounded by the caller's signal and the client's own
 * timeouts. Its errors are listened for, so a dropped connection never ends
 * the process (RELIABILITY §3 item 1).
 */
import { Client } from 'pg'

export interface DatabasePing {
  readonly ping: (signal: AbortSignal) => Promise<void>
  readonly close: () => Promise<void>
}

const PING_TIMEOUT_MS = 500

export const dedicatedPing = (connectionString: string): DatabasePing => {
  let current: Promise<Client> | undefined
  let closed = false

  const drop = (client: Promise<Client>): void => {
    if (current === client) current = undefined
    void client.then((c) => c.end()).catch(() => undefined)
  }

  const connect = (): Promise<Client> => {
    const client = new Client({
      connectionString,
      connectionTimeoutMillis: PING_TIMEOUT_MS,
      statement_timeout: PING_TIMEOUT_MS,
      application_name: 'early-warning-ping',
      keepAlive: true,
    })
    const connected = client.connect().then(() => client)
    client.on('error', () => drop(connected))
    connected.catch(() => drop(connected))
    return connected
  }

  return {
    ping: async (signal) => {
      if (closed) throw new Error('the ping is closed')
      const client = (current ??= connect())
      const onAbort = (): void => drop(client)
      signal.addEventListener('abort', onAbort, { once: true })
      try {
        await (await client).query('SELECT 1')
      } catch (error) {
        drop(client)
        throw error
      } finally {
        signal.removeEventListener('abort', onAbort)
      }
    },
    close: async () => {
      closed = true
      const client = current
      current = undefined
      if (client !== undefined) await client.then((c) => c.end()).catch(() => undefined)
    },
  }
}
