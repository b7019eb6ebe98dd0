import t from 'tap'
import { asOfFrame } from '../../../engine/evaluate/as-of-frame'
import { listFactsOf } from '../../../engine/evaluate/fact-lists'
import { attendance, daContact, missing } from './build'

const frame = asOfFrame('2026-11-24')
const facts = [
  attendance('ATT-1', '2026-11-20', 40, 30),
  daContact('DA-1', '2026-10-03'),
  missing('ME-1', '2026-07-10T23:30:00Z', null),
  attendance('ATT-2', '2026-11-25', 10, 10),
  daContact('DA-2', '2026-11-24'),
  attendance('ATT-3', '2026-10-01', 20, 20),
  missing('ME-2', '2026-11-24T23:30:00Z', null),
  missing('ME-3', '2026-11-25T00:30:00Z', null),
]

t.test('one kind only, in the order the facts came, each with its event date', async (t) => {
  const listed = listFactsOf(facts, 'attendance', frame)
  t.same(
    listed.map((h) => [h.fact.sourceId, h.date]),
    [
      ['ATT-1', '2026-11-20'],
      ['ATT-3', '2026-10-01'],
    ],
    'ATT-2 ends after D and is left out',
  )
  t.same(
    listFactsOf(facts, 'domestic_abuse_contact', frame).map((h) => h.fact.sourceId),
    ['DA-1', 'DA-2'],
    'a fact dated D itself is in',
  )
  t.same(listFactsOf(facts, 'exclusion', frame), [], 'a kind the child has none of')
})

t.test("a missing episode is listed by its start's London date", async (t) => {
  t.same(
    listFactsOf(facts, 'missing_episode', frame).map((h) => [h.fact.sourceId, h.date]),
    [
      ['ME-1', '2026-07-11'],
      ['ME-2', '2026-11-24'],
    ],
    'ME-1 starts 00:30 BST on the 11th; ME-2 at 23:30 GMT on D is in; ME-3 starts after D',
  )
})
