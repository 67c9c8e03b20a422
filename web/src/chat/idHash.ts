/**
 * A stable 32-bit number from a user id (FNV-1a: cheap, and it spreads similar ids far apart). A
 * person's avatar colour and short id both come from it, so they stay the same across messages,
 * reloads and renames, in every browser.
 */
export function idHash(userId: string): number {
  let hash = 0x811c9dc5
  for (const char of userId) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0
  return hash
}
