/** Shapes shared by several routes' schemas. */
import { hasForbiddenCharacter } from '../../engine/facts/codecs/text'

/** `YYYY-MM-DD`; whether the day exists is checked by the handler (engine/time/calendar). */
export const isoDateSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 } as const

/**
 * A childId as the fact codecs accept it: 1 to 64 characters, no white space,
 * controls, bidirectional controls or lone surrogates.
 */
export const childIdSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  pattern: '^[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069\\ud800-\\udfff]+$',
} as const

export const isChildId = (s: string): boolean => s.length > 0 && s.length <= 64 && !/\s/.test(s) && !hasForbiddenCharacter(s)

export const childParams = {
  type: 'object',
  additionalProperties: false,
  required: ['childId'],
  properties: { childId: childIdSchema },
} as const

export const ruleSetIdentitySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'hash'],
  properties: { id: { type: 'string' }, version: { type: 'string' }, hash: { type: 'string' } },
} as const

export const tierSchema = { type: 'string', enum: ['high', 'medium', 'low', 'none'] } as const
