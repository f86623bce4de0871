import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * A new tracking code: 20 characters of RFC 4648 base32 (100 random bits), shown grouped as XXXXX-XXXXX-XXXXX-XXXXX.
 * The alphabet avoids 0/O and 1/I confusion. 100 bits cannot be guessed online, even without the rate limit.
 */
export function newTrackingCode(): { code: string; display: string } {
  const bytes = randomBytes(20);
  let code = '';
  // 256 is a multiple of 32, so `byte & 31` is uniform
  for (const b of bytes) code += ALPHABET[b & 31];
  return { code, display: code.match(/.{5}/g)!.join('-') };
}

/**
 * What is stored of a code: its SHA-256. A plain hash (no salt, no slow hash) is enough for a 100-bit random
 * secret: there is no dictionary to try, and it lets the code be looked up by its hash in one indexed read.
 */
export function trackingHash(normalisedCode: string): string {
  return createHash('sha256').update(`corridor-grievance:${normalisedCode}`).digest('hex');
}
