/**
 * What a paging cursor keeps of the rows before it. A cursor is honoured
 * only while those rows are still the same children in the same order, so
 * a list that changed between two pages (an ingest, a new day) is never
 * paged on by position: a child would be skipped or shown twice. The
 * caller then starts again from the first page.
 */
export type ListSeal = (childIds: readonly string[]) => string

/**
 * A plain 53-bit hash of the ids (cyrb53): enough to tell a changed list
 * from the same one, not to hide anything. For the command line, whose
 * operator sees every childId anyway; the API seals with a keyed hash, so
 * that an analyst's cursor says nothing about the children behind the
 * pseudonyms (api/access/cursor-seal).
 */
export const plainSeal: ListSeal = (childIds) => {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  const mix = (code: number): void => {
    h1 = Math.imul(h1 ^ code, 2654435761)
    h2 = Math.imul(h2 ^ code, 1597334677)
  }
  for (const id of childIds) {
    for (let i = 0; i < id.length; i += 1) mix(id.charCodeAt(i))
    mix(0x10000) // a separator no code unit can be: ["ab","c"] and ["a","bc"] differ
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}
