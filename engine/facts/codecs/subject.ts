/**
 * Who a fact is about (SPEC §2): exactly one of `childId` or an agency
 * identifier. The decoded subject holds the normalised identifier, so that
 * linking compares like with like.
 */
import * as t from 'io-ts'
import type { Subject as SubjectType, SubjectKey } from '../fact'
import { hasOwn, isJsonObject, type Codec } from './codec'
import { decodeFields, optional, unknownKeyErrors, type FieldSpecs } from './fields'
import { AgencyReference, ChildId, NhsNumber, Upn } from './identifiers'

const SUBJECT_FIELDS: { readonly [K in SubjectKey]: ReturnType<typeof optional<string>> } = {
  childId: optional(ChildId),
  upn: optional(Upn),
  nhsNumber: optional(NhsNumber),
  policeId: optional(AgencyReference),
  socialCareId: optional(AgencyReference),
  yjId: optional(AgencyReference),
}

const EXACTLY_ONE = `an object with exactly one of ${Object.keys(SUBJECT_FIELDS).join(', ')}`

export const Subject: Codec<SubjectType> = new t.Type<SubjectType, SubjectType, unknown>(
  `a subject: ${EXACTLY_ONE}`,
  (u): u is SubjectType => {
    const r = Subject.validate(u, [])
    return r._tag === 'Right' && isJsonObject(u) && Object.entries(r.right).every(([k, v]) => u[k] === v)
  },
  (u, c) => {
    if (!isJsonObject(u)) return t.failure(u, c, `a subject: ${EXACTLY_ONE}`)
    const specs: FieldSpecs = SUBJECT_FIELDS
    const known = Object.keys(u).filter((k) => hasOwn(specs, k))
    const decoded = decodeFields(u, c, specs, false)
    const errors = [
      ...(known.length === 1 ? [] : [{ value: undefined, context: c, message: EXACTLY_ONE }]),
      ...decoded.errors,
      ...unknownKeyErrors(u, c, (k) => hasOwn(specs, k)),
    ]
    if (errors.length > 0) return t.failures(errors)
    const [key, value] = Object.entries(decoded.values)[0] ?? []
    return key === undefined ? t.failure(u, c, EXACTLY_ONE) : t.success({ [key]: value as string })
  },
  (a) => a,
)
