// Where an import's plans come from: the file read and every row planned (import-plan.ts), either here at once or,
// for a large file, in a planning worker thread (import-planner-worker.ts) that reads, parses, checks and prepares
// rows in batches while this thread writes the batches before them. Both give the same plans and the same problems;
// the worker's plans cross the thread boundary as plain data and are made whole again here.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChildAssent, ImportError, ImportKind, TableFormat } from '@corridor/contracts';
import type { Principal } from '../http/principal.ts';
import { extend, withField } from '../lib/objects.ts';
import { isHashtagRow } from './hxl.ts';
import { type ColumnMap, mapColumns } from './import-columns.ts';
import {
  type BeneficiaryPlan,
  type CasePlan,
  type PersonPlan,
  type PlanContext,
  type Prepared,
  planRow,
  planRows,
  type RowPlan,
  type ServicePlan,
} from './import-plan.ts';
import { personToUpdate } from './person-row.ts';
import { SourceRow, tooManyRows } from './source-row.ts';
import { readTable, UnreadableTable } from './tabular.ts';

/** Where the header, the HXL hashtag row and the data of a file are. */
export type Layout = { header: string[]; headerRow: number; tags: string[] | null; firstData: number };

/**
 * Where the header, the HXL hashtag row and the data are. Like HXL readers, the hashtag row is looked for in the
 * first 25 rows; the row above it is the header (rows above that, such as a title, are skipped), and the data
 * starts below it. Without a hashtag row, the first row is the header.
 */
export function layoutOf(grid: readonly string[][]): Layout {
  const h = grid.slice(0, 25).findIndex((r) => isHashtagRow(r));
  if (h >= 0) return { header: h > 0 ? grid[h - 1]! : [], headerRow: Math.max(1, h), tags: grid[h]!, firstData: h + 1 };
  return { header: grid[0] ?? [], headerRow: 1, tags: null, firstData: 1 };
}

/** Records read above the data at most: up to 25 rows for titles, header and hashtags, and one more. */
export const ROWS_ABOVE_DATA = 26;

/** The rejection of a file (imports.service importRejected), raised by a source. */
export class SourceRejected extends Error {
  constructor(readonly errors: ImportError[]) {
    super('the file was rejected');
  }
}

const tooMany = (maxRows: number) => new SourceRejected([tooManyRows(maxRows)]);

/** Plans of consecutive rows, with the problems of the rows that got none. */
export type PlanBatch = { plans: RowPlan[]; errors: ImportError[] };

/** The plans of one file, batch after batch. */
export type PlanSource = {
  /** Reads up to the data: the layout and the column map (rejects an unreadable file). */
  start(): Promise<{ layout: Layout; columns: ColumnMap }>;
  /** The next batch, or null after the last (rejects a file found unreadable or too long on the way). */
  next(): Promise<PlanBatch | null>;
  /** Data rows read (known once next() answered null). */
  readonly rows: number;
  /** Stops the reading (after the last batch, or when the import stops early). */
  close(): void;
};

/** What reading a file needs besides the context of the plans. */
export type SourceInput = {
  kind: ImportKind;
  format: TableFormat;
  data: Buffer;
  maxRows: number;
  maxBytes: number;
};

/** The whole file read and planned in this thread, as one batch. */
export function planHere(input: SourceInput, ctx: PlanContext): PlanSource {
  let rows: SourceRow[] = [];
  let done = false;
  return {
    async start() {
      let grid: string[][];
      try {
        grid = await readTable(input.format, input.data, {
          maxRecords: input.maxRows + ROWS_ABOVE_DATA,
          maxBytes: input.maxBytes,
        });
      } catch (err) {
        if (err instanceof UnreadableTable) throw new SourceRejected([err.toImportError()]);
        throw err;
      }
      const layout = layoutOf(grid);
      const columns = mapColumns(input.kind, layout.header, layout.tags);
      rows = grid
        .slice(layout.firstData)
        .map((cells, i) => new SourceRow(layout.firstData + i + 1, cells, columns))
        .filter((r) => !r.empty);
      if (rows.length > input.maxRows) throw tooMany(input.maxRows);
      return { layout, columns };
    },
    async next() {
      if (done) return null;
      done = true;
      return planRows(rows, ctx);
    },
    get rows() {
      return rows.length;
    },
    close() {},
  };
}

// ---- plans as plain data, across the thread boundary

/** A beneficiary plan as the worker sends it: the row, its keys, and the person already prepared (or its problems). */
type WireBeneficiary = {
  kind: 'beneficiary';
  n: number;
  cells: readonly string[];
  sourceKey: string;
  rowHash: string;
  targetId: string | null;
  childAssent: ChildAssent | undefined;
  prepared: Prepared | undefined;
};
type WirePerson = Omit<PersonPlan, 'update'>;
type WireCase = Omit<CasePlan, 'row' | 'person'> & {
  n: number;
  cells: readonly string[];
  person: CasePlan['person'] extends infer R
    ? R extends { by: 'row' }
      ? Omit<R, 'person'> & { person: WirePerson }
      : R
    : never;
};
type WireService = Omit<ServicePlan, 'row'> & { n: number; cells: readonly string[] };
export type WirePlan = WireBeneficiary | WireCase | WireService;

/** A plan as plain data; `prepare` prepares the new person of a beneficiary row (the worker's part). */
export function toWire(plan: RowPlan, prepare: (plan: BeneficiaryPlan) => Prepared | undefined): WirePlan {
  // No `{ ...rest, n, cells }` here: see lib/objects.ts (this runs for every row).
  const { row, ...rest } = plan;
  const at = { n: row.number, cells: row.cells };
  if (plan.kind === 'beneficiary')
    return {
      kind: 'beneficiary',
      n: row.number,
      cells: row.cells,
      sourceKey: plan.sourceKey,
      rowHash: plan.rowHash,
      targetId: plan.targetId,
      childAssent: plan.person.childAssent,
      prepared: prepare(plan),
    };
  if (plan.kind === 'case') {
    const { person } = plan;
    const wirePerson =
      person.by === 'row'
        ? extend(person, {
            person: {
              fields: person.person.fields,
              create: person.person.create,
              childAssent: person.person.childAssent,
            },
          })
        : person;
    return Object.assign(rest as Omit<CasePlan, 'row'>, at, { person: wirePerson }) as WireCase;
  }
  return Object.assign(rest as Omit<ServicePlan, 'row'>, at);
}

/**
 * A plan made whole again: its row read through this thread's column map; what was left behind is planned again
 * on demand.
 */
export function fromWire(w: WirePlan, columns: ColumnMap, ctx: PlanContext): RowPlan {
  const row = new SourceRow(w.n, w.cells, columns);
  if (w.kind === 'beneficiary') {
    return {
      kind: 'beneficiary',
      row,
      sourceKey: w.sourceKey,
      rowHash: w.rowHash,
      targetId: w.targetId,
      prepared: w.prepared,
      person: new ReplannedPerson(w.childAssent, row, ctx),
    };
  }
  const { n: _n, cells: _cells, ...rest } = w;
  if (w.kind === 'case') {
    const c = rest as Omit<WireCase, 'n' | 'cells'>;
    const person: CasePlan['person'] =
      c.person.by === 'row'
        ? extend(c.person, {
            person: extend(c.person.person, {
              update: () => personToUpdate(row, (c.person as { person: WirePerson }).person.fields).input,
            }),
          })
        : c.person;
    return extend(c, { row, person }) as CasePlan;
  }
  return withField(rest as Omit<WireService, 'n' | 'cells'>, 'row', row) as ServicePlan;
}

/**
 * A registered person's values, planned again from the row only when asked (when the row changes that person).
 * A class, so that every row's object shares one hidden class: an object literal with getters made per row gives
 * each row a hidden class of its own that keeps the row alive through the young-generation collections.
 */
class ReplannedPerson implements PersonPlan {
  private full: PersonPlan | undefined;
  constructor(
    readonly childAssent: ChildAssent | undefined,
    private readonly row: SourceRow,
    private readonly ctx: PlanContext,
  ) {}
  private plan(): PersonPlan {
    this.full ??= (planRow(this.row, this.ctx, []) as BeneficiaryPlan).person;
    return this.full;
  }
  get fields(): PersonPlan['fields'] {
    return this.plan().fields;
  }
  get create(): PersonPlan['create'] {
    return this.plan().create;
  }
  readonly update = (): ReturnType<PersonPlan['update']> => this.plan().update();
}

// ---- the planning worker

/** What the planning worker gets for one file. */
export type PlanJob = {
  input: Omit<SourceInput, 'data'> & { data: Uint8Array };
  organisationId: string;
  principal: Principal;
  hashKey: Uint8Array;
  basis: string | undefined;
  childAssent: ChildAssent | undefined;
  now: Date;
  batchRows: number;
};

/** What the planning worker sends back for a file, in order. */
export type PlanMessage =
  | { type: 'start'; layout: Layout }
  | { type: 'batch'; plans: WirePlan[]; errors: ImportError[] }
  | { type: 'end'; rows: number }
  | { type: 'rejected'; errors: ImportError[] }
  | { type: 'fatal'; message: string };

/** Tuning of the planning worker (tests lower the threshold to run small files through it). */
export const planning = {
  /** Processors this process may use: with one, planning ahead in another thread only adds the crossing. */
  processors: os.availableParallelism(),
  /** Files of at least this many bytes are planned in the worker; smaller ones here (a worker costs a start). */
  inWorkerFromBytes: 512 * 1024,
  /** Rows per batch the worker sends. */
  batchRows: 2000,
  /** Batches the worker may be ahead of the writing. */
  ahead: 4,
};

type Job = { push: (m: PlanMessage) => void; fail: (err: unknown) => void };
type PlannerWorker = { thread: Worker; jobs: Map<number, Job>; next: number };
let worker: PlannerWorker | null = null;

/**
 * The planning worker of this process, started with the first large file and kept (it does not keep the process
 * alive while idle).
 */
function plannerWorker(): PlannerWorker {
  if (worker) return worker;
  // The worker registers the TypeScript loader itself, whatever this thread was started with.
  const thread = new Worker(new URL('./import-planner-worker.mjs', import.meta.url), { execArgv: [] });
  const w: PlannerWorker = { thread, jobs: new Map(), next: 1 };
  const failAll = (err: unknown) => {
    if (worker === w) worker = null;
    for (const job of w.jobs.values()) job.fail(err);
    w.jobs.clear();
  };
  thread.on('message', ({ id, message }: { id: number; message: PlanMessage }) => w.jobs.get(id)?.push(message));
  thread.on('error', failAll);
  thread.on('exit', (code) => failAll(new Error(`the import planning worker stopped (exit code ${code})`)));
  thread.unref();
  worker = w;
  return w;
}

/** The file read and planned in the planning worker, batch by batch, while this thread works on earlier batches. */
export function planInWorker(input: SourceInput, ctx: PlanContext, principal: Principal): PlanSource {
  const w = plannerWorker();
  const id = w.next++;
  const queue: PlanMessage[] = [];
  let waiting: { resolve: (m: PlanMessage) => void; reject: (e: unknown) => void } | null = null;
  let failure: unknown;
  let rows = 0;
  let columns: ColumnMap | null = null;
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    if (w.jobs.delete(id)) w.thread.postMessage({ type: 'cancel', id });
    if (w.jobs.size === 0) w.thread.unref();
  };
  w.jobs.set(id, {
    push(m) {
      if (waiting) {
        const x = waiting;
        waiting = null;
        x.resolve(m);
      } else queue.push(m);
    },
    fail(err) {
      failure = err;
      closed = true;
      if (waiting) {
        const x = waiting;
        waiting = null;
        x.reject(err);
      }
    },
  });
  const receive = (): Promise<PlanMessage> => {
    const m = queue.shift();
    if (m) return Promise.resolve(m);
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise((resolve, reject) => {
      waiting = { resolve, reject };
    });
  };
  const check = (m: PlanMessage): PlanMessage => {
    if (m.type === 'rejected') {
      close();
      throw new SourceRejected(m.errors);
    }
    if (m.type === 'fatal') {
      close();
      throw new Error(`the import planning worker failed: ${m.message}`);
    }
    return m;
  };
  const job: PlanJob = {
    input: { ...input, data: input.data },
    organisationId: ctx.organisationId,
    principal,
    hashKey: ctx.hashKey,
    basis: ctx.basis,
    childAssent: ctx.childAssent,
    now: ctx.now,
    batchRows: planning.batchRows,
  };
  w.thread.ref();
  w.thread.postMessage({ type: 'plan', id, job, credits: planning.ahead });
  return {
    async start() {
      const m = check(await receive());
      if (m.type !== 'start') throw new Error(`the import planning worker answered ${m.type} first`);
      columns = mapColumns(input.kind, m.layout.header, m.layout.tags);
      return { layout: m.layout, columns };
    },
    async next() {
      if (closed && queue.length === 0 && failure === undefined) return null;
      const m = check(await receive());
      if (m.type === 'end') {
        rows = m.rows;
        close();
        return null;
      }
      if (m.type !== 'batch') throw new Error(`the import planning worker answered ${m.type} in the middle`);
      w.thread.postMessage({ type: 'more', id });
      return { plans: m.plans.map((p) => fromWire(p, columns!, ctx)), errors: m.errors };
    },
    get rows() {
      return rows;
    },
    close,
  };
}
