// `npm test`: every *.test.ts of the workspaces in one run of node's test runner, on SQLite and, when
// CORRIDOR_TEST_PG_URL is set, on PostgreSQL too. Ends with the runner's summary line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const roots = ['packages', 'apps', 'bench', 'scripts'];
const skip = new Set(['node_modules', 'dist', 'data']);
const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (/\.test\.(ts|mjs)$/.test(e.name)) files.push(full);
  }
};
for (const r of roots) if (fs.existsSync(r)) walk(r);
const only = process.argv.slice(2);
const chosen = only.length ? files.filter((f) => only.some((o) => f.includes(o))) : files;
chosen.sort();
// The browser tests serve the built web app: build it first when it is missing (a fresh clone), once, before the
// test files run side by side.
if (chosen.some((f) => /browser-.*\.e2e\.test\.mjs$/.test(f)) && !fs.existsSync('apps/web/dist/index.html')) {
  process.stdout.write('Building the web app for the browser tests (npm run build)...\n');
  const b = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (b.status !== 0) {
    process.stdout.write('0 passed, 1 failed (the web app did not build)\n');
    process.exit(1);
  }
}
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./scripts/summary-reporter.mjs',
    '--test-reporter-destination=stdout',
    ...chosen,
  ],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(r.status ?? 1);
