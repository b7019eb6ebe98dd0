/**
 * Field paths as users read them: `subject.upn`, `returnInterview.offeredAt`,
 * `[3].kind` inside arrays.
 *
 * Key names come from the input, so an unknown key could itself carry
 * personal data ("Jane Doe": …) or control characters that forge log lines.
 * A key is echoed only when it looks like a field name; anything else is shown
 * as `[key withheld]`.
 */
import { WHOLE_LINE } from './line-error'

export type PathSegment = string | number

const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/

export const WITHHELD_KEY = '[key withheld]'

export const displayKey = (key: string): string => (FIELD_NAME.test(key) ? key : WITHHELD_KEY)

/** A dotted path, or `(line)` when the path is empty. */
export const formatPath = (segments: readonly PathSegment[]): string => {
  let out = ''
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`
    else out += out === '' ? displayKey(s) : `.${displayKey(s)}`
  }
  return out === '' ? WHOLE_LINE : out
}
