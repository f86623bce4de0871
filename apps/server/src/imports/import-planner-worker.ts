// The import planning worker thread (import-source.ts planInWorker): reads a file a slice at a time, plans its rows
// (import-plan.ts: the contract's checks, keys and hashes, none of which needs the database) and prepares the new
// people of a beneficiaries file (beneficiaries.service prepareBeneficiary: names, search keys, documents), and
// sends the plans back in batches, never more than the batches it was allowed ahead of the thread that writes them.
import { parentPort } from 'node:worker_threads';
import { prepareBeneficiary } from '../beneficiaries/beneficiaries.service.ts';
import { keyHasher } from '../names/key-hash.ts';
import { type ColumnMap, mapColumns } from './import-columns.ts';
import { type BeneficiaryPlan, Planner, type Prepared } from './import-plan.ts';
import {
  type Layout,
  layoutOf,
  type PlanJob,
  type PlanMessage,
  ROWS_ABOVE_DATA,
  toWire,
  type WirePlan,
} from './import-source.ts';
import { personColumn } from './person-row.ts';
import { rowFailureOf } from './row-failure.ts';
import { pointerPath, SourceRow, tooManyRows } from './source-row.ts';
import { streamTable, UnreadableTable } from './tabular.ts';

/** The writing side stopped wanting this file's plans. */
class Cancelled extends Error {}
/** The file has more data rows than allowed. */
class TooMany extends Error {}

type JobState = { credits: number; cancelled: boolean; wake: (() => void) | null };
const jobs = new Map<number, JobState>();

async function plan(id: number, job: PlanJob, state: JobState): Promise<void> {
  const post = (message: PlanMessage) => parentPort!.postMessage({ id, message });
  const { input } = job;
  const ctx = {
    kind: input.kind,
    organisationId: job.organisationId,
    hashKey: Buffer.from(job.hashKey.buffer, job.hashKey.byteOffset, job.hashKey.byteLength),
    basis: job.basis,
    childAssent: job.childAssent,
    now: job.now,
  };
  const planner = new Planner(ctx);
  const keyNumber = keyHasher(job.organisationId);
  const prepare = (p: BeneficiaryPlan): Prepared | undefined => {
    if (p.targetId || !p.person.create) return undefined;
    try {
      const person = prepareBeneficiary(job.principal, p.person.create, job.now);
      // The search keys' stored numbers too (as the bulk insert would derive them): numbers cross threads cheaper.
      const keyHashes = [...new Set(person.keys.map(keyNumber))];
      return { person: { row: person.row, documents: person.documents, keys: [], keyHashes } };
    } catch (err) {
      return { issues: rowFailureOf(err, (ptr) => personColumn(p.row, pointerPath(ptr))).issues };
    }
  };

  let above: string[][] | null = [];
  let layout: Layout | null = null;
  let columns: ColumnMap | null = null;
  let index = 0;
  let rows = 0;
  let batch: SourceRow[] = [];

  const send = async () => {
    if (batch.length === 0) return;
    const { plans, errors } = planner.plan(batch);
    batch = [];
    const wire: WirePlan[] = plans.map((p) => toWire(p, prepare));
    while (state.credits === 0 && !state.cancelled)
      await new Promise<void>((resolve) => {
        state.wake = resolve;
      });
    if (state.cancelled) throw new Cancelled();
    state.credits--;
    post({ type: 'batch', plans: wire, errors });
  };
  const take = async (cells: string[], at: number) => {
    if (at < layout!.firstData) return;
    const row = new SourceRow(at + 1, cells, columns!);
    if (row.empty) return;
    if (++rows > input.maxRows) throw new TooMany();
    batch.push(row);
    if (batch.length >= job.batchRows) await send();
  };
  const begin = async () => {
    const grid = above!;
    above = null;
    layout = layoutOf(grid);
    columns = mapColumns(input.kind, layout.header, layout.tags);
    post({ type: 'start', layout });
    for (const [at, cells] of grid.entries()) await take(cells, at);
  };

  try {
    const data = Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength);
    await streamTable(
      input.format,
      data,
      { maxRecords: input.maxRows + ROWS_ABOVE_DATA, maxBytes: input.maxBytes },
      async (records) => {
        for (const cells of records) {
          const at = index++;
          if (above) {
            above.push(cells);
            // The hashtag row is looked for in the first 25 rows (layoutOf).
            if (above.length >= 25) await begin();
          } else await take(cells, at);
          if (state.cancelled) throw new Cancelled();
        }
      },
    );
    if (above) await begin();
    await send();
    post({ type: 'end', rows });
  } catch (err) {
    if (err instanceof Cancelled) return;
    if (err instanceof TooMany) {
      post({ type: 'rejected', errors: [tooManyRows(input.maxRows)] });
    } else if (err instanceof UnreadableTable) post({ type: 'rejected', errors: [err.toImportError()] });
    else post({ type: 'fatal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
}

type Command = { type: 'plan'; id: number; job: PlanJob; credits: number } | { type: 'more' | 'cancel'; id: number };

parentPort!.on('message', (m: Command) => {
  if (m.type === 'plan') {
    const state: JobState = { credits: m.credits, cancelled: false, wake: null };
    jobs.set(m.id, state);
    void plan(m.id, m.job, state).finally(() => jobs.delete(m.id));
    return;
  }
  const state = jobs.get(m.id);
  if (!state) return;
  if (m.type === 'more') state.credits++;
  else state.cancelled = true;
  const wake = state.wake;
  state.wake = null;
  wake?.();
});
