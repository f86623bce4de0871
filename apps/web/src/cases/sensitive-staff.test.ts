// A supervisor is not offered a sensitive record for themselves unless they are a caseworker too (the server
// refuses it); every other active colleague the picker lists stays.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Role, User } from '@corridor/contracts';
import { sensitiveAssignees } from './sensitive-staff.ts';

const user = (id: string, roles: Role[]) => ({ id, roles, displayName: id, disabled: false }) as User;

test('the pickers of a sensitive record leave out the caller unless they are a caseworker', () => {
  const staff = [user('sup', ['supervisor']), user('cw', ['caseworker']), user('both', ['caseworker', 'supervisor'])];
  const bySupervisor = sensitiveAssignees(staff, { id: 'sup', roles: ['supervisor'] });
  assert.deepEqual(
    bySupervisor.users.map((u) => u.id),
    ['cw', 'both'],
  );
  assert.equal(bySupervisor.selfLeftOut, true);
  const byBoth = sensitiveAssignees(staff, { id: 'both', roles: ['caseworker', 'supervisor'] });
  assert.deepEqual(
    byBoth.users.map((u) => u.id),
    ['sup', 'cw', 'both'],
  );
  assert.equal(byBoth.selfLeftOut, false);
});

test('the current assignee of a sensitive case stays offered, even the supervisor themselves', () => {
  const staff = [user('sup', ['supervisor']), user('cw', ['caseworker'])];
  const kept = sensitiveAssignees(staff, { id: 'sup', roles: ['supervisor'] }, 'sup');
  assert.deepEqual(
    kept.users.map((u) => u.id),
    ['sup', 'cw'],
  );
  assert.equal(kept.selfLeftOut, false);
});
