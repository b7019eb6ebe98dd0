/**
 * (c) The compared rules as one SQL query over the stored facts, as an
 * analyst would write it against our schema (storage/README.md): the current,
 * not withdrawn version of each fact (`fact_version.is_current`), already
 * linked to its child (`child_id`), its fields read from `content` (json,
 * made jsonb once per row); each
 * fact's event date worked out once (a missing episode's start as its date in
 * Europe/London); one aggregate per child and window; one CASE per rule.
 * The as-of date is the only parameter.
 */
import { COMPARED_RULES } from './subset'
import type { ComparedRule } from './subset'

/** Each rule as a condition on the aggregates of `agg`. */
const RULE_SQL: Readonly<Record<ComparedRule, string>> = {
  ACE_FOUR_PLUS: 'aces >= 4',
  ATTENDANCE_PERSISTENT: 'possible >= 20 AND (possible - attended) * 100 >= 10 * possible',
  ATTENDANCE_SEVERE: 'possible >= 20 AND (possible - attended) * 100 >= 50 * possible',
  COUNTY_LINES: 'county_lines_6m >= 1',
  DOMESTIC_ABUSE: 'domestic_abuse_12m >= 1',
  DOMESTIC_ABUSE_REPEAT: 'domestic_abuse_12m >= 2 OR high_risk_12m >= 1',
  DRUG_INTELLIGENCE: 'drugs_6m >= 1',
  EXPLOITATION_CONCERN:
    '(missing_30d >= 1 OR missing_90d >= 3) AND ' +
    '(drugs_6m >= 1 OR exploitation_12m >= 1 OR suspensions >= 2 OR suspended_sessions >= 10 OR permanent_12m >= 1)',
  EXPLOITATION_FACTOR: 'exploitation_12m >= 1',
  MISSING_RECENT: 'missing_30d >= 1',
  MISSING_REPEAT: 'missing_90d >= 3',
  PERMANENT_EXCLUSION: 'permanent_12m >= 1',
  SUSPENSIONS: 'suspensions >= 2 OR suspended_sessions >= 10',
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`

/**
 * The query; `aceByFactor` (the manifest's mapping of assessment factor codes
 * to ACE categories) becomes a VALUES list. Flags come back comma-separated,
 * in the order of COMPARED_RULES (sorted), as FlagSet holds them.
 */
export const flagsQuery = (aceByFactor: Readonly<Record<string, string>>): string => {
  const aceMap = Object.entries(aceByFactor)
    .map(([code, category]) => `(${quote(code)}, ${quote(category)})`)
    .join(', ')
  const flags = COMPARED_RULES.map((id) => `CASE WHEN ${RULE_SQL[id]} THEN ${quote(id)} END`).join(',\n      ')
  return `
WITH p AS (
  SELECT d,
         d - 30 AS d30, d - 42 AS d42, d - 90 AS d90,
         (d - interval '6 months')::date AS m6, (d - interval '12 months')::date AS m12,
         make_date(extract(year FROM d)::int - CASE WHEN extract(month FROM d) >= 9 THEN 0 ELSE 1 END, 9, 1) AS year_start
  FROM (SELECT $1::date AS d) AS given
),
ace_map (code, category) AS (VALUES ${aceMap}),
dated AS (
  SELECT child_id, kind, content,
         CASE kind
           WHEN 'missing_episode' THEN ((content->>'start')::timestamptz AT TIME ZONE 'Europe/London')::date
           WHEN 'attendance' THEN (content->>'periodEnd')::date
           WHEN 'exclusion' THEN (content->>'start')::date
           WHEN 'domestic_abuse_contact' THEN (content->>'occurredOn')::date
           WHEN 'drug_intelligence' THEN (content->>'reportedOn')::date
           ELSE (content->>'identifiedOn')::date
         END AS on_date
  FROM (
    -- content is json (text kept as given): made jsonb once a row, not parsed again by each ->>
    -- (OFFSET 0 keeps the cast from being copied into every use).
    SELECT child_id, kind, content::jsonb AS content FROM fact_version
    WHERE is_current AND NOT withdrawn AND child_id IS NOT NULL
      AND kind IN ('missing_episode', 'attendance', 'exclusion', 'domestic_abuse_contact', 'drug_intelligence',
                   'ace_indicator', 'assessment_factor')
    OFFSET 0
  ) AS current_fact
),
agg AS (
  SELECT f.child_id,
    count(*) FILTER (WHERE kind = 'missing_episode' AND on_date > d30) AS missing_30d,
    count(*) FILTER (WHERE kind = 'missing_episode' AND on_date > d90) AS missing_90d,
    coalesce(sum((content->>'possibleSessions')::int) FILTER (WHERE kind = 'attendance' AND on_date > d42), 0) AS possible,
    coalesce(sum((content->>'attendedSessions')::int) FILTER (WHERE kind = 'attendance' AND on_date > d42), 0) AS attended,
    count(*) FILTER (WHERE kind = 'domestic_abuse_contact' AND on_date > m12) AS domestic_abuse_12m,
    count(*) FILTER (WHERE kind = 'domestic_abuse_contact' AND on_date > m12 AND content->>'riskLevel' = 'high') AS high_risk_12m,
    count(*) FILTER (WHERE kind = 'drug_intelligence' AND on_date > m6) AS drugs_6m,
    count(*) FILTER (WHERE kind = 'drug_intelligence' AND on_date > m6 AND content->>'category' = 'county_lines') AS county_lines_6m,
    count(*) FILTER (WHERE kind = 'assessment_factor' AND on_date > m12
                       AND content->>'code' IN ('10A', '11A', '12A', '13A', '24A')) AS exploitation_12m,
    count(*) FILTER (WHERE kind = 'exclusion' AND on_date > m12 AND content->>'type' = 'permanent') AS permanent_12m,
    count(*) FILTER (WHERE kind = 'exclusion' AND on_date >= year_start AND content->>'type' = 'suspension') AS suspensions,
    coalesce(sum((content->>'sessions')::int) FILTER (WHERE kind = 'exclusion' AND on_date >= year_start
                                                        AND content->>'type' = 'suspension'), 0) AS suspended_sessions,
    count(DISTINCT CASE kind WHEN 'ace_indicator' THEN content->>'category' WHEN 'assessment_factor' THEN a.category END) AS aces
  FROM dated AS f
  CROSS JOIN p
  LEFT JOIN ace_map AS a ON f.kind = 'assessment_factor' AND a.code = f.content->>'code'
  WHERE on_date <= d
  GROUP BY f.child_id
),
flagged AS (
  SELECT child_id, array_to_string(ARRAY[
      ${flags}
    ], ',') AS flags
  FROM agg
)
SELECT child_id, flags FROM flagged WHERE flags <> ''`
}
