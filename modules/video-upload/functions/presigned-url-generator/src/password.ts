import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Is `candidate` one of `passwords`? Both sides are hashed to equal-length SHA-256 digests
 * and compared with `crypto.timingSafeEqual`, and every configured password is compared
 * (no early exit), so the time taken says nothing about how close a guess was or which
 * entry matched.
 */
export function passwordMatches(candidate: string, passwords: readonly string[]): boolean {
  if (candidate.length === 0) return false;
  const digest = sha256(candidate);
  let matched = false;
  for (const password of passwords) {
    // timingSafeEqual first so it runs for every entry, also after a match.
    matched = timingSafeEqual(digest, sha256(password)) || matched;
  }
  return matched;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
