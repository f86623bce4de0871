// `corridor linkage dedupe | link`: unsupervised probabilistic linkage of CSV files for analysts and evaluation,
// with no database (docs/linkage.md). FEBRL-style files (a space after each comma) are read as they are.
// pairs.csv has the two record ids, the match probability and the match weight; the model can be saved as JSON
// and reused with --model.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import { wholeNumberOption } from '../lib/cli-numbers.ts';
import { DEFAULT_THRESHOLD, dedupe, type LinkageResult, link } from './engine/linkage.ts';
import { parseModel, serialiseModel } from './engine/model.ts';
import { fieldSpecs, LinkageInputError, readRecordFile } from './engine/table-file.ts';

const print = (s: string) => process.stderr.write(`${s}\n`);

type Common = {
  idColumn: string;
  fields?: string;
  out: string;
  threshold?: string;
  blocking?: string;
  model?: string;
  saveModel?: string;
  threads?: string;
};

/** The `linkage` command, created once and shared with the PPRL commands (encode, match). */
export function linkageCommand(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'linkage') ??
    program.command('linkage').description('Record linkage: duplicates, links between files, PPRL (docs/linkage.md)')
  );
}

/** "a:phonetic+b:year;c:exact" -> [["a:phonetic","b:year"],["c:exact"]]. */
export function parseBlocking(text: string): string[][] {
  return text
    .split(';')
    .map((r) =>
      r
        .split('+')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .filter((r) => r.length > 0);
}

function threshold(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = Number(text);
  if (!(t > 0 && t < 1)) throw new LinkageInputError('--threshold must be a probability between 0 and 1 (exclusive)');
  return t;
}

/**
 * Writes the outputs all or nothing: each to a temporary file beside it, then each renamed into place; when any
 * write fails, none of the outputs is left behind.
 */
function writeAll(files: readonly (readonly [string, string])[]): void {
  const written: string[] = [];
  try {
    for (const [file, text] of files) {
      const folder = path.dirname(path.resolve(file));
      if (!fs.existsSync(folder)) throw new LinkageInputError(`${file}: there is no folder ${folder}`);
      if (fs.existsSync(file) && fs.statSync(file).isDirectory())
        throw new LinkageInputError(`${file}: it is a folder, not a file`);
      const temporary = `${file}.${process.pid}.partial`;
      fs.writeFileSync(temporary, text);
      written.push(temporary);
    }
    for (let i = 0; i < files.length; i++) fs.renameSync(written[i]!, files[i]![0]);
  } catch (err) {
    for (const t of written) fs.rmSync(t, { force: true });
    throw err;
  }
}

function writeResult(o: Common, r: LinkageResult): void {
  const rows = r.pairs.map((p) => [p.left, p.right, p.probability.toFixed(6), p.weight.toFixed(3)]);
  writeAll([
    [o.out, stringify([['id_left', 'id_right', 'match_probability', 'match_weight'], ...rows])],
    ...(o.saveModel ? [[o.saveModel, serialiseModel(r.model)] as const] : []),
  ]);
  const s = r.stats;
  print(
    `${s.records} records, ${s.candidates} candidate pairs (${s.skippedBlocks} oversized blocks skipped), ` +
      `${r.pairs.length} pairs at or above ${o.threshold ?? r.model.threshold} written to ${o.out}`,
  );
}

async function guarded(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof LinkageInputError || (err instanceof Error && /^blocking rule|^no column/.test(err.message))) {
      print(err.message);
      process.exitCode = 2;
      return;
    }
    if (err instanceof Error && err.name === 'ZodError') {
      const first = (err as Error & { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
      print(
        `--model: not a Corridor linkage model${first ? ` (${first.path.map(String).join('.') || 'the file'}: ${first.message})` : ''}`,
      );
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}

/** --threads, refused like every other bad input of these commands (exit code 2). */
function threadsOption(text: string): number {
  try {
    return wholeNumberOption('--threads', text, 0, 64);
  } catch (err) {
    throw new LinkageInputError((err as Error).message);
  }
}

/** The model file's JSON, or an error fit for the command line. */
function readModelFile(file: string): unknown {
  if (!fs.existsSync(file)) throw new LinkageInputError(`--model ${file}: there is no such file`);
  if (fs.statSync(file).isDirectory()) throw new LinkageInputError(`--model ${file}: it is a folder, not a file`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new LinkageInputError(`--model ${file}: not a JSON file (a model written by --save-model)`);
  }
}

function options(o: Common, header: string[]) {
  const model = o.model ? parseModel(readModelFile(o.model)) : undefined;
  return {
    fields: model ? [] : fieldSpecs(header, o.idColumn, o.fields),
    model,
    blocking: o.blocking ? parseBlocking(o.blocking) : undefined,
    threshold: threshold(o.threshold),
    threads: o.threads === undefined ? undefined : threadsOption(o.threads),
  };
}

const withCommon = (c: Command) =>
  c
    .requiredOption('--id-column <name>', 'the column holding each record id')
    .option(
      '--fields <list>',
      'fields to compare, as name[:kind] separated by commas (kinds: name, text, date, document, exact); default: every other column, kinds from the names',
    )
    .requiredOption('--out <file>', 'the pairs CSV to write (id_left, id_right, match_probability, match_weight)')
    .option('--threshold <p>', `keep pairs at or above this match probability (default ${DEFAULT_THRESHOLD})`)
    .option(
      '--blocking <rules>',
      'blocking rules, e.g. "surname:phonetic+dob:year;dob:exact" (default: from the fields)',
    )
    .option('--model <file>', 'score with this saved model instead of training one')
    .option('--save-model <file>', 'write the trained model (JSON) here')
    .option('--threads <n>', 'threads comparing pairs (default: all cores)');

/** Adds `linkage dedupe` and `linkage link`. */
export function addLinkageCommands(program: Command): void {
  const cmd = linkageCommand(program);
  withCommon(
    cmd
      .command('dedupe')
      .description('Find likely duplicate records within one CSV file (unsupervised Fellegi-Sunter)')
      .requiredOption('--input <file>', 'the CSV file'),
  ).action((o: Common & { input: string }) =>
    guarded(async () => {
      const { table, header } = readRecordFile(o.input, o.idColumn);
      writeResult(o, await dedupe(table, options(o, header)));
    }),
  );
  withCommon(
    cmd
      .command('link')
      .description('Find likely pairs of records between two CSV files (unsupervised Fellegi-Sunter)')
      .requiredOption('--left <file>', 'the first CSV file')
      .requiredOption('--right <file>', 'the second CSV file (same columns)'),
  ).action((o: Common & { left: string; right: string }) =>
    guarded(async () => {
      const l = readRecordFile(o.left, o.idColumn);
      const r = readRecordFile(o.right, o.idColumn);
      writeResult(o, await link(l.table, r.table, options(o, l.header)));
    }),
  );
}
