// `corridor linkage encode | match`: privacy-preserving record linkage for analysts and evaluation, with no
// database (docs/linkage.md). encode turns a CSV file (FEBRL style read as is) into CLKs with a linkage schema v3
// and a secret; match compares two encodings files on every core and writes the one-to-one links with their Dice
// coefficient. The matcher reads only encodings files: it never sees a name.
import fs from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { wholeNumberOption } from '../../lib/cli-numbers.ts';
import { linkageCommand } from '../linkage.cli.ts';
import { MIN_SECRET_BYTES } from './clk.ts';
import { readClkFile } from './clk-file.ts';
import { packFilters } from './dice.ts';
import { encodeCsv } from './encode-csv.ts';
import { greedyOneToOne, matchAllPairs } from './matcher.ts';
import { parseLinkageSchema } from './schema.ts';

const note = (s: string) => process.stderr.write(`${s}\n`);

/** Reads a secret file: raw bytes, or text without its trailing newline; at least 16 bytes. */
export function readSecretFile(file: string): Buffer {
  let bytes = fs.readFileSync(file);
  const text = bytes.toString('utf8');
  if (/^[\x20-\x7e]+\r?\n?$/.test(text)) bytes = Buffer.from(text.replace(/\r?\n$/, ''), 'utf8');
  if (bytes.length < MIN_SECRET_BYTES)
    throw new Error(
      `The secret file must hold at least ${MIN_SECRET_BYTES} bytes (for example: openssl rand -hex 32).`,
    );
  return bytes;
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`Cannot read the ${what} file ${file}.`);
  }
}

/** Adds `linkage encode` and `linkage match` to the CLI. */
export function addPprlCommands(program: Command): void {
  const linkage = linkageCommand(program);
  linkage
    .command('encode')
    .description('Encode a CSV file into CLKs (Bloom-filter encodings) with a linkage schema v3 and a secret')
    .requiredOption('--schema <file>', 'linkage schema v3 (JSON)')
    .requiredOption('--secret-file <file>', 'the secret shared by the linking parties (at least 16 bytes)')
    .requiredOption('--input <file>', 'CSV with a header row; FEBRL-style padding is fine')
    .requiredOption('--out <file>', 'encodings file to write (JSON)')
    .option('--id-column <name>', 'column holding the record id (default: the first column)')
    .action((o: { schema: string; secretFile: string; input: string; out: string; idColumn?: string }) => {
      const schema = parseLinkageSchema(readText(o.schema, 'schema'));
      const secret = readSecretFile(o.secretFile);
      const file = encodeCsv(schema, secret, readText(o.input, 'input'), o.idColumn);
      fs.writeFileSync(o.out, `${JSON.stringify(file)}\n`);
      note(`${file.ids.length} records encoded (${file.bits} bits each) into ${o.out}`);
    });

  linkage
    .command('match')
    .description('Match two encodings files: Dice coefficient on every pair, one-to-one links above the threshold')
    .requiredOption('--left <file>', 'encodings file (from linkage encode)')
    .requiredOption('--right <file>', 'encodings file (from linkage encode)')
    .requiredOption('--threshold <t>', 'least Dice coefficient of a link, in (0, 1]')
    .requiredOption('--out <file>', 'pairs CSV to write: left id, right id, Dice coefficient')
    .option('--all-pairs', 'write every pair above the threshold instead of one-to-one links')
    .option('--threads <n>', 'worker threads (default: every core)')
    .action(
      async (o: {
        left: string;
        right: string;
        threshold: string;
        out: string;
        allPairs?: boolean;
        threads?: string;
      }) => {
        const t = Number(o.threshold);
        if (!(t > 0 && t <= 1)) throw new Error('--threshold must be a Dice coefficient in (0, 1].');
        const threads = o.threads === undefined ? undefined : wholeNumberOption('--threads', o.threads, 0, 64);
        const left = readClkFile(readText(o.left, 'left encodings'));
        const right = readClkFile(readText(o.right, 'right encodings'));
        if (left.file.schemaDigest !== right.file.schemaDigest || left.file.bits !== right.file.bits)
          throw new Error('The two files were encoded with different linkage schemas; they cannot be compared.');
        const started = performance.now();
        const candidates = await matchAllPairs(
          packFilters(left.filters, left.file.bits),
          packFilters(right.filters, right.file.bits),
          t,
          threads === undefined ? {} : { threads },
        );
        const pairs = o.allPairs
          ? Array.from(candidates.left, (l, k) => ({
              left: l,
              right: candidates.right[k]!,
              score: candidates.score[k]!,
            }))
          : greedyOneToOne(candidates);
        const rows = pairs.map((p) => [left.file.ids[p.left]!, right.file.ids[p.right]!, p.score.toFixed(6)]);
        fs.writeFileSync(o.out, stringify([['id_left', 'id_right', 'dice'], ...rows]));
        const seconds = (performance.now() - started) / 1000;
        note(
          `${(left.filters.length * right.filters.length).toLocaleString('en-US')} comparisons in ${seconds.toFixed(2)} s; ` +
            `${candidates.left.length} pairs at or above ${t}; ${pairs.length} ${o.allPairs ? 'pairs' : 'one-to-one links'} written to ${o.out}`,
        );
      },
    );
}
