import t from 'tap'
import { ACE_CATEGORIES } from '../../../../engine/facts/fact'
import { decoded, EXAMPLES, pathsOf, withFields } from './examples'

const ace = EXAMPLES.ace_indicator

t.test('a valid ACE indicator decodes, for each of the ten categories', async (t) => {
  t.strictSame(decoded(ace), ace)
  for (const category of ACE_CATEGORIES) t.strictSame(pathsOf(withFields(ace, { category })), [], category)
})

t.test('invalid fields are reported at their paths, all of them', async (t) => {
  t.strictSame(pathsOf(withFields(ace, { category: 'neglect' })), ['category'])
  t.strictSame(pathsOf(withFields(ace, { identifiedOn: '2024-03-02' })), ['identifiedOn'])
  t.strictSame(pathsOf(withFields(ace, { category: 'neglect', identifiedOn: '15/01/2024', score: 3 })), ['category', 'identifiedOn', 'score'])
})
