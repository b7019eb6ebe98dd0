import t from 'tap'
import * as t2 from 'io-ts'
import { fieldErrorsOf } from '../../../engine/batch/report-errors'

const Shape = t2.type({ subject: t2.type({ upn: t2.string }), sessions: t2.number })

const errorsOf = (u: unknown): ReturnType<typeof fieldErrorsOf> => {
  const r = Shape.decode(u)
  return r._tag === 'Left' ? fieldErrorsOf(r.left) : []
}

t.test('context keys become a dotted path; the codec name is what was expected', async (t) => {
  t.strictSame(errorsOf({ subject: { upn: 42 }, sessions: 'CANARY' }), [
    { path: 'subject.upn', expected: 'string' },
    { path: 'sessions', expected: 'number' },
  ])
})

t.test('a message, when given, is what was expected', async (t) => {
  const r = t2.string.validate(1, [{ key: '', type: t2.string, actual: 1 }])
  t.ok(r._tag === 'Left')
  if (r._tag === 'Left') {
    const withMessage = r.left.map((e) => ({ ...e, message: 'a name' }))
    t.strictSame(fieldErrorsOf(withMessage), [{ path: '(line)', expected: 'a name' }])
  }
})

t.test('the offending value never reaches the error', async (t) => {
  const errors = errorsOf({ subject: { upn: { secret: 'CANARY' } }, sessions: ['CANARY'] })
  t.notMatch(JSON.stringify(errors), /CANARY/)
})
