/** X-Purpose as stored in the audit log: cleaned of anything that could forge or spoof, at most 200 characters. */
import t from 'tap'
import fc from 'fast-check'
import { MAX_PURPOSE_LENGTH, sanitisePurpose } from '../../../api/audit/purpose'

t.test('plain purposes are kept, trimmed and collapsed', async (t) => {
  t.equal(sanitisePurpose('  MASH   contact  triage '), 'MASH contact triage')
  t.equal(sanitisePurpose(undefined), null)
  t.equal(sanitisePurpose('   '), null)
  t.equal(sanitisePurpose(['first', 'second']), 'first')
  const asNodeGivesIt = Buffer.from('Café visit – ref 7', 'utf8').toString('latin1')
  t.equal(sanitisePurpose(asNodeGivesIt), 'Café visit – ref 7', 'UTF-8 bytes read as latin1 by Node are read back as UTF-8')
})

t.test('controls, bidi overrides and line breaks are removed', async (t) => {
  t.equal(sanitisePurpose('a\nb\r\nc\u0000d\u001b[31me'), 'a b c d [31me')
  t.equal(sanitisePurpose('x\u202ey\u2066z'), 'x y z')
  t.equal(sanitisePurpose('{"level":60}\n{"level":60}'), '{"level":60} {"level":60}')
})

t.test('property: any header gives at most 200 characters, none of them a control or bidi character', async (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 600, unit: 'binary' }), (raw) => {
      const out = sanitisePurpose(raw)
      if (out === null) return true
      return (
        Array.from(out).length <= MAX_PURPOSE_LENGTH &&
        !/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(out) &&
        out === out.trim() &&
        out.length > 0
      )
    }),
  )
  t.pass('held')
})
