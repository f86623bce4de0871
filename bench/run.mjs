// `npm run bench -- <name> [options]`: runs one benchmark; without a name, lists them.
import { register } from 'tsx/esm/api';

const benchmarks = {
  booking: {
    module: './booking/main.ts',
    description:
      'Concurrent booking: 1,000 simultaneous requests for the last 10 seats of a centre (SQLite; --pg URL for PostgreSQL)',
  },
  'case-page': {
    module: './case-page/main.ts',
    description:
      'Latency (p50/p95/p99) of reading one case and the whole case page at a constant 200 requests/s (open loop)',
  },
  'case-reference': {
    module: './case-reference/main.ts',
    description:
      'Next case reference of an organisation with N cases sorting after the prefix (--cases, default 200,000): the index probe against the LIKE it replaced (--pg URL)',
  },
  'evidence-report': {
    module: './evidence-report/main.ts',
    description:
      'Annual evidence report JSON at N assistance records (--rows; target <= 100 ms at 20,500,000) against a plain GROUP BY giving the same numbers (--pg URL)',
  },
  'evidence-on-demand': {
    module: './evidence-on-demand/main.ts',
    description:
      'What the annual report’s on-demand indicators (movements, funds, projects, SDG 10.c.1/10.7.1...) add: one organisation and the platform summed over --orgs N, beside the report’s aggregate-cell tables (--pg URL)',
  },
  'evidence-query': {
    module: './evidence-query/main.ts',
    description:
      'Dashboard query of one indicator by two dimensions over N generated assistance records (--rows; target p95 <= 50 ms at 20,500,000), published and exact (--pg URL)',
  },
  'evidence-write': {
    module: './evidence-write/main.ts',
    description:
      'Cost of keeping the evidence aggregates fresh: single-record writes and a bulk import with and without it (target <= 20%; --people, --import-rows, --pg URL)',
  },
  http: {
    module: './http/main.ts',
    description:
      'HTTP throughput and latency of Corridor against a bare Fastify server (health check, authenticated user read)',
  },
  import: {
    module: './import/main.ts',
    description:
      'Bulk import rate (generated beneficiaries, cases, services) against a bare prepared-statement insert into SQLite, and latency meanwhile (--rows N)',
  },
  ledger: {
    module: './ledger/main.ts',
    description:
      'Fund ledger: balance of any fund at any date over 1,000,000 generated transactions (p95) against summing the lines (--transactions N, --pg URL)',
  },
  'linkage-pprl': {
    module: './linkage-pprl/main.ts',
    description:
      'PPRL on FEBRL 4a<->4b (precision, recall at the chosen Dice threshold) and Dice comparisons/s on all cores against a per-byte table loop (--rows N)',
  },
  'linkage-accuracy': {
    module: './linkage-accuracy/main.ts',
    description:
      'Record linkage accuracy, unsupervised: precision, recall, F1 on FEBRL 1, 2 (dedupe), splink fake_1000, FEBRL 4a<->4b (link)',
  },
  'linkage-dedupe': {
    module: './linkage-dedupe/main.ts',
    description:
      'Dedupe of N generated beneficiary records (--rows, default 1,000,000) against a straightforward run of the engine',
  },
  movements: {
    module: './movements/main.ts',
    description:
      'Manifest PDF of 300 passengers and the year’s movement figures over a generated year of 460,000 passengers (--passengers N)',
  },
  'public-lookup': {
    module: './public-lookup/main.ts',
    description:
      'Public recruiter look-up (page and API), 10,000 recruiters: p50/p95/p99 at 500 req/s open loop (--pg URL for PostgreSQL)',
  },
  remittances: {
    module: './remittances/main.ts',
    description:
      'Import + SDG 10.c.1 over 1,000,000 RPW quotes against a bare parse; public comparison page p95 at 500 req/s',
  },
  search: {
    module: './search/main.ts',
    description:
      'Name search latency (p50/p95/p99, cold and warm) over a generated registry loaded through the import (--rows N, --pg URL)',
  },
  web: {
    module: './web/main.ts',
    description: 'Gzipped size of the web app: what the first page load needs and what loads on demand',
  },
};

const [name, ...rest] = process.argv.slice(2);

function list() {
  process.stdout.write('Usage: npm run bench -- <benchmark> [options]   (--help after a name for its options)\n\n');
  process.stdout.write('Available benchmarks:\n');
  for (const [key, b] of Object.entries(benchmarks)) process.stdout.write(`  ${key.padEnd(8)} ${b.description}\n`);
}

if (name === undefined || name === 'list' || name === '--help' || name === '-h') {
  list();
} else if (!Object.hasOwn(benchmarks, name)) {
  process.stderr.write(`Unknown benchmark: ${name}\n\n`);
  list();
  process.exitCode = 2;
} else {
  register();
  const { main } = await import(new URL(benchmarks[name].module, import.meta.url).href);
  await main(rest);
}
