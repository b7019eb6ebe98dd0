/**
 * The `X-Purpose` header as it is stored in the audit log: the client's stated
 * reason for a consultation (DPA 2018 s62 "justification").
 *
 * It is free text from the client, so before it is stored it is normalised
 * (NFC), stripped of control, bidirectional-override and other invisible
 * formatting characters and of lone surrogates (which would spoof or break
 * whatever displays the log later), whitespace is collapsed, and it is cut to
 * 200 characters. An empty result counts as no purpose.
 */
export const MAX_PURPOSE_LENGTH = 200

// C0 and C1 controls, bidi embeddings/overrides/isolates, zero-width and other format characters.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

export const sanitisePurpose = (header: string | readonly string[] | undefined): string | null => {
  const raw = typeof header === 'string' ? header : header?.[0]
  if (raw === undefined) return null
  // Node hands header values over as latin1 (one character per byte); a UTF-8 client's text is re-read as UTF-8.
  const text = /^[\u0000-\u00ff]*$/.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw
  const cleaned = text
    .normalize('NFC')
    .replace(LONE_SURROGATE, '')
    .replace(UNSAFE, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  if (cleaned === '') return null
  const cut = Array.from(cleaned).slice(0, MAX_PURPOSE_LENGTH).join('')
  return cut.trim()
}
