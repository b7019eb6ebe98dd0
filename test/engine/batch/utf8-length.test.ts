import t from 'tap'
import fc from 'fast-check'
import { utf8ByteLength } from '../../../engine/batch/utf8-length'

t.test('counts bytes as UTF-8 does', async (t) => {
  t.equal(utf8ByteLength(''), 0)
  t.equal(utf8ByteLength('a'), 1)
  t.equal(utf8ByteLength('é'), 2)
  t.equal(utf8ByteLength('€'), 3)
  t.equal(utf8ByteLength('\ud83d\ude00'), 4)
  t.equal(utf8ByteLength('\ud800'), 3, 'a lone surrogate is written as U+FFFD')
})

t.test('stops at the limit', async (t) => {
  t.equal(utf8ByteLength('é'.repeat(10), 5), 6)
  t.equal(utf8ByteLength('a'.repeat(1_000_000), 65_536), 65_537)
  t.equal(utf8ByteLength('a'.repeat(10), 10), 10)
})

const unit = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
)

t.test('agrees with Buffer.byteLength, lone surrogates included (property)', async (t) => {
  fc.assert(fc.property(fc.array(unit).map((a) => a.join('')), (s) => utf8ByteLength(s) === Buffer.byteLength(s, 'utf8')))
  t.pass('property held')
})
