/** `/health`, `/ready` and `/docs` need no token and say nothing about children. */
import t from 'tap'
import { spawn } from 'node:child_process'
import { connect } from 'node:net'
import { once } from 'node:events'
import { answersWithin } from '../../../api/routes/health.routes'
import { buildTestApp } from '../helper'

t.test('/health answers without a token', async (t) => {
  const { app } = await buildTestApp({ services: { ping: async () => Promise.reject(new Error('database down')) } })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/health' })
  t.equal(res.statusCode, 200, 'alive even when the database is not')
  t.same(res.json(), { status: 'ok' })
})

t.test('/ready is 200 when the database answers', async (t) => {
  const { app } = await buildTestApp({ services: { ping: async () => undefined } })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/ready' })
  t.equal(res.statusCode, 200)
  t.same(res.json(), { status: 'ready' })
})

t.test('/ready is a 503 problem when the database fails or does not answer within 500 ms', async (t) => {
  const failing = await buildTestApp({ services: { ping: async () => Promise.reject(new Error('connection refused 10.0.0.1')) } })
  t.teardown(() => failing.app.close())
  const refused = await failing.app.inject({ method: 'GET', url: '/ready' })
  t.equal(refused.statusCode, 503)
  t.match(refused.json(), { type: 'https://early-warning.invalid/problems/service-unavailable' })
  t.notOk(refused.body.includes('10.0.0.1'))

  let aborted = false
  const hanging = await buildTestApp({
    services: {
      ping: (signal) =>
        new Promise<void>((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true
            reject(new Error('aborted'))
          })
        }),
    },
  })
  t.teardown(() => hanging.app.close())
  const slow = await hanging.app.inject({ method: 'GET', url: '/ready' })
  t.equal(slow.statusCode, 503)
  t.ok(aborted, 'the ping is told to stop')
})

t.test('/docs is the OpenAPI description of every route', async (t) => {
  const { app } = await buildTestApp()
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/docs' })
  t.equal(res.statusCode, 200)
  const doc = res.json() as { openapi: string; paths: Record<string, unknown> }
  t.match(doc.openapi, /^3\./)
  const paths = ['/health', '/ready', '/rules', '/facts', '/children', '/children/{childId}/flags', '/children/{childId}/chronology', '/cohorts/{name}', '/audit', '/unmatched']
  for (const path of paths) t.ok(doc.paths[path], `${path} is described`)
  t.notOk(doc.paths['/docs'], '/docs itself is hidden')
})

t.test('a reply that came while this process was busy counts as an answer (S4, R6)', async (t) => {
  // An echo server in another process, as the database is: its reply waits in our socket while we stall.
  const echo = spawn(process.execPath, ['-e', "require('net').createServer((s) => s.on('data', (d) => s.write(d))).listen(0, '127.0.0.1', function () { console.log(this.address().port) })"])
  t.teardown(() => void echo.kill())
  const [port] = (await once(echo.stdout, 'data')) as [Buffer]
  const socket = connect(Number(port.toString().trim()), '127.0.0.1')
  t.teardown(() => void socket.destroy())
  await once(socket, 'connect')
  const ping = (): Promise<void> =>
    new Promise((resolve) => {
      socket.once('data', () => resolve())
      socket.write('1')
    })
  const answered = answersWithin(ping, 100)
  const until = Date.now() + 300
  while (Date.now() < until); // this process stalls past the timeout
  t.equal(await answered, true, 'our own stall is not a database that does not answer')
  t.equal(await answersWithin(() => new Promise<void>(() => undefined), 50), false, 'a ping that never answers still times out')
})
