// `corridor remittances import | import-surveys | load-history`, run as a user would: child processes on a real
// data folder (with the demo data), the real corridor history of ../shared/data, and files written here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

const bin = new URL('../bin/corridor.js', import.meta.url).pathname;
const HISTORY = new URL(
  '../../../../shared/data/remittances/rpw_corridor_quarter_avg_2016q2_2025q1.csv',
  import.meta.url,
).pathname;

function corridor(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('corridor remittances', () => {
  let dir: string;
  let env: Record<string, string>;
  const as = ['--org', 'DEMO-SEA-LBN', '--as', 'analyst.lbn@demo.corridor.invalid'];
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corridor-remit-cli-'));
    env = { CORRIDOR_DATA_DIR: dir };
    const seed = corridor(['seed', '--demo'], env);
    assert.equal(seed.code, 0, seed.err);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  const HEADER = 'period,source_code,destination_code,firm,speed actual,cc1 lcu amount,cc1 lcu fee,cc1 fx margin';

  test('an RPW file imports, exclusions are printed row by row; a bad file exits 1 naming every row', () => {
    const good = write(
      'prices.csv',
      `${HEADER}\n2019_1Q,QAT,NPL,Himal Remit,Same day,728,10,1.2\n2019_1Q,QAT,NPL,Odd Co,Next day,728,5,-0.3\n`,
    );
    const dry = corridor(['remittances', 'import', good, ...as, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^Checked \(dry run: nothing was written\) prices\.csv: 2 quotes, 2 created/);
    const r = corridor(['remittances', 'import', good, ...as], env);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Imported prices\.csv: 2 quotes, 2 created, 0 updated; quarters 2019_1Q\./);
    assert.match(r.out, /row 3: 2019_1Q QAT-NPL Odd Co, USD 200: negative_fx_margin/);
    const again = corridor(['remittances', 'import', good, ...as], env);
    assert.match(again.out, /0 created, 2 updated/);

    const bad = write('bad.csv', `${HEADER}\n2019_1Q,QAT,NPL,,Same day,728,-10,1.2\n2019_9Q,QAT,ZZZ,X,Soon,728,1,1\n`);
    const b = corridor(['remittances', 'import', bad, ...as], env);
    assert.equal(b.code, 1);
    assert.match(b.err, /nothing was imported/);
    assert.match(b.err, /row 2, firm: missing/);
    assert.match(b.err, /row 2, cc1 lcu fee: must not be negative/);
    assert.match(b.err, /row 3, period/);
    assert.match(b.err, /row 3, destination_code/);
    assert.match(b.err, /row 3, speed actual/);
    // only analysts and administrators may import
    const who = corridor(
      ['remittances', 'import', good, '--org', 'DEMO-IO-IRQ', '--as', 'caseworker.irq@demo.corridor.invalid'],
      env,
    );
    assert.equal(who.code, 1);
    assert.match(who.err, /analyst or admin/);
  });

  test('the World Bank corridor history loads for trends, and loading it again replaces it', {
    skip: fs.existsSync(HISTORY) ? false : `${HISTORY} is missing`,
  }, () => {
    const r = corridor(['remittances', 'load-history', HISTORY], env);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Loaded 10468 corridor-quarter averages/);
    const again = corridor(['remittances', 'load-history', HISTORY, '--dataset', 'rpw history'], env);
    assert.match(again.out, /Loaded 10468 corridor-quarter averages from rpw history\./);
  });

  test('a history file with an unknown country, one corridor to itself, a row twice or a quarter to come is refused, row by row', () => {
    const header =
      'period,source_code,destination_code,avg_cost_pct_200usd,avg_cost_pct_500usd,avg_fx_margin_200usd,avg_fx_margin_500usd,num_providers';
    const f = write(
      'history-bad.csv',
      `${header}\n2016_2Q,XXX,BGD,5,4,1,1,3\n2016_2Q,ARE,ARE,5,4,1,1,3\n2016_3Q,ARE,BGD,5,4,1,1,3\n2016_3Q,ARE,BGD,6,4,1,1,3\n2999_1Q,ARE,BGD,5,4,1,1,3\n`,
    );
    const r = corridor(['remittances', 'load-history', f], env);
    assert.equal(r.code, 1);
    assert.match(r.err, /not an ISO 3166-1 alpha-3 country code/);
    assert.match(r.err, /the same country as the source/);
    assert.match(r.err, /the same corridor and quarter as row 4/);
    assert.match(r.err, /row 6.*a quarter still to come/is);
    assert.doesNotMatch(r.err, /UNIQUE|constraint/i);
  });

  test('survey answers import once', () => {
    const f = write(
      'survey.csv',
      'survey,respondent ref,origin code,destination code,survey year,costs paid,costs currency,costs usd rate,monthly earnings,earnings currency,earnings usd rate\n' +
        'CLI survey,1,NPL,QAT,2024,133200,NPR,133.2,1456,QAR,3.64\n',
    );
    assert.match(corridor(['remittances', 'import-surveys', f, ...as], env).out, /1 responses, 1 created, 0 already/);
    assert.match(corridor(['remittances', 'import-surveys', f, ...as], env).out, /1 responses, 0 created, 1 already/);
  });
});
