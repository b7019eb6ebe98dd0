/** RELIABILITY §3 item 3: what of an error may reach a log. */
import t from 'tap'
import { serializeError } from '../../../api/logging/err-serializer'

t.test('a database error keeps its SQLSTATE, constraint and table only', async (t) => {
  const err = Object.assign(new Error('invalid input syntax for type integer: "Alice Example"'), {
    name: 'DatabaseError', code: '22P02', severity: 'ERROR', detail: 'Key (upn)=(X) exists', where: 'w', constraint: 'child_pkey', table: 'child',
  })
  t.same(serializeError(err), { type: 'Error', code: '22P02', constraint: 'child_pkey', table: 'child' })
})

t.test('other errors keep their type, code, status and stack frames, never the message', async (t) => {
  const err = Object.assign(new RangeError('not a valid date-time: 2011-07-23 Thorncraike'), { code: 'ERR_X', statusCode: 500 })
  const out = serializeError(err)
  t.match(out, { type: 'RangeError', code: 'ERR_X', statusCode: 500 })
  t.notOk(JSON.stringify(out).includes('Thorncraike'))
  t.match(out.stack, /^\s+at /)
})

t.test('codes that are not codes, and non-errors, are dropped', async (t) => {
  t.same(serializeError(Object.assign(new Error('x'), { code: 'Alice Example', stack: undefined })), { type: 'Error' })
  t.same(serializeError('a string with a name'), { type: 'string' })
  t.same(serializeError(null), { type: 'object' })
})
