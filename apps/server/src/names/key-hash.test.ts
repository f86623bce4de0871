// The stored form of search keys (names/key-hash.ts): a stable 53-bit number per organisation and key, equal to the
// frozen copy the migration used to carry existing keys over.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { keyHashOfMigration } from '../db/migrations/20261129T0090_search_keys.ts';
import { KEY_HASH_LIMIT, keyHash, keyHasher, packKeyHashes, unpackKeyHashes } from './key-hash.ts';
import { personKeys, personTokens } from './name-keys.ts';

const ORG = '3f0a4c8e-6b1d-4e2a-9c7f-0d5e8b2a1c93';
const OTHER = 'a81b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('name key hashes', () => {
  const keys = personKeys(personTokens(['Mohamed Ali Hassan', 'محمد علي حسن', 'Fatimah Abd al-Rahman']), '1990-03-01');

  test('integers below 2^53, the same for the same organisation and key', () => {
    assert.ok(keys.length > 20);
    for (const k of keys) {
      const h = keyHash(ORG, k);
      assert.ok(Number.isSafeInteger(h) && h >= 0 && h < KEY_HASH_LIMIT, `${k} -> ${h}`);
      assert.equal(keyHasher(ORG)(k), h);
      assert.equal(keyHash(ORG.toUpperCase(), k), h, 'the organisation id is compared case-blind');
    }
  });

  test('different keys and different organisations give different numbers', () => {
    const all = new Set(keys.map((k) => keyHash(ORG, k)));
    assert.equal(all.size, keys.length);
    for (const k of keys) assert.notEqual(keyHash(OTHER, k), keyHash(ORG, k));
    // many similar keys: no collision among 200,000 (a 53-bit hash collides there with probability ~2e-6)
    const seen = new Set<number>();
    const hash = keyHasher(ORG);
    for (let i = 0; i < 200_000; i++) seen.add(hash(`y:${1900 + (i % 120)}:n${i}`));
    assert.equal(seen.size, 200_000);
  });

  test('the high bits are used (numbers spread over the whole range)', () => {
    const hash = keyHasher(ORG);
    let high = 0;
    for (let i = 0; i < 1000; i++) if (hash(`t:name${i}`) >= KEY_HASH_LIMIT / 2) high++;
    assert.ok(high > 400 && high < 600, `${high} of 1000 in the upper half`);
  });

  test('agrees with the frozen copy of migration 20261129T0090_search_keys', () => {
    for (const org of [ORG, OTHER])
      for (const k of [...keys, '', 'x', 'q:abdullah.muhammad', 'y:2001:MHMT', 't:ü'])
        assert.equal(keyHashOfMigration(org, k), keyHash(org, k), k);
  });

  test('a packed list unpacks to the same numbers', () => {
    const hashes = [0, 1, 2 ** 32 - 1, 2 ** 32, KEY_HASH_LIMIT - 1, ...keys.map((k) => keyHash(ORG, k))];
    const packed = packKeyHashes(hashes);
    assert.equal(packed.length, hashes.length * 8);
    assert.deepEqual(unpackKeyHashes(packed), hashes);
    assert.deepEqual(unpackKeyHashes(new Uint8Array(packed)), hashes);
    assert.deepEqual(unpackKeyHashes(null), []);
  });
});
