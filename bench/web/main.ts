// `npm run bench -- web`: the weight of the web app on a slow connection. Builds the app, then reports the
// gzipped size of what the first page load needs (the entry script and stylesheet named in index.html, and the
// chunks it preloads) and of every chunk loaded later on demand.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('../../', import.meta.url).pathname;
const dist = path.join(root, 'apps/web/dist');

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const gz = (file: string) => gzipSync(fs.readFileSync(file), { level: 9 }).length;

/** Runs the benchmark; `--no-build` measures the existing build. */
export async function main(args: string[]): Promise<void> {
  if (!args.includes('--no-build')) {
    const b = spawnSync('npm', ['run', 'build', '-w', 'apps/web'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('the web build failed');
  }
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const all = fs.readdirSync(path.join(dist, 'assets')).map((f) => `assets/${f}`);
  const rows = (files: string[]) =>
    files
      .map((f) => ({ f, raw: fs.statSync(path.join(dist, f)).size, gz: gz(path.join(dist, f)) }))
      .sort((a, b) => b.gz - a.gz);
  const first = rows(initial);
  const later = rows(all.filter((f) => !initial.includes(f) && /\.(js|css)$/.test(f)));
  const js = first.filter((r) => r.f.endsWith('.js')).reduce((a, r) => a + r.gz, 0);
  const out: string[] = ['| loaded | file | raw | gzip |', '|---|---|--:|--:|'];
  for (const r of first) out.push(`| first page | ${r.f.replace(/-[\w-]{8}\./, '.')} | ${kb(r.raw)} | ${kb(r.gz)} |`);
  for (const r of later) out.push(`| on demand | ${r.f.replace(/-[\w-]{8}\./, '.')} | ${kb(r.raw)} | ${kb(r.gz)} |`);
  out.push('', `Initial JavaScript, gzipped: ${kb(js)} (target: below 200 KB).`);
  process.stdout.write(`${out.join('\n')}\n`);
}
