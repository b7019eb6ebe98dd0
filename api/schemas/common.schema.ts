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

/** A paging cursor: base64url, as every route gives them out. */
export const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$'

/** The audit log's bounds: a date, or a date-time with an offset. */
export const INSTANT_OR_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:\\d{2}))?$'

/** A cohort's name, as the manifest spells them. */
export const COHORT_NAME_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$'

/** A token's subject: printable ASCII, no spaces. */
export const SUBJECT_PATTERN = '^[\\x21-\\x7e]+$'

/**
 * What a value that fails a pattern should have been, in words, by the
 * pattern: Ajv would answer with the regular expression, which tells a
 * client nothing (../http/error-handler).
 */
export const PATTERN_WORDS: Readonly<Record<string, string>> = {
  [isoDateSchema.pattern]: 'a date YYYY-MM-DD',
  [childIdSchema.pattern]: 'a childId: no spaces, control or bidirectional characters',
  [CURSOR_PATTERN]: 'a cursor from a previous page',
  [INSTANT_OR_DATE_PATTERN]: 'a date YYYY-MM-DD or a date-time (RFC 3339)',
  [COHORT_NAME_PATTERN]: 'a cohort name: lower-case letters, digits and hyphens',
  [SUBJECT_PATTERN]: 'a subject: printable characters without spaces',
}
