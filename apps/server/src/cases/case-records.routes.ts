import {
  Assessment,
  CaseItemParams,
  CreateAssessment,
  CreateNote,
  CreatePlanItem,
  CreateService,
  CreateTask,
  IdParams,
  Note,
  OverdueTask,
  OverdueTaskQuery,
  PlanItem,
  Service,
  Task,
  UpdatePlanItem,
} from '@corridor/contracts';
import { z } from 'zod';
import type { AuditEvent } from '../audit/audit.service.ts';
import type { Db, Trx } from '../db/database.ts';
import type { Principal } from '../http/principal.ts';
import { defineRoute } from '../http/route.ts';
import { noticeCase } from './case-notices.ts';
import { sensitiveCaseRead } from './case-read-audit.ts';
import {
  addAssessment,
  addNote,
  addPlanItem,
  addService,
  addTask,
  assessmentsOf,
  completeTask,
  notesOf,
  overdueTasksFor,
  planItemsOf,
  servicesOf,
  tasksOf,
  updatePlanItem,
} from './case-records.service.ts';
import { casePolicies as policy } from './cases.policy.ts';
import {
  presentAssessment,
  presentNote,
  presentOverdueTask,
  presentPlanItem,
  presentService,
  presentTask,
} from './cases.presenter.ts';
import { dayOf, getWorkableCase } from './cases.service.ts';
import type { CaseRow } from './cases.table.ts';

const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

const recordEvent = (row: CaseRow, action: string, entityId: string, details: Record<string, unknown> = {}) => ({
  action,
  entityType: 'case',
  entityId: row.id,
  organisationId: row.organisation_id,
  purpose: 'assistance',
  details: { recordId: entityId, ...details },
});

/** Reads a case's records for a list route, auditing the read when the case is sensitive. */
async function readRecords<T>(
  ctx: { db: Db; principal: Principal; audit(e: AuditEvent): Promise<void> },
  id: string,
  part: string,
  read: (row: CaseRow) => Promise<T>,
): Promise<T> {
  const row = await getWorkableCase(ctx.db, ctx.principal, id);
  const event = sensitiveCaseRead(row, 'case.read', [part]);
  if (event) await ctx.audit(event);
  return read(row);
}

/** The list and create routes of one kind of record kept on a case. */
function recordPair<C extends z.ZodType, R extends z.ZodType, Row>(o: {
  path: string;
  part: string;
  name: string;
  plural: string;
  body: C;
  schema: R;
  errors?: ('invalid_reference' | 'invalid_transition')[];
  list: (db: Db, row: CaseRow) => Promise<Row[]>;
  present: (r: Row, today: string) => z.output<R>;
  /** Records it; `publicUrl` (config) for the e-mail copies of any notice it sends. */
  add: (
    trx: Trx,
    row: CaseRow,
    p: Principal,
    body: z.output<C>,
    now: Date,
    publicUrl: string | undefined,
  ) => Promise<Row & { id: string }>;
}) {
  return [
    defineRoute({
      method: 'GET',
      url: `/api/cases/:id/${o.path}`,
      operationId: `list${o.plural}`,
      summary: `The ${o.part} of a case; reading a sensitive case's ${o.part} is audited`,
      tags: ['cases'],
      policy: policy.work,
      params: IdParams,
      transactional: 'audit',
      response: { status: 200, schema: items(o.schema), description: `The ${o.part}.` },
      handler: async (ctx) => {
        const rows = await readRecords(ctx, ctx.params.id, o.part, (row) => o.list(ctx.db, row));
        const today = dayOf(ctx.now);
        return { body: { items: rows.map((r) => o.present(r, today)) } };
      },
    }),
    defineRoute({
      method: 'POST',
      url: `/api/cases/:id/${o.path}`,
      operationId: `add${o.name}`,
      summary: `Record a ${o.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} on a case`,
      tags: ['cases'],
      policy: policy.work,
      params: IdParams,
      body: o.body,
      creates: true,
      errors: o.errors ?? [],
      response: { status: 201, schema: o.schema, description: 'Recorded.' },
      handler: async ({ deps, trx, principal, params, body, now, audit }) => {
        const row = await getWorkableCase(trx, principal, params.id);
        const created = await o.add(trx, row, principal, body as z.output<C>, now, deps.config.publicUrl);
        await audit(recordEvent(row, `case.${o.path}.add`, created.id));
        return { status: 201, body: o.present(created, dayOf(now)) };
      },
    }),
  ];
}

export const caseRecordRoutes = [
  ...recordPair({
    path: 'assessments',
    part: 'assessments',
    name: 'Assessment',
    plural: 'Assessments',
    body: CreateAssessment,
    schema: Assessment,
    errors: ['invalid_transition'],
    list: assessmentsOf,
    present: presentAssessment,
    add: addAssessment,
  }),
  ...recordPair({
    path: 'plan-items',
    part: 'case plan',
    name: 'PlanItem',
    plural: 'PlanItems',
    body: CreatePlanItem,
    schema: PlanItem,
    errors: ['invalid_transition'],
    list: planItemsOf,
    present: presentPlanItem,
    add: addPlanItem,
  }),
  ...recordPair({
    path: 'services',
    part: 'services delivered',
    name: 'Service',
    plural: 'Services',
    body: CreateService,
    schema: Service,
    errors: ['invalid_reference', 'invalid_transition'],
    list: servicesOf,
    present: presentService,
    add: addService,
  }),
  ...recordPair({
    path: 'notes',
    part: 'notes',
    name: 'Note',
    plural: 'Notes',
    body: CreateNote,
    schema: Note,
    errors: ['invalid_transition'],
    list: notesOf,
    present: presentNote,
    add: (trx, row, p, body, now) => addNote(trx, row, p, body.body, now),
  }),
  ...recordPair({
    path: 'tasks',
    part: 'tasks',
    name: 'Task',
    plural: 'Tasks',
    body: CreateTask,
    schema: Task,
    errors: ['invalid_reference', 'invalid_transition'],
    list: tasksOf,
    present: presentTask,
    add: async (trx, row, p, body, now, publicUrl) => {
      const task = await addTask(trx, row, p, body, now);
      await noticeCase(trx, row, 'task_assigned', { userId: task.assigned_to }, p.userId, now, publicUrl);
      return task;
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/cases/:id/plan-items/:itemId',
    operationId: 'updatePlanItem',
    summary: 'Change a plan item’s description or status',
    tags: ['cases'],
    policy: policy.work,
    params: CaseItemParams,
    body: UpdatePlanItem,
    ifMatch: true,
    etag: true,
    errors: ['invalid_transition'],
    response: { status: 200, schema: PlanItem, description: 'The plan item; ETag carries its version.' },
    handler: async ({ trx, principal, params, body, ifMatch, audit }) => {
      const row = await getWorkableCase(trx, principal, params.id);
      const item = await updatePlanItem(trx, row, params.itemId, body, ifMatch);
      await audit(recordEvent(row, 'case.plan-items.update', item.id, { fields: Object.keys(body).sort() }));
      return { body: presentPlanItem(item), version: item.version };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/cases/:id/tasks/:itemId/done',
    operationId: 'completeTask',
    summary: 'Mark a task done',
    tags: ['cases'],
    policy: policy.work,
    params: CaseItemParams,
    errors: ['invalid_transition'],
    response: { status: 200, schema: Task, description: 'The task, done.' },
    handler: async ({ trx, principal, params, now, audit }) => {
      const row = await getWorkableCase(trx, principal, params.id);
      const task = await completeTask(trx, row, params.itemId, now);
      await audit(recordEvent(row, 'case.tasks.done', task.id));
      return { body: presentTask(task, dayOf(now)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/tasks/overdue',
    operationId: 'listOverdueTasks',
    summary: 'Open tasks past their due date on cases the caller may read, oldest due first',
    tags: ['cases'],
    policy: policy.work,
    query: OverdueTaskQuery,
    // Task titles are case content: reading those of sensitive cases is audited, one entry per case (D9).
    transactional: 'audit',
    response: { status: 200, schema: items(OverdueTask), description: 'The overdue tasks.' },
    handler: async ({ db, principal, query, now, audit }) => {
      const rows = await overdueTasksFor(db, principal, now, query);
      const sensitiveCases = new Map<string, { id: string; type: string }>();
      for (const r of rows)
        if (r.case_sensitive === 1) sensitiveCases.set(r.case_id, { id: r.case_id, type: r.case_type });
      for (const c of sensitiveCases.values())
        await audit({
          action: 'case.read',
          entityType: 'case',
          entityId: c.id,
          organisationId: principal.organisationId,
          purpose: 'assistance',
          sensitiveRead: true,
          details: { caseType: c.type, parts: ['tasks'] },
        });
      const today = dayOf(now);
      return { body: { items: rows.map((r) => presentOverdueTask(r, today)) } };
    },
  }),
];
