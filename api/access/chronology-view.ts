/**
 * One child's chronology as a role may see it (SPEC §6): the child's current
 * facts as one dated list across agencies, newest first, each with its source
 * and id and the fields of its kind, picked by an allow-list.
 *
 * - Kinds outside the role's categories are left out (the Virtual School sees
 *   attendance, exclusions and education statuses only).
 * - Except for MASH, intelligence with handling code C is shown only as
 *   `{ kind: 'drug_intelligence', restricted: true }`, without date or source,
 *   and placed after the dated entries so its position does not date it.
 * - The subject (which may be an agency identifier) is never repeated: the
 *   child is the one in the URL. The `child` record itself is not an event.
 */
import type { Fact, FactKind, IsoDate, IsoDateTime } from '../../engine/facts/fact'
import type { RuleCategory } from '../../engine/evaluate/evaluation'
import type { ChildFacts } from '../../engine/linking/child-facts'
import { eventDate } from '../../engine/evaluate/event-date'
import type { RolePolicy } from './role-policy'
import { seesCategory } from './role-policy'

export const CATEGORY_OF_KIND: Readonly<Record<Exclude<FactKind, 'child'>, RuleCategory>> = {
  care_period: 'social_care',
  missing_episode: 'missing',
  attendance: 'education',
  exclusion: 'education',
  education_status: 'education',
  ace_indicator: 'social_care',
  assessment_factor: 'social_care',
  domestic_abuse_contact: 'domestic_abuse',
  drug_intelligence: 'police_intelligence',
  youth_justice_outcome: 'youth_justice',
}

/** The fields of each kind a chronology shows: everything but the envelope and the subject. */
export const DETAIL_FIELDS: Readonly<Record<Exclude<FactKind, 'child'>, readonly string[]>> = {
  care_period: ['start', 'end', 'legalStatus'],
  missing_episode: ['start', 'end', 'category', 'returnInterview'],
  attendance: [
    'schoolUrn',
    'periodStart',
    'periodEnd',
    'possibleSessions',
    'attendedSessions',
    'authorisedAbsences',
    'unauthorisedAbsences',
  ],
  exclusion: ['schoolUrn', 'type', 'start', 'sessions', 'reason'],
  education_status: ['status', 'start', 'end'],
  ace_indicator: ['category', 'identifiedOn'],
  assessment_factor: ['code', 'identifiedOn'],
  domestic_abuse_contact: ['occurredOn', 'channel', 'childRole', 'riskLevel'],
  drug_intelligence: ['reportedOn', 'category', 'grading', 'handlingCode'],
  youth_justice_outcome: ['occurredOn', 'outcome', 'offenceCategory'],
}

export interface ChronologyEntry {
  readonly date: IsoDate
  readonly kind: Exclude<FactKind, 'child'>
  readonly source: string
  readonly sourceId: string
  readonly recordedAt: IsoDateTime
  readonly details: Readonly<Record<string, unknown>>
}

export interface RestrictedEntry {
  readonly kind: 'drug_intelligence'
  readonly restricted: true
}

export interface ChronologyDocument {
  readonly childId: string
  readonly entries: readonly (ChronologyEntry | RestrictedEntry)[]
}

type EventFact = Exclude<Fact, { kind: 'child' }>

const pick = (fact: EventFact): Readonly<Record<string, unknown>> => {
  const record = fact as unknown as Readonly<Record<string, unknown>>
  return Object.fromEntries(DETAIL_FIELDS[fact.kind].flatMap((k) => (record[k] === undefined ? [] : [[k, record[k]]])))
}

const entryOf = (fact: EventFact): ChronologyEntry => ({
  date: eventDate(fact),
  kind: fact.kind,
  source: fact.source,
  sourceId: fact.sourceId,
  recordedAt: fact.recordedAt,
  details: pick(fact),
})

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** Newest first; ties in a fixed order so the same facts always give the same list. */
const newestFirst = (a: ChronologyEntry, b: ChronologyEntry): number =>
  cmp(b.date, a.date) || cmp(a.kind, b.kind) || cmp(a.source, b.source) || cmp(a.sourceId, b.sourceId)

export const chronologyFor = (policy: RolePolicy, child: ChildFacts): ChronologyDocument => {
  const events = child.facts.filter((f): f is EventFact => f.kind !== 'child')
  const visible = events.filter((f) => seesCategory(policy, CATEGORY_OF_KIND[f.kind]))
  const masked = (f: EventFact): boolean =>
    policy.restrictedIntelligence === 'masked' && f.kind === 'drug_intelligence' && f.handlingCode === 'C'
  const dated = visible.filter((f) => !masked(f)).map(entryOf).sort(newestFirst)
  const restricted: RestrictedEntry[] = visible.filter(masked).map(() => ({ kind: 'drug_intelligence', restricted: true }))
  return { childId: child.child.childId, entries: [...dated, ...restricted] }
}
