/**
 * The engine is the pure core (STYLE.md): it imports only fp-ts, io-ts and
 * itself, and never reads the clock, randomness, the environment or a console.
 */
import t from 'tap'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { PROJECT_ROOT as root } from '../helpers/paths'

const engineDir = join(root, 'engine')

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') ? [path] : []
  })

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g
const FORBIDDEN = [/Date\.now\s*\(/, /new Date\s*\(/, /Math\.random\s*\(/, /\bprocess\./, /\bconsole\./, /\bglobalThis\./]

const allowed = (file: string, specifier: string): boolean => {
  if (specifier === 'io-ts' || specifier === 'fp-ts' || specifier.startsWith('fp-ts/')) return true
  if (!specifier.startsWith('.')) return false
  const target = resolve(dirname(file), specifier)
  return !relative(engineDir, target).startsWith('..')
}

const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')

const files = sourceFiles(engineDir)

t.ok(files.length > 10, `the engine has source files (${files.length})`)

t.test('every import of the engine is fp-ts, io-ts or the engine itself', async (t) => {
  const outside: string[] = []
  for (const file of files) {
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = m[1] ?? m[2] ?? m[3] ?? ''
      if (!allowed(file, specifier)) outside.push(`${relative(root, file)} imports ${specifier}`)
    }
  }
  t.same(outside, [], `${files.length} files checked`)
})

t.test('the engine never reads the clock, randomness, the environment or a console', async (t) => {
  const hits: string[] = []
  for (const file of files) {
    const code = withoutComments(readFileSync(file, 'utf8'))
    for (const pattern of FORBIDDEN) if (pattern.test(code)) hits.push(`${relative(root, file)}: ${pattern.source}`)
  }
  t.same(hits, [])
})
