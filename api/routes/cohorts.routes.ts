/**
 * `GET /cohorts/:name?asOf&from&to&locality&changedSince&limit&cursor`
 * (SPEC §4, §6): one page of a cohort, as JSON or, with `Accept: text/csv`,
 * as CSV (cells neutralised against formulas by the engine; the next cursor
 * in the `X-Next-Cursor` header).
 *
 * A cohort the role may not read is answered exactly like one that does not
 * exist. Roles whose children are a cohort (`missing_pilot`: `missing-pilot`;
 * `virtual_school`: `lac-attendance`) see only rows of children who are
 * members of that cohort today, whatever `asOf` asks and whichever cohort
 * they read (SPEC §1).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import * as E from 'fp-ts/Either'
import { pageOf } from '../../engine/cohorts/cohort-document'
import type { ListSeal } from '../../engine/cohorts/list-seal'
import type { CohortRow } from '../../engine/cohorts/cohort-row'
import { tierOf } from '../../engine/evaluate/tier'
import type { CohortQuery, CohortRows } from '../services'
import type { CohortPage } from '../../engine/cohorts/cohort-document'
import { todayInLondon } from '../clock'
import { recordAudit } from '../audit/record-audit'
import { policyOf, readsCohort, scopeCohortOf } from '../access/role-policy'
import type { RolePolicy } from '../access/role-policy'
import { pseudonymiser } from '../access/pseudonym'
import { keyedSeal } from '../access/cursor-seal'
import { changesFor, cohortCsvFor, cohortRowFor, cohortRowJsonFor, ruleFactsOf, visibleChanges } from '../access/cohort-view'
import { sendAs } from '../http/send-as'
import { problem } from '../problems'
import { COHORT_SCHEMAS } from '../schemas/cohort.schema'
import { COHORT_NAME_PATTERN, CURSOR_PATTERN, isoDateSchema } from '../schemas/common.schema'
import { TOKEN_PROBLEMS, problemResponses } from '../schemas/problem.schema'
import type { RouteDeps } from './child-access'
import { principalOf } from './child-access'

export const MAX_PAGE = 1000
/** Seconds a client is asked to wait when cohort lists are being prepared. */
export const BUSY_RETRY_AFTER_S = 5

interface CohortRequest {
  readonly Params: { readonly name: string }
  readonly Querystring: {
    readonly asOf?: string
    readonly from?: string
    readonly to?: string
    readonly locality?: string
    readonly changedSince?: string
    readonly limit?: number
    readonly cursor?: string
  }
}

const querySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    asOf: isoDateSchema,
    from: isoDateSchema,
    to: isoDateSchema,
    changedSince: isoDateSchema,
    locality: { type: 'string', minLength: 1, maxLength: 100 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE },
    cursor: { type: 'string', minLength: 1, maxLength: 200, pattern: CURSOR_PATTERN },
  },
} as const

const paramsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', pattern: COHORT_NAME_PATTERN } },
} as const

const invalidParams = (issues: readonly { readonly param: string; readonly message: string }[]) =>
  problem('invalid-input', { errors: issues.map((i) => ({ in: 'querystring', path: i.param, expected: i.message })) })

const wantsCsv = (request: FastifyRequest): boolean => /\btext\/csv\b/i.test(request.headers.accept ?? '')

/** The query as the engine checks it (every date problem reported at once, as 400). */
const cohortQueryOf = (q: CohortRequest['Querystring'], today: string): CohortQuery => ({
  asOf: q.asOf ?? today,
  ...(q.from === undefined ? {} : { from: q.from }),
  ...(q.to === undefined ? {} : { to: q.to }),
  ...(q.locality === undefined ? {} : { locality: q.locality }),
  ...(q.changedSince === undefined ? {} : { changedSince: q.changedSince }),
})

const pageOrProblem = (name: string, rows: readonly CohortRow[], q: CohortRequest['Querystring'], seal: ListSeal): CohortPage => {
  const page = pageOf(name, rows, { limit: q.limit ?? MAX_PAGE, ...(q.cursor === undefined ? {} : { cursor: q.cursor }) }, seal)
  if (E.isRight(page)) return page.right
  switch (page.left._tag) {
    case 'BadCursor':
      throw invalidParams([{ param: 'cursor', message: 'a cursor from a previous page of this cohort' }])
    case 'ListChanged':
      throw problem('cohort-changed', {
        detail: 'The rows before this cursor are not those it was given out after; ask for the first page again.',
        errors: [
          {
            in: 'querystring',
            path: 'cursor',
            expected: 'a cursor for the list as it is now: the list changed since this cursor was given out, so ask for the first page again',
          },
        ],
      })
    case 'InvalidCohortParams':
      throw invalidParams(page.left.issues)
  }
}

export const cohortsRoutes = async (app: FastifyInstance, deps: RouteDeps): Promise<void> => {
  const pseudonymise = pseudonymiser(deps.pseudonymKey)
  const seal = keyedSeal(deps.pseudonymKey)
  const rules = ruleFactsOf(deps.ruleSet, (score) => tierOf(score, deps.ruleSet.tiers))

  const rowsOf = async (request: FastifyRequest, name: string, query: CohortQuery): Promise<CohortRows> => {
    const outcome = await deps.services.cohort(name, query)
    if (outcome._tag === 'UnknownCohort') {
      await recordAudit(deps.writeAudit, deps.clock, request, { outcome: 'not_found', cohort: name })
      throw problem('not-found')
    }
    if (outcome._tag === 'InvalidParams') throw invalidParams(outcome.issues)
    if (outcome._tag === 'Busy') {
      throw problem('service-unavailable', {
        detail: 'Too many cohort lists are being prepared; try again shortly.',
        headers: { 'retry-after': String(BUSY_RETRY_AFTER_S) },
      })
    }
    return outcome.value
  }

  /**
   * For roles whose children are a cohort's members today (SPEC §1): those
   * members, whatever asOf asks and whichever cohort is read (undefined: no
   * limit). The pilot team reads `exploitation` too, and sees only its own
   * children there.
   */
  const membersToday = async (
    request: FastifyRequest,
    policy: RolePolicy,
    name: string,
    query: CohortQuery,
    found: CohortRows,
    today: string,
  ): Promise<ReadonlySet<string> | undefined> => {
    const scope = scopeCohortOf(policy)
    if (scope === undefined) return undefined
    // The page's own rows are today's members (or those of its locality, which is all a page of it can hold).
    if (scope === name && query.asOf === today && query.changedSince === undefined) return new Set(found.rows.map((r) => r.childId))
    return new Set((await rowsOf(request, scope, { asOf: today })).rows.map((r) => r.childId))
  }

  app.get<CohortRequest>(
    '/cohorts/:name',
    {
      schema: {
        summary: 'One page of a cohort (JSON, or CSV with Accept: text/csv)',
        security: [{ bearer: [] }],
        params: paramsSchema,
        querystring: querySchema,
        produces: ['application/json', 'text/csv'],
        response: { 200: { oneOf: Object.values(COHORT_SCHEMAS) }, ...problemResponses(...TOKEN_PROBLEMS, 404) },
      },
    },
    async (request, reply: FastifyReply) => {
      const { role } = principalOf(request)
      const policy = policyOf(role)
      const { name } = request.params
      const schema = COHORT_SCHEMAS[role]
      if (!readsCohort(policy, name) || schema === undefined) {
        await recordAudit(deps.writeAudit, deps.clock, request, { outcome: 'denied', cohort: name })
        throw problem('not-found')
      }
      const today = todayInLondon(deps.clock)
      const query = cohortQueryOf(request.query, today)
      const found = await rowsOf(request, name, query)
      const members = await membersToday(request, policy, name, query, found, today)
      const inScope = (childId: string): boolean => members === undefined || members.has(childId)
      const changes = found.changes === undefined ? undefined : visibleChanges(policy, rules, found.changes.filter((c) => inScope(c.childId)))
      // With changedSince the rows are the changed children: only those whose change the role may see.
      const changed = changes === undefined ? undefined : new Set(changes.map((c) => c.childId))
      const shown = found.rows.filter((r) => inScope(r.childId) && (changed === undefined || changed.has(r.childId)))
      const page = pageOrProblem(name, shown, request.query, seal)
      const rows = page.rows.map(cohortRowFor(policy, rules, pseudonymise))
      const childIds = [...new Set([...page.rows.map((r) => r.childId), ...(changes ?? []).map((c) => c.childId)])]
      await recordAudit(deps.writeAudit, deps.clock, request, { outcome: 'ok', childIds, cohort: name })
      if (wantsCsv(request)) {
        if (page.nextCursor !== null) reply.header('x-next-cursor', page.nextCursor)
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}-${query.asOf}.csv"`)
          .send(
            cohortCsvFor(
              policy,
              pseudonymise,
              rows,
              found.columns,
              changes === undefined ? undefined : { list: changes, lastPage: page.nextCursor === null },
            ),
          )
      }
      return sendAs(reply, schema, {
        cohort: name,
        asOf: query.asOf,
        rows: rows.map((r) => cohortRowJsonFor(policy, r)),
        nextCursor: page.nextCursor,
        ...(changes === undefined ? {} : { changes: changesFor(policy, pseudonymise, changes) }),
      })
    },
  )
}
