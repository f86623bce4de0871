import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compareTokens, personKeys, personTokens, tokenInfo } from './name-keys.ts';
import { nameTokens } from './normalise.ts';
import { deletions, phoneticKey } from './phonetic.ts';

// Names from the alphabets Corridor meets: Latin with diacritics, Arabic (with short-vowel marks), Cyrillic,
// plus spaces, hyphens and apostrophes.
const latinChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèüößçñøłİı'.split(''));
const arabicChar = fc.integer({ min: 0x0621, max: 0x0652 }).map((c) => String.fromCodePoint(c));
const cyrillicChar = fc.integer({ min: 0x0410, max: 0x044f }).map((c) => String.fromCodePoint(c));
const separator = fc.constantFrom(' ', '-', "'", '  ', ' al-', ' bin ', ' Abd ');
const anyName = fc
  .array(fc.oneof({ weight: 5, arbitrary: latinChar }, arabicChar, cyrillicChar, separator), { maxLength: 40 })
  .map((cs) => cs.join(''));
const latinName = fc
  .array(
    fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'.split('')) }, fc.constant(' ')),
    {
      minLength: 1,
      maxLength: 30,
    },
  )
  .map((cs) => cs.join(''));
const token = fc.stringMatching(/^[a-z]{2,12}$/);

describe('name normalisation properties', () => {
  test('normalising twice changes nothing (idempotent), in any script', () => {
    fc.assert(
      fc.property(anyName, (s) => {
        const once = nameTokens(s);
        assert.deepEqual(nameTokens(once.join(' ')), once);
      }),
      { numRuns: 2000 },
    );
  });

  test('canonical tokens are lower-case Latin letters, 2 to 40 long, at most 12 of them', () => {
    fc.assert(
      fc.property(anyName, (s) => {
        const tokens = nameTokens(s);
        assert.ok(tokens.length <= 12);
        for (const t of tokens) assert.match(t, /^[a-z]{2,40}$/);
      }),
      { numRuns: 2000 },
    );
  });

  test('case and diacritics do not change the keys', () => {
    const accents = ['\u0301', '\u0300', '\u0308', '\u0327', '\u0303'];
    fc.assert(
      fc.property(latinName, fc.array(fc.nat(4), { maxLength: 30 }), (s, marks) => {
        const decorated = [...s]
          .map((c, i) => (/[a-z]/.test(c) && marks[i] !== undefined ? c + accents[marks[i]!] : c))
          .join('');
        const keys = personKeys(personTokens([s]));
        assert.deepEqual(personKeys(personTokens([s.toUpperCase()])), keys);
        assert.deepEqual(personKeys(personTokens([decorated.normalize('NFC')])), keys);
        assert.deepEqual(personKeys(personTokens([decorated])), keys);
      }),
      { numRuns: 1000 },
    );
  });

  test('every key fits the 64-character column', () => {
    fc.assert(
      fc.property(anyName, anyName, (a, b) => {
        for (const k of personKeys(personTokens([a, b]), '1990-01-01'))
          assert.ok(k.length <= 64 && /^[tvpdqy]:/.test(k), k);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('token matching properties', () => {
  test('a token matches itself exactly, and matching is symmetric', () => {
    fc.assert(
      fc.property(token, token, (a, b) => {
        assert.equal(compareTokens(tokenInfo(a), tokenInfo(a)), 'exact');
        assert.equal(compareTokens(tokenInfo(a), tokenInfo(b)), compareTokens(tokenInfo(b), tokenInfo(a)));
      }),
      { numRuns: 2000 },
    );
  });

  test('adding, dropping or changing one vowel after the first letter never changes the phonetic key', () => {
    // Letters that form no digraph with each other (sh, th, kh, dj... are one sound, and a vowel between their
    // letters rightly changes the key), and no h (a final h after a vowel is silent).
    const plain = fc.stringMatching(/^[bdfklmnrtvzaeiou]{2,12}$/);
    fc.assert(
      fc.property(plain, fc.nat(), fc.constantFrom('a', 'e', 'i', 'o', 'u'), (t, at, v) => {
        const i = 1 + (at % t.length);
        const edits = [t.slice(0, i) + v + t.slice(i)];
        if (i < t.length && /[aeiou]/.test(t[i]!))
          edits.push(t.slice(0, i) + t.slice(i + 1), t.slice(0, i) + v + t.slice(i + 1));
        for (const e of edits) assert.equal(phoneticKey(e), phoneticKey(t), `${t} -> ${e}`);
      }),
      { numRuns: 2000 },
    );
  });

  test('one consonant typo (insert, delete, replace) stays within the typo neighbourhood', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[BFTSKJLMNRH]{3,8}$/),
        fc.nat(),
        fc.constantFrom(...'BFTSKJLMNRH'.split('')),
        (key, at, c) => {
          const i = at % key.length;
          const variants = [
            key.slice(0, i) + key.slice(i + 1),
            key.slice(0, i) + c + key.slice(i + 1),
            key.slice(0, i) + c + key.slice(i),
          ];
          const near = new Set([key, ...deletions(key)]);
          for (const v of variants) {
            const theirs = [v, ...deletions(v)];
            assert.ok(
              theirs.some((x) => near.has(x)),
              `${key} vs ${v}`,
            );
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
