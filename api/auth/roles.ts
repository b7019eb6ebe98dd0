/** The six roles of SPEC §1. A token carries exactly one, as a string. */
export const ROLES = ['mash', 'missing_pilot', 'virtual_school', 'yot_analyst', 'ingest', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const isRole = (u: unknown): u is Role => typeof u === 'string' && (ROLES as readonly string[]).includes(u)
