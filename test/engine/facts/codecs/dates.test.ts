import t from 'tap'
import { IsoDate, IsoDateTime, nullOr } from '../../../../engine/facts/codecs/dates'

const ok = (codec: { decode: (u: unknown) => { _tag: string } }, u: unknown): boolean => codec.decode(u)._tag === 'Right'

t.test('dates: real days between 1900 and 2199 only', async (t) => {
  for (const good of ['2024-02-29', '1900-01-01', '2199-12-31', '2023-12-31']) t.ok(ok(IsoDate, good), good)
  for (const bad of ['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-01-00', '0000-01-01', '10000-01-01', '1899-12-31', '2200-01-01', '2024-1-01', '2024-01-01T00:00:00Z', ' 2024-01-01', '２０２４-01-01', 20240101, null]) {
    t.notOk(ok(IsoDate, bad), JSON.stringify(bad))
  }
})

t.test('date-times: RFC 3339 with seconds, Z or ±hh:mm', async (t) => {
  for (const good of ['2024-01-05T14:30:00Z', '2024-01-05T14:30:00+01:00', '2024-01-05T14:30:00-05:30', '2024-01-05T14:30:00.123456789Z']) {
    t.ok(ok(IsoDateTime, good), good)
  }
  for (const bad of ['2024-01-05T14:30Z', '2024-01-05T14:30:00', '2024-01-05 14:30:00Z', '2024-01-05T14:30:60Z', '2024-01-05T14:30:00+1:00', '2024-01-05T14:30:00+24:00', '2024-02-30T00:00:00Z', '2024-01-05T14:30:00.1234567890Z', `2024-01-05T14:30:00.${'1'.repeat(100)}Z`, 0]) {
    t.notOk(ok(IsoDateTime, bad), JSON.stringify(bad))
  }
})

t.test('nullOr accepts null and says so when it refuses', async (t) => {
  const codec = nullOr(IsoDate)
  t.strictSame(codec.decode(null), { _tag: 'Right', right: null })
  t.ok(ok(codec, '2024-01-01'))
  const r = codec.decode('open')
  t.equal(r._tag === 'Left' ? r.left[0]?.message : undefined, `${IsoDate.name}, or null`)
})
