import { parseArgs } from 'node:util'
import * as E from 'fp-ts/Either'
import { DEFAULT_TTL_SECONDS, mintToken } from '../../api/auth/mint-token'
import type { Role } from '../../api/auth/roles'
import { formatConfigProblem, readConfig } from '../../config/config'
import { UsageError, writeLine } from '../cli-io'
import type { Command } from '../command'

const help = `Usage: early-warning token --role R --sub USER [--ttl DURATION]

Prints only a bearer token (HS256, signed with EW_JWT_SECRET, issuer
EW_JWT_ISSUER and audience EW_JWT_AUDIENCE) for one person in one role:
mash, missing_pilot, virtual_school, yot_analyst, ingest or admin.

  --ttl DURATION   how long it is valid: seconds, or a number with s, m, h or d
                   (default 8h, at most 7d)`

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 }

export const parseDuration = (text: string): number | undefined => {
  const m = /^(\d{1,7})([smhd]?)$/.exec(text)
  if (m === null) return undefined
  return Number(m[1]) * (UNIT_SECONDS[m[2] === '' ? 's' : (m[2] ?? 's')] ?? 1)
}

export const token: Command = {
  words: ['token'],
  summary: 'mint a bearer token for one user and role',
  help,
  async run(args, io) {
    const { values } = parseArgs({
      args: [...args],
      strict: true,
      options: { role: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string' } },
    })
    if (values.role === undefined || values.sub === undefined) throw new UsageError('--role and --sub are required')
    const ttlSeconds = values.ttl === undefined ? DEFAULT_TTL_SECONDS : parseDuration(values.ttl)
    if (ttlSeconds === undefined) throw new UsageError('--ttl must be seconds or a number with s, m, h or d (e.g. 8h)')
    const config = readConfig(io.env)
    if (E.isLeft(config)) {
      for (const p of config.left) writeLine(io.stderr, formatConfigProblem(p))
      return 1
    }
    const minted = mintToken(config.right, { role: values.role as Role, sub: values.sub, ttlSeconds }, Date.parse(io.now()))
    if (E.isLeft(minted)) {
      writeLine(io.stderr, minted.left)
      return 1
    }
    writeLine(io.stdout, minted.right)
    return 0
  },
}
