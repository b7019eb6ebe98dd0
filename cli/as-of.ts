import type { IsoDate } from '../engine/facts/fact'
import { isIsoDate } from '../engine/time/calendar'
import { UsageError } from './cli-io'

/** A date option: `YYYY-MM-DD`, a real date, or a usage error naming the option. */
export const dateOption = (name: string, value: string | undefined): IsoDate | undefined => {
  if (value === undefined) return undefined
  if (!isIsoDate(value)) throw new UsageError(`--${name} must be a date YYYY-MM-DD (got an invalid value)`)
  return value
}
