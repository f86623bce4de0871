// `corridor report annual`, run as an operator would: child processes on a real data folder with the demo data;
// the report comes out as JSON, as HTML in Arabic, and as a PDF printed by the system's chromium.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';

const bin = new URL('../../../bin/corridor.js', import.meta.url).pathname;
const CHROMIUM = '/usr/bin/chromium';

function corridor(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('corridor report annual', () => {
  let dir: string;
  let env: Record<string, string>;
  const year = String(new Date().getUTCFullYear());
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-report-cli-'));
    env = { CORRIDOR_DATA_DIR: dir };
    const seed = corridor(['seed', '--demo'], env);
    assert.equal(seed.code, 0, seed.err);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('JSON and Arabic HTML for an organisation, JSON for the platform; an existing file is kept', () => {
    const json = path.join(dir, 'irq.json');
    const r = corridor(
      ['report', 'annual', '--year', year, '--format', 'json', '--org', 'DEMO-IO-IRQ', '--out', json],
      env,
    );
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, new RegExp(`Annual evidence report ${year} \\(DEMO-IO-IRQ, en, json\\) written to`));
    const report = JSON.parse(fs.readFileSync(json, 'utf8'));
    assert.equal(report.format, 'corridor.annual-evidence-report');
    assert.equal(report.scope.code, 'DEMO-IO-IRQ');
    const people = report.headline.find((f: { id: string }) => f.id === 'people-assisted');
    assert.ok(people.value === null || people.value >= 5, 'published: never below the threshold');

    const html = path.join(dir, 'irq-ar.html');
    const h = corridor(
      [
        'report',
        'annual',
        '--year',
        year,
        '--format',
        'html',
        '--language',
        'ar',
        '--org',
        'DEMO-IO-IRQ',
        '--out',
        html,
      ],
      env,
    );
    assert.equal(h.code, 0, h.err);
    assert.match(fs.readFileSync(html, 'utf8'), /<html lang="ar" dir="rtl">/);

    const again = corridor(
      ['report', 'annual', '--year', year, '--format', 'json', '--org', 'DEMO-IO-IRQ', '--out', json],
      env,
    );
    assert.equal(again.code, 1);
    assert.match(again.err, /exists; use --force/);

    const platform = path.join(dir, 'platform.json');
    const p = corridor(['report', 'annual', '--year', year, '--format', 'json', '--platform', '--out', platform], env);
    assert.equal(p.code, 0, p.err);
    assert.equal(JSON.parse(fs.readFileSync(platform, 'utf8')).scope.kind, 'platform');
  });

  test('bad options are refused with a clear message', () => {
    const out = path.join(dir, 'x.json');
    const both = corridor(['report', 'annual', '--year', year, '--format', 'json', '--out', out], env);
    assert.equal(both.code, 1);
    assert.match(both.err, /exactly one of --org CODE or --platform/);
    const fmt = corridor(['report', 'annual', '--year', year, '--format', 'docx', '--platform', '--out', out], env);
    assert.notEqual(fmt.code, 0);
    assert.match(fmt.err, /docx/);
    const org = corridor(['report', 'annual', '--year', year, '--format', 'json', '--org', 'NOPE', '--out', out], env);
    assert.equal(org.code, 1);
    assert.match(org.err, /No organisation has the code NOPE/);
    for (const bad of ['9999', '0000', 'abc']) {
      const y = corridor(['report', 'annual', '--year', bad, '--format', 'json', '--platform', '--out', out], env);
      assert.equal(y.code, 1, bad);
      assert.match(y.err, /--year must be a whole number from 2000 to 2100/);
    }
    // A year to come (before 2100) is refused as such, and no file is written.
    const future = corridor(
      ['report', 'annual', '--year', '2099', '--format', 'json', '--platform', '--out', out],
      env,
    );
    assert.equal(future.code, 1, future.out);
    assert.match(future.err, new RegExp(`--year must not be after the current year, ${year} \\(got "2099"\\)`));
    assert.equal(fs.existsSync(out), false);
    // A report that cannot be written (no such folder) leaves no audit entry of having been produced.
    const entries = () => {
      const db = new SQLite(path.join(dir, 'corridor.sqlite'), { readonly: true });
      const n = (
        db.prepare("select count(*) as n from audit_log where action = 'evidence.annual_report'").get() as {
          n: number;
        }
      ).n;
      db.close();
      return n;
    };
    const produced = entries();
    const nowhere = corridor(
      ['report', 'annual', '--year', year, '--format', 'json', '--platform', '--out', path.join(dir, 'no', 'x.json')],
      env,
    );
    assert.equal(nowhere.code, 1);
    assert.equal(entries(), produced);
  });

  test('PDF through the system chromium', {
    skip: fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`,
  }, () => {
    const pdf = path.join(dir, 'irq.pdf');
    const r = corridor(
      ['report', 'annual', '--year', year, '--format', 'pdf', '--language', 'ar', '--org', 'DEMO-IO-IRQ', '--out', pdf],
      env,
    );
    assert.equal(r.code, 0, r.err);
    const bytes = fs.readFileSync(pdf);
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    assert.ok(bytes.length > 20_000, `a PDF with content (${bytes.length} bytes)`);
    const missing = corridor(
      [
        'report',
        'annual',
        '--year',
        year,
        '--format',
        'pdf',
        '--org',
        'DEMO-IO-IRQ',
        '--out',
        path.join(dir, 'no.pdf'),
      ],
      { ...env, CORRIDOR_CHROMIUM_PATH: '/nonexistent/chromium' },
    );
    assert.equal(missing.code, 1);
    assert.match(missing.err, /PDF reports need chromium at \/nonexistent\/chromium/);
  });
});
