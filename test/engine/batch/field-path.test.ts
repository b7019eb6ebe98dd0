import t from 'tap'
import { displayKey, formatPath, WITHHELD_KEY } from '../../../engine/batch/field-path'

t.test('paths are dotted, with array indices in brackets', async (t) => {
  t.equal(formatPath(['subject', 'upn']), 'subject.upn')
  t.equal(formatPath(['returnInterview', 'offeredAt']), 'returnInterview.offeredAt')
  t.equal(formatPath([3, 'kind']), '[3].kind')
  t.equal(formatPath(['a', 0, 'b']), 'a[0].b')
  t.equal(formatPath([]), '(line)')
})

t.test('keys that do not look like field names are withheld', async (t) => {
  t.equal(displayKey('__proto__'), '__proto__')
  t.equal(displayKey('Jane Doe'), WITHHELD_KEY)
  t.equal(displayKey('x\n{"level":60}'), WITHHELD_KEY)
  t.equal(displayKey(''), WITHHELD_KEY)
  t.equal(displayKey('k'.repeat(65)), WITHHELD_KEY)
  t.equal(formatPath(['subject', 'Jane Doe']), `subject.${WITHHELD_KEY}`)
})
