/** `GET /children/:childId/chronology` answers, one schema per role that may call it. */
import type { Role } from '../auth/roles'
import type { FactKind } from '../../engine/facts/fact'
import { DETAIL_FIELDS, CATEGORY_OF_KIND } from '../access/chronology-view'
import { ROLE_POLICIES, seesCategory } from '../access/role-policy'

const dateOrNull = { type: ['string', 'null'] } as const

const FIELD_SCHEMAS: Readonly<Record<string, object>> = {
  start: { type: 'string' },
  end: dateOrNull,
  legalStatus: { type: 'string' },
  category: { type: 'string' },
  returnInterview: {
    type: 'object',
    additionalProperties: false,
    properties: { offeredAt: dateOrNull, completedAt: dateOrNull, declinedAt: dateOrNull },
  },
  schoolUrn: { type: 'string' },
  periodStart: { type: 'string' },
  periodEnd: { type: 'string' },
  possibleSessions: { type: 'integer' },
  attendedSessions: { type: 'integer' },
  authorisedAbsences: { type: 'integer' },
  unauthorisedAbsences: { type: 'integer' },
  type: { type: 'string' },
  sessions: { type: 'integer' },
  reason: { type: 'string' },
  status: { type: 'string' },
  identifiedOn: { type: 'string' },
  code: { type: 'string' },
  occurredOn: { type: 'string' },
  channel: { type: 'string' },
  childRole: { type: 'string' },
  riskLevel: { type: 'string' },
  reportedOn: { type: 'string' },
  grading: { type: 'string' },
  handlingCode: { type: 'string' },
  outcome: { type: 'string' },
  offenceCategory: { type: 'string' },
}

const kindsFor = (role: Role): readonly Exclude<FactKind, 'child'>[] =>
  (Object.keys(CATEGORY_OF_KIND) as Exclude<FactKind, 'child'>[]).filter((k) =>
    seesCategory(ROLE_POLICIES[role], CATEGORY_OF_KIND[k]),
  )

const chronologyDocument = (role: Role) => {
  const kinds = kindsFor(role)
  const fields = [...new Set(kinds.flatMap((k) => DETAIL_FIELDS[k]))]
  const restricted = ROLE_POLICIES[role].restrictedIntelligence === 'masked'
  return {
    title: `Chronology (${role})`,
    type: 'object',
    additionalProperties: false,
    required: ['childId', 'entries'],
    properties: {
      childId: { type: 'string' },
      entries: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['kind'],
          properties: {
            date: { type: 'string' },
            kind: { type: 'string', enum: kinds },
            source: { type: 'string' },
            sourceId: { type: 'string' },
            recordedAt: { type: 'string' },
            details: {
              type: 'object',
              additionalProperties: false,
              properties: Object.fromEntries(fields.map((f) => [f, FIELD_SCHEMAS[f] ?? { type: 'string' }])),
            },
            ...(restricted ? { restricted: { type: 'boolean' } } : {}),
          },
        },
      },
    },
  }
}

export const CHRONOLOGY_SCHEMAS: Partial<Readonly<Record<Role, object>>> = {
  mash: chronologyDocument('mash'),
  missing_pilot: chronologyDocument('missing_pilot'),
  virtual_school: chronologyDocument('virtual_school'),
}
