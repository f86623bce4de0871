// `npm run bench -- <name> [options]`: runs one benchmark; without a name, lists them.
import { register } from 'tsx/esm/api';

const benchmarks = {
  http: {
    module: './http/main.ts',
    description:
      'HTTP throughput and latency of Corridor against a bare Fastify server (health check, authenticated user read)',
  },
  import: {
    module: './import/main.ts',
    description:
      'Bulk import rate (generated beneficiaries, CSV) against a bare prepared-statement insert into SQLite (--rows N)',
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
