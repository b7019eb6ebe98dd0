/**
 * An HTTP/1.1 request over a plain socket, for bodies the server may refuse
 * before reading them (413): fetch reports only the broken pipe, while what
 * the server said is already in the socket. Sends the head and the body,
 * reads whatever comes back until the server closes or answers completely,
 * and returns the status line's code (0 if none) and the time.
 */
import { connect } from 'node:net'

export interface RawAnswer {
  readonly status: number
  readonly ms: number
}

export const rawRequest = (
  port: number,
  head: { readonly method: string; readonly path: string; readonly headers: Readonly<Record<string, string>> },
  body: Buffer,
): Promise<RawAnswer> =>
  new Promise((resolve) => {
    const started = performance.now()
    let received = ''
    let settled = false
    const socket = connect(port, '127.0.0.1')
    const finish = (): void => {
      if (settled) return
      settled = true
      socket.destroy()
      const code = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]
      resolve({ status: code === undefined ? 0 : Number(code), ms: performance.now() - started })
    }
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1')
      // The whole answer is in once the body announced by Content-Length has arrived.
      const end = received.indexOf('\r\n\r\n')
      const length = /\r\ncontent-length: (\d+)/i.exec(received)?.[1]
      if (end >= 0 && length !== undefined && received.length - end - 4 >= Number(length)) finish()
    })
    socket.on('error', () => undefined)
    socket.on('close', finish)
    socket.on('connect', () => {
      const lines = [`${head.method} ${head.path} HTTP/1.1`, 'Host: 127.0.0.1', `Content-Length: ${body.length}`, 'Connection: close']
      for (const [name, value] of Object.entries(head.headers)) lines.push(`${name}: ${value}`)
      socket.write(`${lines.join('\r\n')}\r\n\r\n`)
      socket.write(body)
    })
  })
