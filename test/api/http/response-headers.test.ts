/** RELIABILITY §3 item 13: once the server is closing, answers say `Connection: close`. */
import t from 'tap'
import type { ChildFacts } from '../../../engine/linking/child-facts'
import { bearer, buildTestApp } from '../helper'

t.test('a request in flight when close begins finishes, and its answer says Connection: close', async (t) => {
  let release: (() => void) | undefined
  let started: (() => void) | undefined
  const inHandler = new Promise<void>((resolve) => {
    started = resolve
  })
  const { app } = await buildTestApp({
    services: {
      childFacts: async (): Promise<ChildFacts | undefined> => {
        started?.()
        await new Promise<void>((resolve) => {
          release = resolve
        })
        return undefined
      },
    },
  })
  const before = await app.inject({ method: 'GET', url: '/rules', headers: bearer('mash') })
  t.not(before.headers['connection'], 'close', 'not while open')
  const inFlight = app.inject({ method: 'GET', url: '/children/C1/flags', headers: bearer('mash') })
  await inHandler
  const closing = app.close()
  // Let the close sequence reach its preClose hooks before the handler answers.
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve))
  release?.()
  const res = await inFlight
  await closing
  t.equal(res.statusCode, 404, 'the in-flight request completed')
  t.equal(res.headers['connection'], 'close')
})
