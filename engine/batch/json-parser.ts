/**
 * A strict JSON parser for untrusted input (RELIABILITY.md §3 item 10).
 *
 * Why not `JSON.parse`: it keeps the last of two duplicate keys without a
 * word, so `{"end":null,"end":"2024-01-01"}` would mean whatever the last
 * writer wanted; and it cannot bound nesting. This parser:
 * - iterates with an explicit stack and refuses nesting deeper than `maxDepth`
 *   (no recursion, so no stack overflow however the input is shaped);
 * - reports every duplicate key with its path, keeping the first value;
 * - reports numbers whose text is not a whole number but which a double would
 *   round to one (`0.99999999999999999`, `1e-400`), so that a count cannot be
 *   smuggled in as a rounding artefact;
 * - keeps `__proto__` an own, ordinary key: data, never a prototype;
 * - describes a syntax error by position only, never by quoting the input.
 */
import type { PathSegment } from './field-path'
import { denotesWholeNumber } from './json-number'

export interface JsonProblem {
  readonly path: readonly PathSegment[]
  readonly expected: string
}

export type JsonParse =
  /** Not JSON at all (syntax, depth): nothing to decode. */
  | { readonly _tag: 'Malformed'; readonly problem: JsonProblem }
  /** JSON, possibly with problems that still leave a value worth decoding. */
  | { readonly _tag: 'Parsed'; readonly value: unknown; readonly problems: readonly JsonProblem[] }

interface ObjectFrame {
  readonly tag: 'object'
  readonly value: Record<string, unknown>
  key: string
}

interface ArrayFrame {
  readonly tag: 'array'
  readonly value: unknown[]
}

type Frame = ObjectFrame | ArrayFrame

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const HEX4 = /^[0-9a-fA-F]{4}$/

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}

/** Unwinds the parser on a fatal error; caught below and never thrown out of `parseJson`. */
class Malformed {
  constructor(readonly expected: string) {}
}

const isWhitespace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09

export const parseJson = (text: string, maxDepth: number): JsonParse => {
  let pos = 0
  const problems: JsonProblem[] = []
  const stack: Frame[] = []
  // The path of the value being parsed; kept in step with the stack.
  const path: PathSegment[] = []

  const at = (): string => `at character ${pos + 1}`

  const skipWhitespace = (): void => {
    while (pos < text.length && isWhitespace(text.charCodeAt(pos))) pos++
  }

  const readString = (): string => {
    const opening = pos + 1
    pos++
    let out = ''
    let start = pos
    for (;;) {
      if (pos >= text.length) throw new Malformed(`a closing quote for the string opened at character ${opening}`)
      const c = text.charCodeAt(pos)
      if (c === 0x22) {
        out += text.slice(start, pos)
        pos++
        return out
      }
      if (c < 0x20) throw new Malformed(`no raw control character inside a string ${at()} (JSON requires an escape)`)
      if (c !== 0x5c) {
        pos++
        continue
      }
      out += text.slice(start, pos)
      const escape = text[pos + 1] ?? ''
      const simple = SIMPLE_ESCAPES[escape]
      if (simple !== undefined && Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, escape)) {
        out += simple
        pos += 2
      } else if (escape === 'u' && HEX4.test(text.slice(pos + 2, pos + 6))) {
        out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16))
        pos += 6
      } else throw new Malformed(`a valid escape sequence ${at()}`)
      start = pos
    }
  }

  const readNumber = (): number => {
    NUMBER.lastIndex = pos
    const m = NUMBER.exec(text)
    if (m === null) throw new Malformed(`a JSON value ${at()}`)
    const lexeme = m[0]
    pos += lexeme.length
    const value = Number(lexeme)
    if (Number.isInteger(value) && !denotesWholeNumber(lexeme)) {
      problems.push({ path: [...path], expected: 'a number that does not need rounding (this one would become a whole number)' })
    }
    return value
  }

  const readLiteral = (word: string, value: unknown): unknown => {
    if (!text.startsWith(word, pos)) throw new Malformed(`a JSON value ${at()}`)
    pos += word.length
    return value
  }

  /** Reads `"key":` into the frame and extends the path. */
  const readKey = (frame: ObjectFrame): void => {
    skipWhitespace()
    if (text.charCodeAt(pos) !== 0x22) throw new Malformed(`a quoted key ${at()}`)
    frame.key = readString()
    skipWhitespace()
    if (text.charCodeAt(pos) !== 0x3a) throw new Malformed(`':' after the key ${at()}`)
    pos++
    path.push(frame.key)
  }

  const open = (): void => {
    if (stack.length >= maxDepth) throw new Malformed(`JSON nested no deeper than ${maxDepth} levels`)
  }

  /** Reads one value; returns it when complete, or `undefined` after opening a non-empty container. */
  const readValue = (): { readonly value: unknown } | undefined => {
    skipWhitespace()
    const c = text[pos]
    if (c === '{') {
      open()
      pos++
      const frame: ObjectFrame = { tag: 'object', value: {}, key: '' }
      skipWhitespace()
      if (text[pos] === '}') {
        pos++
        return { value: frame.value }
      }
      stack.push(frame)
      readKey(frame)
      return undefined
    }
    if (c === '[') {
      open()
      pos++
      const frame: ArrayFrame = { tag: 'array', value: [] }
      skipWhitespace()
      if (text[pos] === ']') {
        pos++
        return { value: frame.value }
      }
      stack.push(frame)
      path.push(0)
      return undefined
    }
    if (c === '"') return { value: readString() }
    if (c === 't') return { value: readLiteral('true', true) }
    if (c === 'f') return { value: readLiteral('false', false) }
    if (c === 'n') return { value: readLiteral('null', null) }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return { value: readNumber() }
    throw new Malformed(pos >= text.length ? 'a JSON value before the end of the line' : `a JSON value ${at()}`)
  }

  /**
   * Puts a finished value into its container and reads what follows it.
   * Returns the root value when the outermost value is finished, or
   * `undefined` when another value must be read first.
   */
  const settle = (finished: unknown): { readonly root: unknown } | undefined => {
    let value = finished
    for (;;) {
      const top = stack[stack.length - 1]
      if (top === undefined) return { root: value }
      if (top.tag === 'object') {
        if (Object.prototype.hasOwnProperty.call(top.value, top.key)) {
          problems.push({ path: [...path], expected: 'each key only once in its object' })
        } else if (top.key === '__proto__') {
          // Assignment would set the prototype: define it as the ordinary key it is in JSON.
          Object.defineProperty(top.value, top.key, { value, enumerable: true, writable: true, configurable: true })
        } else top.value[top.key] = value
        path.pop()
        skipWhitespace()
        const c = text[pos]
        if (c === ',') {
          pos++
          readKey(top)
          return undefined
        }
        if (c !== '}') throw new Malformed(`',' or '}' ${at()}`)
        pos++
        stack.pop()
        value = top.value
      } else {
        top.value.push(value)
        path.pop()
        skipWhitespace()
        const c = text[pos]
        if (c === ',') {
          pos++
          path.push(top.value.length)
          return undefined
        }
        if (c !== ']') throw new Malformed(`',' or ']' ${at()}`)
        pos++
        stack.pop()
        value = top.value
      }
    }
  }

  try {
    if (text.charCodeAt(0) === 0xfeff) throw new Malformed('JSON without a byte order mark')
    for (;;) {
      const read = readValue()
      if (read === undefined) continue
      const done = settle(read.value)
      if (done === undefined) continue
      skipWhitespace()
      if (pos < text.length) throw new Malformed(`nothing after the JSON value ${at()}`)
      return { _tag: 'Parsed', value: done.root, problems }
    }
  } catch (e) {
    if (e instanceof Malformed) return { _tag: 'Malformed', problem: { path: [], expected: e.expected } }
    throw e
  }
}
