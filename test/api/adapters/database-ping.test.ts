/**
 * The readiness ping on a connection of its own: it answers when the server
 * does, fails (bounded, never hanging, never crashing the process) when there
 * is no server, and connects again after a failure.
 */
import t from 'tap'
import { dedicatedPing } from '../../../api/adapters/database-ping'
import { answersWithin } from '../../../api/routes/health.routes'
import { testDatabaseUrl } from '../../helpers/database'

t.test('no server on the port: the ping fails within its bound, and keeps failing cleanly', async (t) => {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  const ping = dedicatedPing('postgres://nobody@127.0.0.1:1/none')
  t.teardown(() => ping.close())
  t.equal(await answersWithin(ping.ping, 2000), false)
  t.equal(await answersWithin(ping.ping, 2000), false, 'a second try makes a new connection and fails the same way')
})

t.test('a server that answers', { skip: testDatabaseUrl() === undefined ? 'needs DATABASE_URL (a PostgreSQL server)' : false }, async (t) => {
  const ping = dedicatedPing(testDatabaseUrl() ?? '')
  t.teardown(() => ping.close())
  t.equal(await answersWithin(ping.ping, 2000), true)
  t.equal(await answersWithin(ping.ping, 2000), true, 'on the same connection')
  await ping.close()
  await t.rejects(ping.ping(new AbortController().signal), 'closed: refuses')
})
