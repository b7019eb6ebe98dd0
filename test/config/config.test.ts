import t from 'tap'
import * as E from 'fp-ts/Either'
import { formatConfigProblem, readConfig } from '../../config/config'

t.test('defaults follow SPEC §8 when nothing is set', async (t) => {
  t.same(readConfig({}), E.right({
    databaseUrl: undefined,
    dataDir: './.data',
    databaseSchema: undefined,
    jwtSecret: undefined,
    jwtIssuer: 'early-warning',
    jwtAudience: 'early-warning',
    pseudonymKey: undefined,
    host: '127.0.0.1',
    port: 3000,
    logLevel: 'info',
  }))
})

t.test('every bad value is named, and no value is echoed', async (t) => {
  const secret = 'short-secret-value'
  const result = readConfig({ DATABASE_URL: 'mysql://x', PORT: '70000', LOG_LEVEL: 'loud', EW_JWT_SECRET: secret })
  if (E.isRight(result)) return t.fail('should be refused')
  t.same(result.left.map((p) => p.variable).sort(), ['DATABASE_URL', 'EW_JWT_SECRET', 'LOG_LEVEL', 'PORT'])
  t.notOk(result.left.map(formatConfigProblem).join('\n').includes(secret), 'the secret is not in the message')
})

t.test('an empty variable counts as unset', async (t) => {
  const result = readConfig({ DATABASE_URL: '', EW_DATA_DIR: '' })
  t.ok(E.isRight(result) && result.right.databaseUrl === undefined && result.right.dataDir === './.data')
})

t.test('a postgres:// string that is not a URL is refused too, not left to crash the driver', async (t) => {
  for (const url of ['postgres://host:notaport/db', 'postgresql://[bad/db']) {
    const result = readConfig({ DATABASE_URL: url })
    t.ok(E.isLeft(result) && result.left.some((p) => p.variable === 'DATABASE_URL'), url)
  }
  for (const url of ['postgres://root@127.0.0.1:5432/test', 'postgresql:///test?host=/var/run/postgresql']) {
    t.ok(E.isRight(readConfig({ DATABASE_URL: url })), url)
  }
})
