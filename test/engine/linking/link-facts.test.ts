import t from 'tap'
import * as E from 'fp-ts/Either'
import type { ChildRecord, Fact } from '../../../engine/facts/fact'
import { linkFacts } from '../../../engine/linking/link-facts'

const child = (childId: string, sourceId: string, extra: Partial<ChildRecord> = {}): ChildRecord => ({
  kind: 'child',
  source: 'social_care',
  sourceId,
  subject: { childId },
  recordedAt: '2026-01-01T09:00:00Z',
  childId,
  dateOfBirth: '2012-03-04',
  sex: 'F',
  locality: 'North',
  ...extra,
})

const contact = (sourceId: string, subject: Fact['subject']): Fact => ({
  kind: 'domestic_abuse_contact',
  source: 'police',
  sourceId,
  subject,
  recordedAt: '2026-02-01T09:00:00Z',
  occurredOn: '2026-01-30',
  channel: 'police_incident',
  childRole: 'witness',
})

t.test('facts link by childId or by an agency identifier on the current child record', async (t) => {
  const linked = linkFacts([
    contact('DA-2', { upn: 'A801200001001' }),
    child('C2', 'CR-2', { upn: 'A801200001001' }),
    child('C1', 'CR-1'),
    contact('DA-1', { childId: 'C1' }),
  ])
  t.ok(E.isRight(linked), 'links without conflict')
  if (E.isLeft(linked)) return
  t.same(
    linked.right.children.map((c) => [c.child.childId, c.facts.map((f) => f.sourceId)]),
    [
      ['C1', ['DA-1']],
      ['C2', ['DA-2']],
    ],
    'each child gets its facts, children in childId order',
  )
  t.equal(linked.right.unmatched.length, 0, 'nothing is left unmatched')
})

t.test('a fact no child identifies is kept as unmatched, not dropped', async (t) => {
  const linked = linkFacts([child('C1', 'CR-1'), contact('DA-9', { nhsNumber: '9990000018' }), contact('DA-8', { childId: 'C404' })])
  if (E.isLeft(linked)) return t.fail('unexpected conflict')
  t.same(
    linked.right.unmatched.map((f) => f.sourceId),
    ['DA-9', 'DA-8'],
    'both facts wait as unmatched',
  )
  t.same(linked.right.children[0]?.facts, [], 'the known child has none of them')
})

t.test('children are ordered by code unit, not locale', async (t) => {
  const linked = linkFacts([child('c1', 'a'), child('C2', 'b'), child('B9', 'c')])
  if (E.isLeft(linked)) return t.fail('unexpected conflict')
  t.same(
    linked.right.children.map((c) => c.child.childId),
    ['B9', 'C2', 'c1'],
    'upper case sorts before lower case',
  )
})

t.test('two records claiming one childId is a conflict naming both records', async (t) => {
  const linked = linkFacts([child('C1', 'CR-2'), child('C1', 'CR-1')])
  t.ok(E.isLeft(linked), 'refused')
  if (E.isRight(linked)) return
  t.same(linked.left, [
    {
      _tag: 'LinkConflict',
      identifierType: 'childId',
      record: { source: 'social_care', sourceId: 'CR-2' },
      conflictingRecord: { source: 'social_care', sourceId: 'CR-1' },
      conflictingChildId: 'C1',
    },
  ])
})

t.test('two children claiming one identifier is a conflict naming both', async (t) => {
  const linked = linkFacts([child('C1', 'CR-1', { policeId: 'PN42' }), child('C2', 'CR-2', { policeId: 'PN42' })])
  if (E.isRight(linked)) return t.fail('should be refused')
  t.equal(linked.left.length, 1, 'one conflict')
  t.match(linked.left[0], {
    identifierType: 'policeId',
    record: { sourceId: 'CR-2' },
    conflictingRecord: { sourceId: 'CR-1' },
    conflictingChildId: 'C1',
  })
})
