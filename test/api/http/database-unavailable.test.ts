/**
 * A database that cannot serve now is a 503 problem with `Retry-After`, never
 * a 500 (RELIABILITY R5, R6): pool timeouts, refused or dropped connections,
 * shutdowns, statement and lock timeouts. Errors that say the request or the
 * data is wrong stay 500, and no message reaches the client.
 */
import t from 'tap'
import { DATABASE_RETRY_AFTER_S } from '../../../api/http/error-handler'
import { isDatabaseUnavailable } from '../../../storage/database/database-unavailable'
import { bearer, buildTestApp } from '../helper'

const withCode = (code: string, message = 'whatever the driver says about Alice Example'): Error =>
  Object.assign(new Error(message), { code })

t.test('which errors mean "the database cannot serve now"', async (t) => {
  const unavailable = [
    new Error('timeout exceeded when trying to connect'),
    new Error('Connection terminated unexpectedly'),
    new Error('Connection terminated due to connection timeout'),
    new Error('Client has encountered a connection error and is not queryable'),
    withCode('ECONNREFUSED'),
    withCode('ECONNRESET'),
    withCode('08006'),
    withCode('08001'),
    withCode('57P01'),
    withCode('57P03'),
    withCode('53300'),
    withCode('57014'),
    withCode('55P03'),
  ]
  for (const error of unavailable) t.ok(isDatabaseUnavailable(error), `${(error as { code?: string }).code ?? error.message}`)
  const notSo = [
    withCode('23505'),
    withCode('22P02'),
    withCode('42P01'),
    new Error('stored rows do not decode'),
    // A coded error whose message happens to look like a driver's is judged by its code.
    withCode('23505', 'timeout exceeded when trying to connect'),
    'ECONNREFUSED',
    null,
  ]
  for (const error of notSo) t.notOk(isDatabaseUnavailable(error), String((error as { code?: string } | null)?.code ?? error))
})

t.test('a route whose database is away answers 503 problem+json with Retry-After, and nothing of the error', async (t) => {
  const { app, logs } = await buildTestApp({
    services: {
      childFacts: async () => {
        throw withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.9.8.7:5432')
      },
    },
  })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/children/C9100001/flags', headers: bearer('mash') })
  t.equal(res.statusCode, 503)
  t.equal(res.headers['retry-after'], String(DATABASE_RETRY_AFTER_S))
  t.match(res.headers['content-type'], /^application\/problem\+json/)
  t.match(res.json(), { type: 'https://early-warning.invalid/problems/service-unavailable', status: 503 })
  t.notOk(res.body.includes('10.9.8.7'))
  t.ok(logs.some((l) => l.includes('"code":"ECONNREFUSED"')), 'the code is logged')
  t.notOk(logs.some((l) => l.includes('10.9.8.7')), 'the message is not')
})

t.test('an error that is not the database being away stays a generic 500', async (t) => {
  const { app } = await buildTestApp({
    services: {
      childFacts: async () => {
        throw withCode('23505', 'duplicate key value violates unique constraint')
      },
    },
  })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/children/C9100001/flags', headers: bearer('mash') })
  t.equal(res.statusCode, 500)
  t.equal(res.headers['retry-after'], undefined)
})
