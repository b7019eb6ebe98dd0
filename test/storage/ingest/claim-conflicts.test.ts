import t from 'tap'
import { findClaimConflicts, type Claim } from '../../../storage/ingest/claim-conflicts'

const claim = (o: Partial<Claim> & Pick<Claim, 'type' | 'value' | 'childId'>): Claim => ({
  record: { source: 'sc', sourceId: `R-${o.childId}` },
  line: undefined,
  ...o,
})

t.test('no clash when every value has one owner', async (t) => {
  const incoming = [
    claim({ type: 'childId', value: 'C1', childId: 'C1', line: 1 }),
    claim({ type: 'upn', value: 'U1', childId: 'C1', line: 1 }),
  ]
  const stored = [claim({ type: 'childId', value: 'C2', childId: 'C2' })]
  t.same(findClaimConflicts(incoming, stored), [])
})

t.test('the stored owner is the first claimant; each later line is named against it', async (t) => {
  const stored = [claim({ type: 'upn', value: 'U1', childId: 'C1' })]
  const incoming = [
    claim({ type: 'upn', value: 'U1', childId: 'C3', line: 9, record: { source: 'ed', sourceId: 'E3' } }),
    claim({ type: 'upn', value: 'U1', childId: 'C2', line: 4, record: { source: 'ed', sourceId: 'E2' } }),
  ]
  const conflicts = findClaimConflicts(incoming, stored)
  t.same(
    conflicts.map((c) => [c.line, c.sourceId, c.conflictingSourceId, c.conflictingLine]),
    [
      [4, 'E2', 'R-C1', undefined],
      [9, 'E3', 'R-C1', undefined],
    ],
  )
})

t.test('inside a batch the earliest line is the first claimant', async (t) => {
  const incoming = [
    claim({ type: 'childId', value: 'C1', childId: 'C1', line: 7, record: { source: 'ed', sourceId: 'E1' } }),
    claim({ type: 'childId', value: 'C1', childId: 'C1', line: 2, record: { source: 'sc', sourceId: 'S1' } }),
  ]
  const [conflict, ...rest] = findClaimConflicts(incoming, [])
  t.same(rest, [])
  t.match(conflict, { line: 7, identifierType: 'childId', sourceId: 'E1', conflictingSourceId: 'S1', conflictingLine: 2 })
})

t.test('the message names both records but not the identifier value', async (t) => {
  const [conflict] = findClaimConflicts(
    [claim({ type: 'nhsNumber', value: '9434765919', childId: 'C2', line: 3, record: { source: 'health', sourceId: 'H2' } })],
    [claim({ type: 'nhsNumber', value: '9434765919', childId: 'C1', record: { source: 'sc', sourceId: 'S1' } })],
  )
  t.match(conflict?.message, /line 3: .*\(health, H2\).*nhsNumber.*\(sc, S1\)/)
  t.notMatch(conflict?.message, /9434765919/)
})

t.test('a claim stored by an earlier chunk of the batch is first only if its line is earlier', async (t) => {
  const earlierChunk = claim({ type: 'upn', value: 'U1', childId: 'C2', storedLine: 40, record: { source: 'ed', sourceId: 'E2' } })
  const waitedFromLine3 = claim({ type: 'upn', value: 'U1', childId: 'C1', line: 3, record: { source: 'sc', sourceId: 'S1' } })
  t.match(findClaimConflicts([waitedFromLine3], [earlierChunk]), [
    { line: 40, sourceId: 'E2', conflictingSourceId: 'S1', conflictingLine: 3 },
  ], 'the later line is the one in the wrong, as if the batch were one chunk')
  const fromLine50 = { ...waitedFromLine3, line: 50 }
  t.match(findClaimConflicts([fromLine50], [earlierChunk]), [{ line: 50, sourceId: 'S1', conflictingSourceId: 'E2', conflictingLine: 40 }])
})

t.test('a claim stored before the batch stays first whatever the lines', async (t) => {
  const before = claim({ type: 'upn', value: 'U1', childId: 'C9', record: { source: 'sc', sourceId: 'S9' } })
  const batchStored = claim({ type: 'upn', value: 'U1', childId: 'C2', storedLine: 40, record: { source: 'ed', sourceId: 'E2' } })
  const incoming = claim({ type: 'upn', value: 'U1', childId: 'C1', line: 3, record: { source: 'sc', sourceId: 'S1' } })
  t.match(findClaimConflicts([incoming], [before, batchStored]), [
    { line: 3, sourceId: 'S1', conflictingSourceId: 'S9', conflictingLine: undefined },
    { line: 40, sourceId: 'E2', conflictingSourceId: 'S9', conflictingLine: undefined },
  ])
})
