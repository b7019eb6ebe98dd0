import t from 'tap'
import fc from 'fast-check'
import { cohortCsv, csvField } from '../../../engine/cohorts/cohort-csv'
import type { CohortRow } from '../../../engine/cohorts/cohort-row'

const row = (extra: Partial<CohortRow> = {}): CohortRow => ({
  childId: 'C1',
  age: 14,
  sex: 'F',
  locality: 'North',
  score: 9,
  tier: 'medium',
  flags: ['MISSING_REPEAT', 'MISSING_RECENT'],
  columns: { openEpisode: true, lastMissingStart: '2026-06-10T10:00:00Z', episodesIn90Days: 3, attendanceRate: null },
  ...extra,
})

/** A minimal RFC 4180 reader, to check that what we write reads back. */
const parseCsv = (text: string): string[][] => {
  const records: string[][] = []
  let fields: string[] = []
  let field = ''
  let i = 0
  while (i < text.length) {
    if (text[i] === '"') {
      i++
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2)
        else if (text[i] === '"') {
          i++
          break
        } else field += text[i++]
      }
    } else if (text[i] === ',') fields.push(field), (field = ''), i++
    else if (text[i] === '\r' && text[i + 1] === '\n') fields.push(field), records.push(fields), (fields = []), (field = ''), (i += 2)
    else field += text[i++]
  }
  return records
}

t.test('header, fixed fields, cohort columns in order, flags ;-joined, null empty', async (t) => {
  const csv = cohortCsv([row()], ['openEpisode', 'lastMissingStart', 'episodesIn90Days', 'attendanceRate'])
  t.equal(
    csv,
    'childId,age,sex,locality,score,tier,flags,openEpisode,lastMissingStart,episodesIn90Days,attendanceRate\r\n' +
      'C1,14,F,North,9,medium,MISSING_REPEAT;MISSING_RECENT,true,2026-06-10T10:00:00Z,3,\r\n',
  )
})

t.test('names appear only when rows carry them, or when asked', async (t) => {
  const named = cohortCsv([row({ givenName: 'Testa', familyName: 'Example' })], [])
  t.match(named, /^childId,age,sex,locality,score,tier,flags,givenName,familyName\r\n/)
  t.match(named, /,Testa,Example\r\n$/)
  t.notMatch(cohortCsv([row()], []), /givenName/)
  t.match(cohortCsv([], [], { names: true }), /givenName,familyName/)
})

t.test('RFC 4180 quoting: commas, quotes and line breaks', async (t) => {
  t.equal(csvField('plain'), 'plain')
  t.equal(csvField('a,b'), '"a,b"')
  t.equal(csvField('say "hi"'), '"say ""hi"""')
  t.equal(csvField('two\nlines'), '"two\nlines"')
})

t.test('formula-like cells are neutralised with a quote prefix and quoted (RELIABILITY A9)', async (t) => {
  for (const lead of ['=', '+', '-', '@', '\t', '\r']) {
    t.equal(csvField(`${lead}SUM(A1)`), `"'${lead}SUM(A1)"`, JSON.stringify(lead))
  }
  const csv = cohortCsv([row({ locality: '=HYPERLINK("x")', childId: '@C1' })], [])
  t.match(csv, /^.*\r\n"'@C1",14,F,"'=HYPERLINK\(""x""\)"/s)
})

t.test('every cell reads back as written (neutralised cells with their prefix); no cell starts a formula', async (t) => {
  const text = fc.string({ unit: fc.constantFrom('a', 'B', ',', '"', '\n', '\r', '=', '+', '-', '@', '\t', ' ', "'") })
  fc.assert(
    fc.property(fc.array(text, { maxLength: 5 }), (values) => {
      const rows = values.map((v, i) => row({ childId: `C${i}`, locality: v, columns: { fteOutcome: v } }))
      const records = parseCsv(cohortCsv(rows, ['fteOutcome']))
      if (records.length !== values.length + 1) return false
      return values.every((v, i) => {
        const cells = records[i + 1] ?? []
        const expected = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
        return cells[3] === expected && cells[7] === expected && cells.every((c) => !/^[=+\-@\t\r]/.test(c))
      })
    }),
  )
})

t.test('with changedSince, each row says what changed, and the children who left follow on the last page', async (t) => {
  const columns = ['openEpisode']
  const changes = [
    { childId: 'C1', change: 'flags_changed' as const, raised: ['MISSING_REPEAT'], cleared: [] },
    { childId: 'C9', change: 'left' as const, raised: [], cleared: ['MISSING_ONGOING', 'MISSING_RECENT'] },
  ]
  const last = parseCsv(cohortCsv([row()], columns, { names: false, changes: { list: changes, withLeft: true } }))
  t.same(last[0], ['childId', 'age', 'sex', 'locality', 'score', 'tier', 'flags', 'openEpisode', 'change', 'raised', 'cleared'])
  t.same(last[1]?.slice(-3), ['flags_changed', 'MISSING_REPEAT', ''])
  t.same(last[2], ['C9', '', '', '', '', '', '', '', 'left', '', 'MISSING_ONGOING;MISSING_RECENT'])
  const earlier = parseCsv(cohortCsv([row()], columns, { names: false, changes: { list: changes, withLeft: false } }))
  t.equal(earlier.length, 2, 'a page before the last: its rows only')
  t.same(parseCsv(cohortCsv([row()], columns, { names: false }))[0]?.includes('change'), false, 'no change columns without changedSince')
})
