// Open-loop load: GET requests at a fixed rate whatever the answers' speed (as real visitors arrive), over
// keep-alive connections, cycling through the queries of QUERIES_FILE appended to PATH_PREFIX. Latency is taken
// from sending to the last byte of the answer; on loopback that is an upper bound of the server's own time.
// Prints one line of JSON.
//   node --import tsx bench/public-lookup/load.ts BASE_URL PATH_PREFIX RATE SECONDS QUERIES_FILE
import fs from 'node:fs';
import http from 'node:http';

const [base, prefix, rateArg, secondsArg, file] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const queries = fs.readFileSync(file!, 'utf8').split('\n').filter(Boolean);
const target = new URL(base!);
const agent = new http.Agent({ keepAlive: true, maxSockets: 100 });

const latencies: number[] = [];
let failed = 0;
let scheduled = 0;

function request(path: string): Promise<void> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get({ host: target.hostname, port: target.port, path, agent }, (res) => {
      const ok = res.statusCode === 200;
      res.resume();
      res.on('end', () => {
        if (ok) latencies.push(performance.now() - t0);
        else failed++;
        resolve();
      });
    });
    req.on('error', () => {
      failed++;
      resolve();
    });
  });
}

const inFlight: Promise<void>[] = [];
const total = Math.round(rate * seconds);
const t0 = performance.now();
await new Promise<void>((finish) => {
  const pump = () => {
    // Send every request whose time has come (its slot is t0 + i / rate), then wait for the next slot.
    const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
    while (scheduled < due) inFlight.push(request(`${prefix}${queries[scheduled++ % queries.length]}`));
    if (scheduled >= total) finish();
    else setTimeout(pump, Math.max(0, (scheduled * 1000) / rate - (performance.now() - t0)));
  };
  pump();
});
await Promise.all(inFlight);
const elapsed = (performance.now() - t0) / 1000;
agent.destroy();
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? Number.NaN;
process.stdout.write(
  `${JSON.stringify({ sent: scheduled, ok: latencies.length, failed, achievedRps: latencies.length / elapsed, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: latencies.at(-1) ?? Number.NaN })}\n`,
);
