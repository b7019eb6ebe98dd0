/**
 * Whether an input FILE can be read, asked before anything else is done
 * (for `ingest`, before the database is opened): a missing file, a folder or
 * one without read permission is bad input, said in one line naming the
 * file, not an internal error.
 */
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
}

/** Why `path` cannot be read as a file, or undefined when it can (`-`, stdin, always can). */
export const unreadableFile = async (path: string): Promise<string | undefined> => {
  if (path === '-') return undefined
  try {
    if (!(await stat(path)).isFile()) return 'not a file'
    await access(path, constants.R_OK)
    return undefined
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' ? (REASONS[code] ?? code) : 'cannot be read'
  }
}

export const cannotRead = (path: string, reason: string): string => `cannot read ${path}: ${reason}`
