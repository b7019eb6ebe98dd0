import t from 'tap'
import { familyNameKey, sameFamilyName } from '../../../engine/facts/family-name'

t.test('the same family name whatever its letter case, Unicode form or surrounding spaces', async (t) => {
  t.ok(sameFamilyName('THORNCRAIKE', 'Thorncraike'))
  t.ok(sameFamilyName(' thorncraike ', 'Thorncraike'))
  t.ok(sameFamilyName('O\u0301 SÚILLEABHÁIN', 'Ó Súilleabháin'), 'a decomposed accent, in capitals')
  t.equal(familyNameKey('Zoë'), familyNameKey('ZOË'))
})

t.test('otherwise exact: spaces inside, hyphens, apostrophes and accents count; nothing fuzzy', async (t) => {
  t.notOk(sameFamilyName("O'Neill", 'ONeill'))
  t.notOk(sameFamilyName('Ap Rhys', 'Aprhys'))
  t.notOk(sameFamilyName('Smith-Jones', 'Smith Jones'))
  t.notOk(sameFamilyName('Zoe', 'Zoë'))
  t.notOk(sameFamilyName('Thorncraik', 'Thorncraike'))
})
