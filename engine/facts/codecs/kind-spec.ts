/**
 * What a fact kind is made of: its fields (each an io-ts codec, required or
 * optional exactly as in engine/facts/fact.ts) and its cross-field checks.
 *
 * `FieldSpecsOf` ties each kind's codecs to the decoded types: a field
 * missing from a spec, a field fact.ts does not have, or a field optional in
 * one and required in the other fails to compile.
 */
import type * as t from 'io-ts'
import type { FactKind, FieldsByKind, IsoDate, Subject } from '../fact'
import type { FieldSpecs } from './fields'
import type { FieldProblem } from './problems'

type IsOptional<F, P extends keyof F> = {} extends Pick<F, P> ? true : false

export type FieldSpecsOf<F> = {
  readonly [P in keyof F]-?: {
    readonly codec: t.Decoder<unknown, Exclude<F[P], undefined>>
    readonly optional: IsOptional<F, P>
  }
}

/** What the checks know about the line beyond the kind's own fields (`undefined` when that part failed to decode). */
export interface CheckContext {
  /** `recordedAt` as epoch milliseconds. */
  readonly recordedAt: number | undefined
  /** The calendar date of `recordedAt` in Europe/London: no event date may come after it. */
  readonly recordedDate: IsoDate | undefined
  readonly subject: Subject | undefined
  /** A withdrawal: fields are optional, and a check runs only when all the fields it compares are present. */
  readonly withdrawn: boolean
  /** Whether the line has the field at all (a field may be present but invalid, and then it is not in `fields`). */
  readonly sent: (key: string) => boolean
}

export interface KindSpec<K extends FactKind> {
  readonly fields: FieldSpecsOf<FieldsByKind[K]>
  /** Checks across fields, given the fields that decoded (any may be missing). */
  readonly checks: (fields: Partial<FieldsByKind[K]>, context: CheckContext) => readonly FieldProblem[]
}

/** A kind's spec with its types erased, so that one decoder can serve every kind. */
export interface AnyKindSpec {
  readonly fields: FieldSpecs
  readonly checks: (fields: Readonly<Record<string, unknown>>, context: CheckContext) => readonly FieldProblem[]
}

export const defineKind = <K extends FactKind>(spec: KindSpec<K>): AnyKindSpec =>
  // Sound: `fields` decodes exactly the keys of FieldsByKind[K], which is what `checks` reads.
  spec as unknown as AnyKindSpec
