import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../errors.ts';
import { assertPasswordAcceptable, hashPassword, needsRehash, parsePhc, verifyPassword } from './passwords.ts';
import { newRecoveryCodes, normaliseRecoveryCode } from './totp.ts';

test('hash and verify: the right password passes, any other fails', async () => {
  const h = await hashPassword('Tq7!correct horse battery');
  assert.equal(await verifyPassword(h, 'Tq7!correct horse battery'), true);
  assert.equal(await verifyPassword(h, 'Tq7!correct horse batterY'), false);
  assert.equal(await verifyPassword('not a hash', 'x'), false);
  assert.equal(needsRehash(h), false);
});

test('weaker hashes are upgraded at next login', () => {
  assert.equal(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g'), true);
  assert.equal(needsRehash('$argon2i$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g'), true);
  assert.equal(needsRehash('$2b$12$abcdefghijklmnopqrstuv'), true);
  assert.deepEqual(parsePhc('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g'), {
    algorithm: 'argon2id',
    m: 19456,
    t: 2,
    p: 1,
  });
});

test('common, repetitive and sequential passwords are refused; random ones accepted', () => {
  for (const p of [
    'password1234',
    'Password1234',
    'qwertyuiop12',
    'zzzzzzzzzzzz',
    'abababababab',
    '123456789012',
    'abcdefghijklmnop',
    'ponmlkjihgfedcba',
  ]) {
    assert.throws(() => assertPasswordAcceptable(p), DomainError, p);
  }
  assert.throws(() => assertPasswordAcceptable('amina.yusuf-2026!', { email: 'amina.yusuf@example.org' }), /email/);
  fc.assert(
    fc.property(fc.uint8Array({ minLength: 12, maxLength: 32 }), (bytes) => {
      const p = Buffer.from(bytes).toString('base64');
      fc.pre(new Set(p).size >= 8);
      assertPasswordAcceptable(p);
    }),
  );
});

test('recovery codes: ten distinct, and typed in any case or spacing they still match', () => {
  const codes = newRecoveryCodes();
  assert.equal(new Set(codes).size, 10);
  for (const c of codes) {
    assert.match(c, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    assert.equal(normaliseRecoveryCode(` ${c.toLowerCase().replace(/-/g, ' ')} `), normaliseRecoveryCode(c));
  }
});
