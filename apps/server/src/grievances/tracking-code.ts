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
 * A tracking code as a person typed it, before the contract's check (TrackingCode): upper case, without spaces or
 * hyphens, and with the digits people type for look-alike letters read as those letters (0 for O, 1 for I, 8 for
 * B). The base32 alphabet has no 0, 1, 8 or 9, so the reading is never ambiguous. The shared contract stays strict
 * (the JSON API's clients send the code as given); the public page, where people type it, reads it this way.
 */
export function typedTrackingCode(typed: string): string {
  return typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[018]/g, (d) => LOOK_ALIKES[d]!);
}
const LOOK_ALIKES: Record<string, string> = { '0': 'O', '1': 'I', '8': 'B' };

/**
 * What is stored of a code: its SHA-256. A plain hash (no salt, no slow hash) is enough for a 100-bit random
 * secret: there is no dictionary to try, and it lets the code be looked up by its hash in one indexed read.
 */
export function trackingHash(normalisedCode: string): string {
  return createHash('sha256').update(`corridor-grievance:${normalisedCode}`).digest('hex');
}
