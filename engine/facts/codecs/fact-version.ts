/**
 * One fact line, decoded (SPEC §2): the envelope, then the fields of its kind,
 * then the checks across fields. Every error of the line is collected.
 *
 * - A withdrawal (`"withdrawn": true`) needs only the envelope; any other
 *   field it carries is still checked, and cross-field checks run when both
 *   sides are present.
 * - `"withdrawn": false` is an ordinary fact and decodes without the
 *   `withdrawn` key, so it equals (and has the canonical JSON of) the same
 *   line without it.
 * - The decoded object is built afresh from known fields only, so it never
 *   shares the input's prototype or carries a key the input smuggled in.
 */
import * as t from 'io-ts'
import { canonicalJson } from '../../versions/canonical-json'
import { londonDate, parseInstant } from '../../time/london'
import { FACT_KINDS, type FactKind, type FactVersion, type Subject as SubjectType } from '../fact'
import { hasOwn, isJsonObject } from './codec'
import { Flag } from './count'
import { IsoDateTime } from './dates'
import { decodeFields, isPresent, optional, required, unknownKeyErrors, type FieldSpecs } from './fields'
import type { CheckContext } from './kind-spec'
import { KIND_SPECS } from './kinds'
import { oneOf } from './one-of'
import { validationErrorOf } from './problems'
import { Subject } from './subject'
import { text } from './text'

const ENVELOPE: FieldSpecs = {
  kind: required(oneOf(FACT_KINDS)),
  source: required(text({ what: 'a source system name', maxLength: 64, spaces: false, nfc: false })),
  sourceId: required(text({ what: 'a source record id', maxLength: 64, spaces: false, nfc: false })),
  subject: required(Subject),
  recordedAt: required(IsoDateTime),
  withdrawn: optional(Flag),
}

const contextOf = (
  u: Readonly<Record<string, unknown>>,
  envelope: Readonly<Record<string, unknown>>,
  withdrawn: boolean,
): CheckContext => {
  const recordedAt = envelope['recordedAt'] as string | undefined
  // Decoded, so valid: parsed once here for both.
  const instant = recordedAt === undefined ? undefined : parseInstant(recordedAt)
  return {
    recordedAt: instant,
    recordedDate: instant === undefined ? undefined : londonDate(instant),
    subject: envelope['subject'] as SubjectType | undefined,
    withdrawn,
    sent: (key) => isPresent(u, key),
  }
}

const validate = (u: unknown, c: t.Context): t.Validation<FactVersion> => {
  if (!isJsonObject(u)) return t.failure(u, c, 'a JSON object (one fact)')
  const envelope = decodeFields(u, c, ENVELOPE, false)
  const kind = envelope.values['kind'] as FactKind | undefined
  // Without a kind there is no telling which other keys belong: report the envelope only.
  if (kind === undefined) return t.failures(envelope.errors)
  const withdrawn = envelope.values['withdrawn'] === true
  const spec = KIND_SPECS[kind]
  const fields = decodeFields(u, c, spec.fields, withdrawn)
  const isKnown = (key: string): boolean => hasOwn(ENVELOPE, key) || hasOwn(spec.fields, key)
  const problems = spec.checks(fields.values, contextOf(u, envelope.values, withdrawn))
  const unknown = unknownKeyErrors(u, c, isKnown)
  if (envelope.errors.length + fields.errors.length + unknown.length + problems.length > 0) {
    return t.failures([...envelope.errors, ...fields.errors, ...unknown, ...problems.map(validationErrorOf(c))])
  }
  // Every envelope field and every present kind field decoded: this is a FactVersion of `kind`.
  // Built by assignment in the order envelope, `withdrawn`, kind fields (object spread is several times slower per line).
  const fact: Record<string, unknown> = {}
  for (const key in envelope.values) if (key !== 'withdrawn') fact[key] = envelope.values[key]
  if (withdrawn) fact['withdrawn'] = true
  for (const key in fields.values) fact[key] = fields.values[key]
  return t.success(fact as unknown as FactVersion)
}

export const FactVersionCodec: t.Type<FactVersion, FactVersion, unknown> = new t.Type<FactVersion, FactVersion, unknown>(
  'a fact (SPEC §2)',
  // A value "is" a FactVersion when decoding it changes nothing.
  (u): u is FactVersion => {
    const r = validate(u, [])
    return r._tag === 'Right' && canonicalJson(r.right) === canonicalJson(u)
  },
  validate,
  (a) => a,
)
