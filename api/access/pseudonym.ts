/**
 * The analysts' pseudonym of a child (SPEC §4, RELIABILITY A8): HMAC-SHA256
 * of the childId under the deployment's EW_PSEUDONYM_KEY. The same deployment
 * always gives a child the same pseudonym; without the key it cannot be
 * reversed or joined to another deployment's. The `P-` prefix and length keep
 * it from ever looking like a childId or an agency identifier.
 */
import { createHmac } from 'node:crypto'

export type Pseudonymise = (childId: string) => string

export const pseudonymiser =
  (key: string): Pseudonymise =>
  (childId) =>
    `P-${createHmac('sha256', key).update(`child:${childId}`, 'utf8').digest('hex').slice(0, 32)}`
