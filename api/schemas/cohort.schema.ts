/** `GET /cohorts/:name` JSON answers, one schema per role that may call it. */
import { COHORT_COLUMN_NAMES } from '../../engine/cohorts/column-names'
import type { Role } from '../auth/roles'
import { ROLE_POLICIES } from '../access/role-policy'
import { tierSchema } from './common.schema'

const cell = { type: ['string', 'number', 'boolean', 'null'] } as const
const ids = { type: 'array', items: { type: 'string' } } as const

const cohortDocument = (role: Role) => {
  const identity = ROLE_POLICIES[role].identity
  const who =
    identity === 'pseudonym'
      ? { pseudonym: { type: 'string' } }
      : identity === 'names'
        ? { childId: { type: 'string' }, givenName: { type: 'string' }, familyName: { type: 'string' } }
        : { childId: { type: 'string' } }
  const key = identity === 'pseudonym' ? 'pseudonym' : 'childId'
  return {
    title: `Cohort (${role})`,
    type: 'object',
    additionalProperties: false,
    required: ['cohort', 'asOf', 'rows', 'nextCursor'],
    properties: {
      cohort: { type: 'string' },
      asOf: { type: 'string' },
      rows: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: [key, 'age', 'sex', 'locality', 'score', 'tier', 'flags'],
          properties: {
            ...who,
            age: { type: 'integer' },
            sex: { type: 'string' },
            locality: { type: 'string' },
            score: { type: 'integer' },
            tier: tierSchema,
            flags: ids,
            ...Object.fromEntries(COHORT_COLUMN_NAMES.map((c) => [c, cell])),
          },
        },
      },
      nextCursor: { type: ['string', 'null'] },
      changes: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: [key, 'change', 'raised', 'cleared'],
          properties: {
            [key]: { type: 'string' },
            change: { type: 'string', enum: ['entered', 'left', 'flags_changed'] },
            raised: ids,
            cleared: ids,
          },
        },
      },
    },
  }
}

export const COHORT_SCHEMAS: Partial<Readonly<Record<Role, object>>> = {
  mash: cohortDocument('mash'),
  missing_pilot: cohortDocument('missing_pilot'),
  virtual_school: cohortDocument('virtual_school'),
  yot_analyst: cohortDocument('yot_analyst'),
}
