// The CLI's bounded read of an import file: a regular file within the limit is read; a device, a pipe or a file
// past the limit is refused with a readable message, at once (never read into memory first, never waited on).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readBoundedFile } from './cli-files.ts';

test('a regular file within the limit is read; a device, a pipe, a missing or too large file is refused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-cli-files-'));
  try {
    const file = path.join(dir, 'people.csv');
    fs.writeFileSync(file, 'name_latin\nAmina Yusuf\n');
    assert.equal(readBoundedFile(file, 1024).toString(), 'name_latin\nAmina Yusuf\n');
    assert.throws(() => readBoundedFile(file, 10), /larger than the import limit \(23 bytes, the limit is 10/);
    assert.throws(() => readBoundedFile('/dev/zero', 1024), /not a regular file/);
    assert.throws(() => readBoundedFile(path.join(dir, 'none.csv'), 1024), { code: 'ENOENT' });
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    assert.throws(() => readBoundedFile(fifo, 1024), /not a regular file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
