/** The executable's Node flags are written in three places; they must say the same. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { CLI_NODE_FLAGS } from '../../cli/node-flags'
import { PROJECT_ROOT as root } from '../helpers/paths'

t.test('the #! line of the executable runs node with CLI_NODE_FLAGS', async (t) => {
  const first = readFileSync(join(root, 'cli', 'main.ts'), 'utf8').split('\n')[0]
  t.equal(first, `#!/usr/bin/env -S node ${CLI_NODE_FLAGS.join(' ')}`)
})

t.test('the demo and every bench run node with them too', async (t) => {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const running = Object.entries(scripts).filter(([name]) => name === 'demo' || name.startsWith('bench:'))
  t.ok(running.length >= 7, 'the demo and the benches')
  for (const [name, command] of running) t.ok(command.startsWith(`node ${CLI_NODE_FLAGS.join(' ')} dist/`), name)
})
