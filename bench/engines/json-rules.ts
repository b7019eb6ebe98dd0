/**
 * (b) The compared rules written for json-rules-engine as its users write
 * them: conditions on facts, the facts being each child's aggregates
 * (./aggregates) passed to `engine.run`, the rules the composite refers to
 * shared with `setCondition`. A raised rule is an event whose type is the
 * flag id.
 */
import { Engine } from 'json-rules-engine'
import type { RuleProperties, TopLevelCondition } from 'json-rules-engine'
import type { Aggregates } from './aggregates'
import type { ComparedRule } from './subset'

type Fact = keyof Aggregates

const atLeast = (fact: Fact, value: number) => ({ fact, operator: 'greaterThanInclusive', value })

const CONDITIONS: Readonly<Record<ComparedRule, TopLevelCondition>> = {
  MISSING_RECENT: { all: [atLeast('missingIn30Days', 1)] },
  MISSING_REPEAT: { all: [atLeast('missingIn90Days', 3)] },
  ATTENDANCE_PERSISTENT: { all: [atLeast('possibleSessionsIn6Weeks', 20), atLeast('absencePercentIn6Weeks', 10)] },
  ATTENDANCE_SEVERE: { all: [atLeast('possibleSessionsIn6Weeks', 20), atLeast('absencePercentIn6Weeks', 50)] },
  DOMESTIC_ABUSE: { all: [atLeast('domesticAbuseIn12Months', 1)] },
  DOMESTIC_ABUSE_REPEAT: { any: [atLeast('domesticAbuseIn12Months', 2), atLeast('highRiskDomesticAbuseIn12Months', 1)] },
  DRUG_INTELLIGENCE: { all: [atLeast('drugIntelligenceIn6Months', 1)] },
  COUNTY_LINES: { all: [atLeast('countyLinesIn6Months', 1)] },
  EXPLOITATION_FACTOR: { all: [atLeast('exploitationFactorsIn12Months', 1)] },
  PERMANENT_EXCLUSION: { all: [atLeast('permanentExclusionsIn12Months', 1)] },
  SUSPENSIONS: { any: [atLeast('suspensionsThisYear', 2), atLeast('suspendedSessionsThisYear', 10)] },
  ACE_FOUR_PLUS: { all: [atLeast('aceCategories', 4)] },
  EXPLOITATION_CONCERN: {
    all: [
      { any: [{ condition: 'MISSING_RECENT' }, { condition: 'MISSING_REPEAT' }] },
      {
        any: [
          { condition: 'DRUG_INTELLIGENCE' },
          { condition: 'EXPLOITATION_FACTOR' },
          { condition: 'SUSPENSIONS' },
          { condition: 'PERMANENT_EXCLUSION' },
        ],
      },
    ],
  },
}

const SHARED: readonly ComparedRule[] = ['MISSING_RECENT', 'MISSING_REPEAT', 'DRUG_INTELLIGENCE', 'EXPLOITATION_FACTOR', 'SUSPENSIONS', 'PERMANENT_EXCLUSION']

export const jsonRulesEngine = (): Engine => {
  const rules: RuleProperties[] = Object.entries(CONDITIONS).map(([id, conditions]) => ({ name: id, conditions, event: { type: id } }))
  const engine = new Engine(rules, { allowUndefinedFacts: false })
  for (const id of SHARED) engine.setCondition(id, CONDITIONS[id])
  return engine
}

export const jsonRulesFlags = async (engine: Engine, aggregates: Aggregates): Promise<string[]> => {
  // The aggregates are the facts as they are: no copy.
  const { events } = await engine.run(aggregates as unknown as Record<string, unknown>)
  return events.map((e) => e.type)
}
