/**
 * `child`: the person index (SPEC §2). Its subject is the record itself, so it
 * must be `{ "childId": … }` with the same id.
 */
import type { ChildFields } from '../fact'
import { dateNotAfterRecorded } from './checks'
import { Ethnicity } from './codes'
import { IsoDate } from './dates'
import { optional, required } from './fields'
import { AgencyReference, ChildId, NhsNumber, Upn } from './identifiers'
import { defineKind, type CheckContext } from './kind-spec'
import { oneOf } from './one-of'
import { problem, type FieldProblem } from './problems'
import { Locality, PersonName } from './text'

const subjectIsTheChild = (fields: Partial<ChildFields>, context: CheckContext): readonly FieldProblem[] => {
  const subject = context.subject
  if (subject === undefined) return []
  if (subject.childId === undefined) return [problem('subject', 'a subject of the form { "childId": … } for a child record')]
  return fields.childId === undefined || fields.childId === subject.childId
    ? []
    : [problem('childId', 'the same value as subject.childId')]
}

export const childSpec = defineKind<'child'>({
  fields: {
    childId: required(ChildId),
    dateOfBirth: required(IsoDate),
    sex: required(oneOf(['F', 'M', 'X', 'U'] as const)),
    locality: required(Locality),
    ethnicity: optional(Ethnicity),
    givenName: optional(PersonName),
    familyName: optional(PersonName),
    upn: optional(Upn),
    nhsNumber: optional(NhsNumber),
    policeId: optional(AgencyReference),
    socialCareId: optional(AgencyReference),
    yjId: optional(AgencyReference),
  },
  checks: (fields, context) => [
    ...subjectIsTheChild(fields, context),
    ...dateNotAfterRecorded('dateOfBirth', fields.dateOfBirth, context),
  ],
})
