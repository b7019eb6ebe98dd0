import t from 'tap'
import { databaseRefusal } from '../../../storage/database/database-refused'

t.test('a database, role or password that the server refuses, in fixed words with the code', async (t) => {
  t.equal(databaseRefusal({ code: '3D000', message: 'database "ew_x" does not exist' }), 'the database that DATABASE_URL names does not exist (3D000)')
  t.equal(databaseRefusal({ code: '28000' }), 'the server does not let in the role that DATABASE_URL names (28000)')
  t.equal(databaseRefusal({ code: '28P01' }), 'the server refused the password in DATABASE_URL (28P01)')
  t.notMatch(databaseRefusal({ code: '3D000', message: 'database "ew_x" does not exist' }) ?? '', /ew_x/, 'nothing of the message')
})

t.test('anything else is not a refusal', async (t) => {
  for (const error of [{ code: 'ECONNREFUSED' }, { code: '57P03' }, { code: '42P01' }, { code: 'constructor' }, { code: 3 }, new Error('x'), null, undefined, 'x']) {
    t.equal(databaseRefusal(error), undefined, JSON.stringify(error) ?? String(error))
  }
})
