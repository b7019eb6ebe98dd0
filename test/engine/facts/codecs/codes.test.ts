import t from 'tap'
import { ASSESSMENT_FACTOR_CODES, Ethnicity, EXCLUSION_REASONS, LEGAL_STATUSES, SchoolUrn } from '../../../../engine/facts/codecs/codes'

t.test('the code lists are those of DOMAIN.md', async (t) => {
  t.equal(LEGAL_STATUSES.length, 13)
  t.equal(EXCLUSION_REASONS.length, 16)
  t.notOk((ASSESSMENT_FACTOR_CODES as readonly string[]).includes('8A'))
  t.ok((ASSESSMENT_FACTOR_CODES as readonly string[]).includes('24A'))
})

t.test('schoolUrn is six digits; ethnicity four upper-case letters', async (t) => {
  t.equal(SchoolUrn.decode('123456')._tag, 'Right')
  t.equal(SchoolUrn.decode('١٢٣٤٥٦')._tag, 'Left', 'Arabic-Indic digits are not digits here')
  t.equal(Ethnicity.decode('WBRI')._tag, 'Right')
  t.equal(Ethnicity.decode('WBR')._tag, 'Left')
  t.equal(Ethnicity.decode('Wbri')._tag, 'Left')
})
