/**
 * The server's accepted TCP connections on a port, from the kernel (`ss`):
 * how many there are, and how many hold request bytes the server has not
 * read yet (Recv-Q > 0). Lets a script know that requests it sent are in the
 * server's hands (parsed, in flight), not only in a socket buffer.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface SocketQueues {
  readonly sockets: number
  readonly unread: number
}

export const socketQueues = async (port: number): Promise<SocketQueues> => {
  const { stdout } = await run('ss', ['-tnH', 'state', 'established'])
  let sockets = 0
  let unread = 0
  for (const line of stdout.split('\n')) {
    const [recvQ, , local] = line.trim().split(/\s+/)
    if (local === undefined || !local.endsWith(`:${port}`)) continue
    sockets += 1
    if (Number(recvQ) > 0) unread += 1
  }
  return { sockets, unread }
}
