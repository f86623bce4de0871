import { hash, verify } from '@node-rs/argon2';
import { DomainError } from '../errors.ts';

/**
 * argon2id with OWASP's minimum (19 MiB, 2 iterations, 1 lane), per SECURITY.md. Hashes made with weaker
 * parameters are replaced at the next successful login.
 */
export const ARGON2_POLICY = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
/** `Algorithm.Argon2id` of @node-rs/argon2 (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

/** Hashes a password with argon2id at the policy's parameters. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, ...ARGON2_POLICY });
}

/** Checks a password against a stored hash; false on any malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Reads the algorithm and parameters out of a PHC string such as `$argon2id$v=19$m=19456,t=2,p=1$...`. */
export function parsePhc(stored: string): { algorithm: string; m: number; t: number; p: number } | null {
  const m = /^\$(argon2(?:id|i|d))\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/.exec(stored);
  if (!m) return null;
  return { algorithm: m[1]!, m: Number(m[2]), t: Number(m[3]), p: Number(m[4]) };
}

/** True when a stored hash is weaker than the policy and should be replaced. */
export function needsRehash(stored: string): boolean {
  const p = parsePhc(stored);
  return p?.algorithm !== 'argon2id' || p.m < ARGON2_POLICY.memoryCost || p.t < ARGON2_POLICY.timeCost;
}

// A hash of a random string, verified when the account does not exist so that both paths take the same time.
let decoy: Promise<string> | undefined;
/** Spends the same effort as a real verification, for unknown accounts. */
export async function verifyDecoy(password: string): Promise<void> {
  decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`);
  await verifyPassword(await decoy, password);
}

// Passwords that meet the length rule but appear at the top of breach corpora, and patterns that make them.
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456123456',
  '123123123123',
  '111111111111',
  '000000000000',
  '121212121212',
  '147258369147',
  '987654321098',
  '098765432109',
  'password1234',
  'password12345',
  'password123456',
  'passwordpassword',
  'password1password',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwertyuiopasdf',
  'qwertyuiopasdfghjkl',
  'qwerty123456',
  'qwertyqwerty',
  'asdfghjkl123',
  'asdfasdfasdf',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'zaq12wsxcde3',
  'iloveyou1234',
  'iloveyouiloveyou',
  'abcdefghijkl',
  'abcdefghijklm',
  'abc123abc123',
  'abcd1234abcd',
  'administrator',
  'administrator1',
  'admin1234567',
  'adminadmin123',
  'welcome12345',
  'welcome123456',
  'letmein12345',
  'changeme1234',
  'changeme123456',
  'trustno1trustno1',
  'football1234',
  'baseball1234',
  'sunshine1234',
  'princess1234',
  'superman1234',
  'starwars1234',
  'monkey123456',
  'dragon123456',
  'master123456',
  'whatever1234',
  'p@ssw0rd1234',
  'p@ssword1234',
  'passw0rd1234',
  'corridor1234',
  'corridor123456',
  'correcthorsebatterystaple',
  'motdepasse123',
  'contrasena123',
  'contraseña123',
  '1234567890qwerty',
  'qwerty1234567890',
  'aaaaaaaaaaaa',
  'azertyuiop12',
]);

/**
 * Refuses breached, very common or trivially guessable passwords (NIST SP 800-63B 5.1.1.2). Length is checked by
 * the request schema; no composition rules and no forced rotation.
 */
export function assertPasswordAcceptable(
  password: string,
  context: { email?: string; name?: string } = {},
  pointer = '/password',
): void {
  const lower = password.toLowerCase();
  // Each reason with a code a client words in its language (params.reasons, space-separated) and its English words.
  const reasons: [WeakReason, string][] = [];
  if (COMMON.has(lower)) reasons.push(['common', 'it is one of the most common passwords']);
  if (/^(.)\1+$/.test(password)) reasons.push(['one_character', 'it repeats one character']);
  if (/^(.{1,4})\1+$/.test(lower)) reasons.push(['short_pattern', 'it repeats a short pattern']);
  if (isSequence(lower)) reasons.push(['sequence', 'it is a keyboard or number sequence']);
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) reasons.push(['email', 'it contains your email address']);
  if (new Set(password).size < 5) reasons.push(['few_characters', 'it uses fewer than 5 different characters']);
  if (reasons.length) {
    const words = reasons.map(([, w]) => w).join('; ');
    throw new DomainError('weak_password', `Choose another password: ${words}.`, {
      errors: [
        {
          location: 'body',
          pointer,
          message: words,
          code: 'weak_password',
          params: { reasons: reasons.map(([c]) => c).join(' ') },
        },
      ],
    });
  }
}

/** Why a password is refused (params.reasons of a weak_password issue). */
export type WeakReason = 'common' | 'one_character' | 'short_pattern' | 'sequence' | 'email' | 'few_characters';

function isSequence(s: string): boolean {
  const rows = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
  const stripped = s.replace(/[^a-z0-9]/g, '');
  if (stripped.length < s.length - 2) return false;
  return rows.some((row) => {
    const both = row + row;
    const rev = [...both].reverse().join('');
    return both.includes(stripped) || rev.includes(stripped);
  });
}
