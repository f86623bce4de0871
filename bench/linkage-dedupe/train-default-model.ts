// Trains the registry's default linkage model without labels on generated records (generate.ts) and writes it to
// apps/server/assets/linkage/default-person-model.json: used until an organisation's own scan trains one.
// Run: node --import tsx bench/linkage-dedupe/train-default-model.ts [rows]
import fs from 'node:fs';
import { dedupe } from '@corridor/server/src/linkage/engine/linkage.ts';
import { serialiseModel } from '@corridor/server/src/linkage/engine/model.ts';
import { PERSON_BLOCKING, PERSON_FIELDS } from '@corridor/server/src/linkage/person-linkage.ts';
import { generateRecords } from './generate.ts';

const rows = Number(process.argv[2] ?? 200_000);
const g = generateRecords(rows, 7);
const r = await dedupe(g.table, { fields: PERSON_FIELDS, blocking: PERSON_BLOCKING });
const out = new URL('../../apps/server/assets/linkage/default-person-model.json', import.meta.url);
fs.writeFileSync(out, serialiseModel(r.model));
process.stdout.write(`trained on ${rows} generated records, ${r.stats.candidates} candidate pairs: ${out.pathname}\n`);
