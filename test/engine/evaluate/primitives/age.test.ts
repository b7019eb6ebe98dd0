import t from 'tap'
import { evaluateCondition } from '../build'

t.test('age is whole years completed on D', async (t) => {
  const under18 = { age: { below: 18 } }
  const dob = { dateOfBirth: '2008-11-24' }
  t.equal(evaluateCondition(under18, [], '2026-11-23', [], dob).value, true, '17 the day before the 18th birthday')
  t.equal(evaluateCondition(under18, [], '2026-11-24', [], dob).value, false, '18 on the birthday')
  const r = evaluateCondition({ age: { atLeast: 10, below: 18 } }, [], '2026-11-24', [], { dateOfBirth: '2016-11-25' })
  if (r.tag !== 'age') return void t.fail('an age result')
  t.equal(r.age, 9)
  t.equal(r.value, false, 'not yet 10')
})
