/**
 * The Node flags the `early-warning` executable runs with (its `#!` line,
 * and every script or bench that starts it or does its work in-process).
 *
 * A young generation of 64 MB semispaces rather than V8's 16: ingest and
 * scoring make short-lived objects quickly (a chunk's rows, a page's facts),
 * and with small semispaces most of a chunk or page is still alive at each
 * scavenge, so it was copied, promoted, and marked again in the old
 * generation. bench:ingest at 100,000 children: Node's CPU in ingest 16.5 ->
 * 14.2 s, scoring 5.9 -> 5.2 s; peak RSS while scoring stays under 512 MB
 * (bench:memory). Tests keep this in step with cli/main.ts and package.json.
 */
export const CLI_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64']
