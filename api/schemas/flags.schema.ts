/**
 * `GET /children/:childId/flags` answers, one schema per role that may call
 * it. fast-json-stringify writes only declared properties, so a field the
 * role may not see cannot reach it even if the code above forgot to drop it.
 */
import type { Role } from '../auth/roles'
import { ruleSetIdentitySchema, tierSchema } from './common.schema'

const evidenceProperties = {
  kind: { type: 'string' },
  source: { type: 'string' },
  sourceId: { type: 'string' },
  date: { type: 'string' },
  grading: { type: 'string' },
  handlingCode: { type: 'string' },
} as const

const evidence = (restricted: boolean) => ({
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: restricted ? { ...evidenceProperties, restricted: { type: 'boolean' } } : evidenceProperties,
})

const flagsDocument = (restricted: boolean) => ({
  type: 'object',
  additionalProperties: false,
  required: ['childId', 'asOf', 'ruleSet', 'score', 'tier', 'flags'],
  properties: {
    childId: { type: 'string' },
    asOf: { type: 'string' },
    ruleSet: ruleSetIdentitySchema,
    score: { type: 'integer' },
    tier: tierSchema,
    flags: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'category', 'weight', 'explanation', 'evidence'],
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          category: { type: 'string' },
          weight: { type: 'integer' },
          explanation: { type: 'string' },
          evidence: { type: 'array', items: evidence(restricted) },
          since: { type: 'string' },
        },
      },
    },
  },
})

export const FLAGS_SCHEMAS: Partial<Readonly<Record<Role, object>>> = {
  mash: { title: 'Flags (mash)', ...flagsDocument(false) },
  missing_pilot: { title: 'Flags (missing_pilot)', ...flagsDocument(true) },
  virtual_school: { title: 'Flags (virtual_school)', ...flagsDocument(true) },
}
