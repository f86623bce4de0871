// Frozen: duplicate detection within an organisation (issue #4 parts 1-2, docs/linkage.md). Candidate pairs of
// people proposed by the linkage engine with the explanation of their score (levels and weights, never values),
// decisions on them (same person: merged; not the same: remembered, never proposed again), reversible merges
// (which rows were re-pointed to the survivor, to put them back), the organisation's trained model, and on
// beneficiaries the pointer from a merged record to its survivor. Kysely<any> and portable columns only.
import type { Kysely } from 'kysely';
import { type Columns, columnsFor } from '../columns.ts';

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  await db.schema.alterTable('beneficiaries').addColumn('merged_into_id', c.uuid).execute();

  await db.schema
    .createTable('linkage_candidates')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    // The pair in a fixed order (a < b), so a pair is one row whichever way it was found.
    .addColumn('beneficiary_a_id', c.uuid, (col) => col.notNull().references('beneficiaries.id').onDelete('cascade'))
    .addColumn('beneficiary_b_id', c.uuid, (col) => col.notNull().references('beneficiaries.id').onDelete('cascade'))
    .addColumn('probability', 'real', (col) => col.notNull())
    .addColumn('explanation_json', c.text, (col) => col.notNull())
    .addColumn('found_by', 'varchar(16)', (col) => col.notNull())
    .addColumn('status', 'varchar(16)', (col) => col.notNull())
    .addColumn('found_at', c.timestamp, (col) => col.notNull())
    .addColumn('decided_by', c.uuid)
    .addColumn('decided_at', c.timestamp)
    .addColumn('version', 'integer', (col) => col.notNull().defaultTo(1))
    .addUniqueConstraint('linkage_candidates_pair_uq', ['organisation_id', 'beneficiary_a_id', 'beneficiary_b_id'])
    .execute();
  await db.schema
    .createIndex('linkage_candidates_queue_idx')
    .on('linkage_candidates')
    .columns(['organisation_id', 'status', 'probability'])
    .execute();
  await db.schema.createIndex('linkage_candidates_b_idx').on('linkage_candidates').column('beneficiary_b_id').execute();

  await db.schema
    .createTable('beneficiary_merges')
    .addColumn('id', c.uuid, (col) => col.primaryKey())
    .addColumn('organisation_id', c.uuid, (col) => col.notNull().references('organisations.id'))
    .addColumn('candidate_id', c.uuid, (col) => col.references('linkage_candidates.id'))
    .addColumn('survivor_id', c.uuid, (col) => col.notNull().references('beneficiaries.id'))
    .addColumn('merged_id', c.uuid, (col) => col.notNull().references('beneficiaries.id'))
    // { table: [row ids] } re-pointed from the merged record to the survivor; unmerge puts exactly these back.
    .addColumn('moved_json', c.text, (col) => col.notNull())
    .addColumn('survivor_was_restricted', 'integer', (col) => col.notNull())
    .addColumn('merged_by', c.uuid, (col) => col.notNull())
    .addColumn('merged_at', c.timestamp, (col) => col.notNull())
    .addColumn('unmerged_by', c.uuid)
    .addColumn('unmerged_at', c.timestamp)
    .execute();
  await db.schema
    .createIndex('beneficiary_merges_survivor_idx')
    .on('beneficiary_merges')
    .columns(['survivor_id', 'merged_at'])
    .execute();
  await db.schema.createIndex('beneficiary_merges_merged_idx').on('beneficiary_merges').column('merged_id').execute();

  await db.schema
    .createTable('linkage_models')
    .addColumn('organisation_id', c.uuid, (col) => col.primaryKey().references('organisations.id'))
    .addColumn('model_json', c.text, (col) => col.notNull())
    .addColumn('trained_at', c.timestamp, (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('linkage_models').execute();
  await db.schema.dropTable('beneficiary_merges').execute();
  await db.schema.dropTable('linkage_candidates').execute();
  await db.schema.alterTable('beneficiaries').dropColumn('merged_into_id').execute();
}
