// Frozen: name search keys as integers (docs/search.md, "What is stored"). Every person gets a `person_no` (an
// integer, unique, in order of registration) and the list of their key numbers (`name_key_hashes`, 8 bytes each);
// `beneficiary_name_keys` becomes (key_hash, person_no), primary key in that order and WITHOUT ROWID on SQLite: one
// narrow B-tree clustered by key, instead of text keys, organisation ids and UUIDs in two B-trees. A key's number
// is a 53-bit hash of the organisation and the text key (the function is frozen below, and must stay equal to
// names/key-hash.ts: a test checks). Existing keys are carried over, hashed. On PostgreSQL new numbers come from a
// sequence; on SQLite writers are serialised per file and take the largest number plus one.
//
// Down restores the text layout; text keys cannot be recovered from their hashes, so it recomputes them from the
// stored names with the names module of the release that runs it (the only non-frozen part of this file).
import { type Kysely, sql } from 'kysely';
import { personKeys, personTokens } from '../../names/name-keys.ts';
import { type Columns, columnsFor } from '../columns.ts';

// ---- the key hash, frozen (names/key-hash.ts)
const step = (h: number, c: number, mul: number, rot: number): number => {
  const x = Math.imul(h ^ c, mul);
  return (x << rot) | (x >>> (32 - rot));
};
function frozenKeyHash(organisationId: string, key: string): number {
  let a = 0x6a09e667 | 0;
  let b = 0xbb67ae85 | 0;
  const s = `${organisationId.toLowerCase()}\u0000${key}`;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = step(a, c, 0x9e3779b1, 5);
    b = step(b, c, 0x85ebca77, 7);
  }
  a ^= key.length;
  b ^= Math.imul(key.length, 0x9e3779b1);
  a = Math.imul(a ^ (b >>> 15), 0x2c1b3c6d);
  b = Math.imul(b ^ (a >>> 13), 0x297a2d39);
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  a ^= b >>> 11;
  b ^= a >>> 17;
  return (a >>> 11) * 2 ** 32 + (b >>> 0);
}
/** Exported for the test that compares it with names/key-hash.ts. */
export const keyHashOfMigration = frozenKeyHash;

function pack(hashes: readonly number[]): Buffer {
  const out = Buffer.alloc(hashes.length * 8);
  hashes.forEach((h, i) => {
    out.writeUInt32BE(Math.floor(h / 2 ** 32), i * 8);
    out.writeUInt32BE(h % 2 ** 32, i * 8 + 4);
  });
  return out;
}

const BATCH = 1000;

export async function up(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const int64 = dialect === 'postgres' ? 'bigint' : 'integer';
  await db.schema.alterTable('beneficiaries').addColumn('person_no', int64).execute();
  await db.schema
    .alterTable('beneficiaries')
    .addColumn('name_key_hashes', dialect === 'postgres' ? 'bytea' : 'blob')
    .execute();
  // Existing people are numbered in order of registration (the same statement on both engines).
  await sql`update beneficiaries set person_no = n.r
    from (select id, row_number() over (order by created_at, id) as r from beneficiaries) as n
    where n.id = beneficiaries.id`.execute(db);
  await db.schema.createIndex('beneficiaries_person_no_idx').on('beneficiaries').column('person_no').unique().execute();
  if (dialect === 'postgres') {
    await sql`create sequence beneficiaries_person_no_seq`.execute(db);
    await sql`select setval('beneficiaries_person_no_seq', coalesce((select max(person_no) from beneficiaries), 0) + 1, false)`.execute(
      db,
    );
  }

  let create = db.schema
    .createTable('beneficiary_name_keys_v3')
    .addColumn('key_hash', int64, (col) => col.notNull())
    .addColumn('person_no', int64, (col) => col.notNull())
    .addPrimaryKeyConstraint('beneficiary_name_keys_hash_pk', ['key_hash', 'person_no']);
  if (dialect === 'sqlite') create = create.modifyEnd(sql`without rowid`);
  await create.execute();

  // Carry the keys over, a batch of people at a time.
  let after = 0;
  for (;;) {
    const people = await db
      .selectFrom('beneficiaries')
      .select(['id', 'organisation_id', 'person_no'])
      .where('person_no', '>', after)
      .orderBy('person_no')
      .limit(BATCH)
      .execute();
    if (people.length === 0) break;
    after = Number(people[people.length - 1]!.person_no);
    const keys = await db
      .selectFrom('beneficiary_name_keys')
      .select(['beneficiary_id', 'key'])
      .where(
        'beneficiary_id',
        'in',
        people.map((p) => p.id),
      )
      .execute();
    const byPerson = new Map<string, string[]>();
    for (const k of keys) {
      const list = byPerson.get(k.beneficiary_id) ?? [];
      list.push(k.key);
      byPerson.set(k.beneficiary_id, list);
    }
    const rows: { key_hash: number; person_no: number }[] = [];
    for (const p of people) {
      const no = Number(p.person_no);
      const hashes = [...new Set((byPerson.get(p.id) ?? []).map((k) => frozenKeyHash(p.organisation_id, k)))];
      for (const h of hashes) rows.push({ key_hash: h, person_no: no });
      await db
        .updateTable('beneficiaries')
        .set({ name_key_hashes: pack(hashes) })
        .where('id', '=', p.id)
        .execute();
    }
    for (let i = 0; i < rows.length; i += BATCH)
      await db
        .insertInto('beneficiary_name_keys_v3')
        .values(rows.slice(i, i + BATCH))
        .onConflict((oc) => oc.doNothing())
        .execute();
  }
  await db.schema.dropTable('beneficiary_name_keys').execute();
  await db.schema.alterTable('beneficiary_name_keys_v3').renameTo('beneficiary_name_keys').execute();
}

export async function down(db: Kysely<any>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  const c: Columns = columnsFor(dialect);
  let create = db.schema
    .createTable('beneficiary_name_keys_v2')
    .addColumn('organisation_id', c.uuid, (col) => col.notNull())
    .addColumn('key', 'varchar(64)', (col) => col.notNull())
    .addColumn('beneficiary_id', c.uuid, (col) => col.notNull().references('beneficiaries.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('beneficiary_name_keys_search_pk', ['organisation_id', 'key', 'beneficiary_id']);
  if (dialect === 'sqlite') create = create.modifyEnd(sql`without rowid`);
  await create.execute();
  let after: string | null = null;
  for (;;) {
    let q = db
      .selectFrom('beneficiaries')
      .select(['id', 'organisation_id', 'name_latin', 'given_name', 'family_name', 'name_original', 'date_of_birth']);
    if (after !== null) q = q.where('id', '>', after);
    const people = await q.orderBy('id').limit(BATCH).execute();
    if (people.length === 0) break;
    after = people[people.length - 1]!.id;
    const rows = people.flatMap((p) =>
      [
        ...new Set(
          personKeys(
            personTokens([p.name_latin, p.given_name, p.family_name, p.name_original]),
            p.date_of_birth ?? null,
          ),
        ),
      ].map((key) => ({ organisation_id: p.organisation_id, key, beneficiary_id: p.id })),
    );
    for (let i = 0; i < rows.length; i += BATCH)
      await db
        .insertInto('beneficiary_name_keys_v2')
        .values(rows.slice(i, i + BATCH))
        .execute();
  }
  await db.schema.dropTable('beneficiary_name_keys').execute();
  await db.schema.alterTable('beneficiary_name_keys_v2').renameTo('beneficiary_name_keys').execute();
  await db.schema
    .createIndex('beneficiary_name_keys_beneficiary_idx')
    .on('beneficiary_name_keys')
    .column('beneficiary_id')
    .execute();
  if (dialect === 'postgres') await sql`drop sequence beneficiaries_person_no_seq`.execute(db);
  await db.schema.dropIndex('beneficiaries_person_no_idx').execute();
  await db.schema.alterTable('beneficiaries').dropColumn('name_key_hashes').execute();
  await db.schema.alterTable('beneficiaries').dropColumn('person_no').execute();
}
