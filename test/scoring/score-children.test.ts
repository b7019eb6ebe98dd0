import * as E from 'fp-ts/Either'
import t from 'tap'
import { compileRuleSet, evaluateChild } from '../../engine/evaluate'
import { toFlagsDocument } from '../../engine/evaluate/evaluation'
import { defaultRulesDir, loadRuleSet } from '../../rules-loader/load-rule-set'
import { scoreChildren } from '../../scoring/score-children'
import { loadStoredFlags } from '../../storage/flags/stored-flags'
import { openTestDatabase } from '../helpers/database'
import { REFERENCE_DATE, storeSmallCity } from './small-city'

const loaded = loadRuleSet(defaultRulesDir())
if (E.isLeft(loaded)) throw new Error('the shipped rule set does not load')
const compiled = compileRuleSet(loaded.right)

t.test('the children named are scored once each, as the file-based evaluation says; the others are not', async (t) => {
  const db = await openTestDatabase(t)
  const children = await storeSmallCity(db, 12)
  const chosen = children.filter((_, i) => i % 3 === 0)
  const ids = chosen.map((c) => c.child.childId)
  const scored = await scoreChildren(db, compiled, [...ids, ids[0] ?? '', 'C9999999'], {
    asOf: REFERENCE_DATE,
    evaluatedAt: '2026-11-24T07:00:00.000Z',
  })
  t.equal(scored, chosen.length, 'repeated and unknown ids add nothing')
  const stored = await loadStoredFlags(db, children.map((c) => c.child.childId))
  if (E.isLeft(stored)) throw new Error('stored flags do not decode')
  t.same([...stored.right.keys()].sort(), [...ids].sort(), 'only the children named have a stored document')
  for (const child of chosen) {
    const want = toFlagsDocument(evaluateChild(compiled, child, REFERENCE_DATE))
    const got = stored.right.get(child.child.childId)
    t.same(got === undefined ? undefined : { ...got, flags: got.flags.map(({ since: _since, ...f }) => f) }, want)
  }
  t.equal(await scoreChildren(db, compiled, [], { asOf: REFERENCE_DATE, evaluatedAt: '2026-11-24T08:00:00.000Z' }), 0)
})
