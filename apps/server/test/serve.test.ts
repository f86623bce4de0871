// `corridor serve` as a newcomer meets it: first start seeds the demo and prints one-time credentials; a
// production start never does; SIGTERM shuts down gracefully.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const bin = new URL('../bin/corridor.js', import.meta.url).pathname;

function start(env: Record<string, string>): Promise<{ child: ChildProcess; out: string; url: string }> {
  const child = spawn(process.execPath, [bin, 'serve'], {
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: '0', CORRIDOR_WEB_DIST: '/nonexistent', ...env },
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s: ${out}`)), 30_000);
    child.stderr!.on('data', (d) => {
      out += d;
    });
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m && (out.includes('demo-credentials') || !out.includes('Demo data'))) {
        setTimeout(() => {
          clearTimeout(timer);
          resolve({ child, out, url: m[1]! });
        }, 200);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

test('first start seeds the demo and prints one-time credentials; a restart does not seed again', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-serve-'));
  try {
    const first = await start({ CORRIDOR_DATA_DIR: dir, NODE_ENV: 'development' });
    const m = /Email: +(\S+)\n +Password: +(\S+)/.exec(first.out);
    assert.ok(m, first.out);
    const [, email, password] = m;
    const health = await fetch(`${first.url}/api/health`);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    assert.equal(login.status, 200);
    assert.equal((await login.json()).secondFactor, 'enrol', 'the demo administrator must set up a second factor');
    assert.equal(await stop(first.child), 0, 'graceful shutdown exits 0');

    const second = await start({ CORRIDOR_DATA_DIR: dir, NODE_ENV: 'development' });
    assert.doesNotMatch(second.out, /Demo data was created/);
    await stop(second.child);

    const third = await start({
      CORRIDOR_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-serve-')),
      NODE_ENV: 'development',
    });
    const m3 = /Password: +(\S+)/.exec(third.out);
    assert.notEqual(m3?.[1], password, 'never a fixed default password');
    await stop(third.child);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no demo data in production or when disabled', async () => {
  const envs: Record<string, string>[] = [
    { NODE_ENV: 'production', CORRIDOR_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') },
    { NODE_ENV: 'development', CORRIDOR_DEMO_DATA: 'off' },
  ];
  for (const env of envs) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-serve-'));
    try {
      const s = await start({ CORRIDOR_DATA_DIR: dir, ...env });
      assert.doesNotMatch(s.out, /Demo data|Password/);
      const r = await fetch(`${s.url}/api/health`);
      assert.equal(r.status, 200);
      await stop(s.child);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('a server started with another secret key than the database was set up with is refused, saying why', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-serve-'));
  const key = (n: number) => Buffer.alloc(32, n).toString('base64');
  try {
    const env = { CORRIDOR_DATA_DIR: dir, NODE_ENV: 'development', CORRIDOR_DEMO_DATA: 'off' };
    const first = await start({ ...env, CORRIDOR_SECRET_KEY: key(7) });
    await stop(first.child);
    await assert.rejects(start({ ...env, CORRIDOR_SECRET_KEY: key(8) }), (err: Error) => {
      assert.match(err.message, /^exited 1:/);
      assert.match(err.message, /secret key is not the one this database was set up with/);
      return true;
    });
    // The right key still starts.
    const again = await start({ ...env, CORRIDOR_SECRET_KEY: key(7) });
    await stop(again.child);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
