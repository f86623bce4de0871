// An open-loop load generator: sends GET requests at a fixed rate (whatever the answers' speed, as real visitors
// do) over keep-alive connections, cycling through the given paths, and reports latency percentiles measured from
// sending to the last byte. On loopback this is an upper bound of the server's own time. Prints one line of JSON.
//   node --import tsx bench/remittances/load.ts BASE_URL RATE SECONDS PATHS_FILE
import fs from 'node:fs';
import http from 'node:http';

const [base, rateArg, secondsArg, pathsFile] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const paths = fs.readFileSync(pathsFile!, 'utf8').split('\n').filter(Boolean);
const url = new URL(base!);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const latencies: number[] = [];
let errors = 0;
let non200 = 0;
let sent = 0;

function one(p: string): Promise<void> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get({ host: url.hostname, port: url.port, path: p, agent }, (res) => {
      if (res.statusCode !== 200) non200++;
      res.on('data', () => {});
      res.on('end', () => {
        latencies.push(performance.now() - t0);
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
  });
}

const pending: Promise<void>[] = [];
const start = performance.now();
const total = Math.round(rate * seconds);
await new Promise<void>((done) => {
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (sent < due) pending.push(one(paths[sent++ % paths.length]!));
    if (sent >= total) return done();
    setTimeout(tick, 1);
  };
  tick();
});
await Promise.all(pending);
const elapsed = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const q = (x: number) => latencies[Math.min(latencies.length - 1, Math.floor(x * latencies.length))] ?? Number.NaN;
agent.destroy();
process.stdout.write(
  `${JSON.stringify({ sent, completed: latencies.length, errors, non200, achievedRps: latencies.length / elapsed, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: latencies.at(-1) })}\n`,
);
