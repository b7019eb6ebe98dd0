/**
 * The API's seal of the rows before a cohort cursor (engine/cohorts/list-seal):
 * HMAC-SHA256 under the deployment's EW_PSEUDONYM_KEY, so a cursor given to
 * an analyst says nothing about the children behind the pseudonyms (with a
 * plain hash, a one-row page's cursor could be matched against guessed
 * childIds), and every server of the deployment honours the others' cursors.
 * Domain-separated from the pseudonyms made with the same key.
 */
import { createHmac } from 'node:crypto'
import type { ListSeal } from '../../engine/cohorts/list-seal'

export const keyedSeal =
  (key: string): ListSeal =>
  (childIds) =>
    createHmac('sha256', key)
      .update(`cohort-cursor${childIds.map((id) => `\u0000${id}`).join('')}`, 'utf8')
      .digest('base64url')
      .slice(0, 22)
