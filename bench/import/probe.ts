// The responsiveness probe of the import benchmark, in a process of its own: while the import runs in another
// process, it asks the Corridor server for GET /api/health and a name search (POST /api/beneficiaries/search) in
// turn, one request at a time, and records each one's latency. Stops on SIGTERM and prints its samples as JSON.
// Run with `node --import tsx bench/import/probe.ts <base URL> <API token>`.
const [base, token] = process.argv.slice(2);
if (!base || !token) throw new Error('usage: probe.ts <base URL> <API token>');

type Sample = { at: number; what: 'health' | 'search'; ms: number; status: number };
const samples: Sample[] = [];
let stopping = false;

async function timed(what: Sample['what'], init: () => Promise<Response>): Promise<void> {
  const t0 = performance.now();
  let status = 0;
  try {
    const res = await init();
    status = res.status;
    await res.arrayBuffer();
  } catch {
    status = -1;
  }
  samples.push({ at: Date.now(), what, ms: performance.now() - t0, status });
}

const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const queries = ['Mohamed Ali', 'Fatima Hassan', 'محمد', 'Yonas Tesfay', 'Muhamad Ibrahim'];

process.on('SIGTERM', () => {
  stopping = true;
});

let i = 0;
process.stdout.write('probe running\n');
while (!stopping) {
  await timed('health', () => fetch(`${base}/api/health`));
  await timed('search', () =>
    fetch(`${base}/api/beneficiaries/search`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: queries[i++ % queries.length], limit: 20 }),
    }),
  );
  await new Promise((r) => setTimeout(r, 100));
}
process.stdout.write(`${JSON.stringify(samples)}\n`);
