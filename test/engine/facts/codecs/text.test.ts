import t from 'tap'
import fc from 'fast-check'
import { codePointLength, FreeText, hasForbiddenCharacter, Identifier, PersonName } from '../../../../engine/facts/codecs/text'

/** A test label with every non-printable-ASCII character escaped (U+2028 would break the TAP stream). */
const label = (s: string): string => s.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

const decodes = (codec: typeof PersonName, u: unknown): unknown => {
  const r = codec.decode(u)
  return r._tag === 'Right' ? r.right : undefined
}

const messageOf = (codec: typeof PersonName, u: unknown): string | undefined => {
  const r = codec.decode(u)
  return r._tag === 'Left' ? r.left[0]?.message : undefined
}

t.test('control characters, bidirectional controls and lone surrogates are forbidden', async (t) => {
  for (const bad of ['\u0000', 'a\u0007b', 'tab\there', 'line\nbreak', '\u007f', '\u0085', '\u009f', '\u2028', '\u202a', '\u202e', '\u2066', '\u2069', '\ud800', 'x\udc00', '\udc00\ud800']) {
    t.ok(hasForbiddenCharacter(bad), label(bad))
    t.equal(decodes(PersonName, bad), undefined, label(bad))
  }
  t.match(messageOf(PersonName, 'a\u202eb'), /without control characters, bidirectional controls or unpaired surrogates/)
})

t.test('ordinary text, accents, emoji (paired surrogates) and the bidi marks LRM/RLM are allowed', async (t) => {
  for (const good of ['Testa', 'Zoé', 'Ōtani-Fixture', "O'Test", 'Test \ud83d\ude00', 'a\u200eb', '名前']) {
    t.notOk(hasForbiddenCharacter(good), label(good))
    t.equal(decodes(PersonName, good), good.normalize('NFC'), label(good))
  }
})

t.test('names are NFC-normalised; identifiers are taken as sent', async (t) => {
  t.equal(decodes(PersonName, 'Zoe\u0301'), 'Zo\u00e9')
  t.equal(decodes(FreeText, 'cafe\u0301'), 'caf\u00e9')
  t.equal(decodes(Identifier, 'e\u0301'), 'e\u0301')
})

t.test('empty and blank text is refused', async (t) => {
  for (const codec of [PersonName, FreeText, Identifier]) {
    t.equal(decodes(codec, ''), undefined)
    t.equal(decodes(codec, '   '), undefined)
  }
  t.match(messageOf(PersonName, ''), /not empty/)
})

t.test('lengths count code points after normalisation', async (t) => {
  t.equal(decodes(PersonName, 'x'.repeat(100)), 'x'.repeat(100))
  t.equal(decodes(PersonName, 'x'.repeat(101)), undefined)
  t.match(messageOf(PersonName, 'x'.repeat(101)), /at most 100 characters/)
  // 100 emoji are 200 UTF-16 units but 100 characters.
  t.equal(codePointLength('\ud83d\ude00'.repeat(100)), 100)
  t.equal(decodes(PersonName, '\ud83d\ude00'.repeat(100)), '\ud83d\ude00'.repeat(100))
  // 100 decomposed é (200 code points) normalise to 100.
  t.equal(decodes(PersonName, 'e\u0301'.repeat(100)), '\u00e9'.repeat(100))
  t.equal(decodes(FreeText, 'x'.repeat(200)), 'x'.repeat(200))
  t.equal(decodes(FreeText, 'x'.repeat(201)), undefined)
  t.equal(decodes(Identifier, 'x'.repeat(64)), 'x'.repeat(64))
  t.equal(decodes(Identifier, 'x'.repeat(65)), undefined)
  t.equal(decodes(PersonName, 'x'.repeat(1_000_000)), undefined, 'a 1 MB string is refused')
})

t.test('identifiers have no whitespace of any kind', async (t) => {
  for (const bad of ['C 1', 'C\u00a01', 'C\u30001', ' C1']) t.equal(decodes(Identifier, bad), undefined, label(bad))
})

t.test('only strings are text', async (t) => {
  for (const bad of [1, null, true, ['a'], { a: 'b' }]) t.equal(decodes(PersonName, bad), undefined)
})

t.test('whatever is accepted is NFC, short enough and free of forbidden characters (property)', async (t) => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => {
      const v = decodes(PersonName, s)
      if (v === undefined) return true
      return typeof v === 'string' && v === v.normalize('NFC') && codePointLength(v) <= 100 && !hasForbiddenCharacter(v) && v.trim() !== ''
    }),
  )
  t.pass('property held')
})
