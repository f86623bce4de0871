// The case-page benchmark's load generator, in a process of its own: an open-loop client. Arrivals are scheduled
// at a constant rate from the start (arrival k at start + k / rate), whatever the server does, and every latency
// is measured from the arrival's scheduled time, so a slow server cannot slow the load down and hide its own
// queueing (no coordinated omission). Run with `node --import tsx bench/case-page/load.ts '<json options>'`;
// prints one JSON line with the measured latencies.
import http from 'node:http';

/** What the orchestrator passes. */
export type LoadOptions = {
  baseUrl: string;
  cookie: string;
  /** `case`: one GET of the case per arrival; `page`: every call of the case page per arrival, at once. */
  scenario: 'case' | 'page';
  /** Requests per second in all (a page arrival counts for all its calls). */
  rate: number;
  seconds: number;
  cases: { id: string; personId: string }[];
  /** Seed of the order in which cases are read. */
  seed: number;
};

/** What it prints. */
export type LoadResult = {
  scenario: LoadOptions['scenario'];
  arrivals: number;
  requests: number;
  /** Requests that did not answer 200 (by status, 0 for network errors). */
  failures: Record<string, number>;
  /** Latency of each arrival in ms: one request (`case`), or until the page's last call answered (`page`). */
  latencies: number[];
  /** Latency of each single request in ms. */
  requestLatencies: number[];
  /** How late, at worst, an arrival was sent after its scheduled time (ms): the client keeping up. */
  worstSendLagMs: number;
  wallSeconds: number;
};

/** The calls the case page makes (apps/web/src/cases/case-page.tsx and the sections it renders) for an open case. */
export function pageCalls(c: { id: string; personId: string }): string[] {
  const id = encodeURIComponent(c.id);
  return [
    `/api/cases/${id}`,
    `/api/cases/${id}/assessments`,
    `/api/cases/${id}/plan-items`, // the plan section
    `/api/cases/${id}/services`,
    `/api/cases/${id}/plan-items`, // the services section reads the plan too, for its form
    `/api/cases/${id}/notes`,
    `/api/cases/${id}/tasks`,
    `/api/referrals/outbox?caseId=${id}&limit=200`,
    `/api/beneficiaries/${encodeURIComponent(c.personId)}/consents`, // the referral form of an open case
  ];
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const base = new URL(o.baseUrl);
  const failures: Record<string, number> = {};
  const latencies: number[] = [];
  const requestLatencies: number[] = [];
  const fail = (status: number) => {
    failures[status] = (failures[status] ?? 0) + 1;
  };

  const get = (path: string, scheduled: number): Promise<void> =>
    new Promise((resolve) => {
      const req = http.request(
        { host: base.hostname, port: base.port, path, method: 'GET', agent, headers: { cookie: o.cookie } },
        (res) => {
          res.resume();
          res.on('end', () => {
            requestLatencies.push(performance.now() - scheduled);
            if (res.statusCode !== 200) fail(res.statusCode ?? 0);
            resolve();
          });
        },
      );
      req.on('error', () => {
        fail(0);
        resolve();
      });
      req.end();
    });

  const random = prng(o.seed);
  const perArrival = o.scenario === 'case' ? 1 : pageCalls(o.cases[0]!).length;
  const interval = (1000 * perArrival) / o.rate;
  const total = Math.floor((o.seconds * 1000) / interval);
  const inFlight: Promise<void>[] = [];
  let worstLag = 0;
  const start = performance.now();

  const arrive = (scheduled: number) => {
    const c = o.cases[Math.floor(random() * o.cases.length)]!;
    const paths = o.scenario === 'case' ? [`/api/cases/${encodeURIComponent(c.id)}`] : pageCalls(c);
    inFlight.push(
      Promise.all(paths.map((p) => get(p, scheduled))).then(() => {
        latencies.push(performance.now() - scheduled);
      }),
    );
  };

  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        const scheduled = start + next * interval;
        worstLag = Math.max(worstLag, now - scheduled);
        arrive(scheduled);
        next++;
      }
      if (next >= total) return resolve();
      // Sleep until the next arrival (timers fire no earlier than asked; lateness is measured above).
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  const wallSeconds = (performance.now() - start) / 1000;
  agent.destroy();
  return {
    scenario: o.scenario,
    arrivals: total,
    requests: total * perArrival,
    failures,
    latencies,
    requestLatencies,
    worstSendLagMs: worstLag,
    wallSeconds,
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const options = JSON.parse(process.argv[2] ?? '') as LoadOptions;
  const result = await runLoad(options);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
