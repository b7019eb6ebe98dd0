import t from 'tap'
import { timestamptzToIso } from '../../../storage/database/type-parsers'

t.test('PostgreSQL timestamptz text becomes an ISO instant in UTC', async (t) => {
  t.equal(timestamptzToIso('2024-06-01 10:00:00+00'), '2024-06-01T10:00:00.000Z')
  t.equal(timestamptzToIso('2024-06-01 10:00:00.123456+01'), '2024-06-01T09:00:00.123Z')
  t.equal(timestamptzToIso('2024-01-01 00:30:00.5-05:30'), '2024-01-01T06:00:00.500Z')
  t.equal(timestamptzToIso('1900-01-01 00:00:00-00:01:15'), '1900-01-01T00:01:15.000Z')
})

t.test('values the application never stores pass through', async (t) => {
  t.equal(timestamptzToIso('infinity'), 'infinity')
  t.equal(timestamptzToIso('0044-03-15 00:00:00+00 BC'), '0044-03-15 00:00:00+00 BC')
})
