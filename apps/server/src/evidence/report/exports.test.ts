// Export shapes of published tables that need no database: SDG 10.c.1 in the SDG data structure (the columns of the
// shared sample file), the M49 codes of REF_AREA, and the labels of on-demand breakdowns in each language.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import ExcelJS from 'exceljs';
import { hxlDate } from '../../imports/hxl.ts';
import { type ExportableTable, exportTable } from './exports.ts';
import { fitsSdgStructure, m49Of } from './sdmx-sdg.ts';

const SAMPLE = new URL('../../../../../../shared/data/samples/sdg-10c1.sdmx.csv', import.meta.url);

const remittanceCosts: ExportableTable = {
  indicatorId: 'sdg_10_c_1',
  unit: 'percent',
  measure: 'percent',
  sdg: '10.c.1',
  grain: 'quarter',
  by: [],
  cells: [
    { period: '2025-Q1', values: {}, value: 6.35, status: 'published' },
    { period: '2025-Q2', values: {}, value: 6.2, status: 'published' },
  ],
};

test('SDG 10.c.1 as SDMX-CSV follows the SDG data structure of the shared sample', async () => {
  const file = await exportTable(remittanceCosts, {}, 'sdmx', 'fr', '1');
  const lines = file.data.toString('utf8').trim().split('\n');
  const sample = fs.readFileSync(SAMPLE, 'utf8').trim().split(/\r?\n/);
  assert.equal(lines[0], sample[0]);
  assert.equal(lines.length, 3);
  assert.equal(
    lines[1],
    'IAEG-SDGs:DF_SDG_GLH(1.26),Q,G,SI_RMT_COST,1,_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,2025-Q1,6.35,PT,0,C,A',
  );
  // Every row has the sample's number of columns.
  for (const l of lines) assert.equal(l.split(',').length, sample[0]!.split(',').length);
  // The global average is the world's figure whoever exports it: an organisation in Iraq (368), or one whose
  // country has no M49 code, still writes REF_AREA 1.
  for (const area of ['368', null]) {
    const rows = (await exportTable(remittanceCosts, {}, 'sdmx', 'en', area)).data.toString('utf8').trim().split('\n');
    assert.equal(rows[1]!.split(',')[4], '1', `REF_AREA for an exporter in ${area}`);
  }
});

test('only what the SDG structure can express is written in it', () => {
  assert.equal(fitsSdgStructure(remittanceCosts, '1'), true);
  assert.equal(fitsSdgStructure(remittanceCosts, null), true);
  assert.equal(fitsSdgStructure({ ...remittanceCosts, by: ['corridor'] }, '1'), false);
  assert.equal(fitsSdgStructure({ ...remittanceCosts, indicatorId: 'sdg_10_7_1', sdg: '10.7.1' }, '1'), false);
  assert.equal(m49Of('BGD'), '50');
  assert.equal(m49Of('NGA'), '566');
  assert.equal(m49Of('IRQ'), '368');
  assert.equal(m49Of('XXX'), null);
});

test('on-demand breakdowns are labelled and tagged; headers follow the language, codes do not', async () => {
  const scores: ExportableTable = {
    indicatorId: 'reintegration_scores',
    unit: 'score (0-1)',
    measure: 'score',
    sdg: null,
    grain: 'year',
    by: ['round', 'component'],
    cells: [
      { period: '2025', values: { round: 'm12', component: 'composite' }, value: 0.61, status: 'published' },
      { period: '2025', values: { round: 'm3', component: 'composite' }, value: null, status: 'primary' },
    ],
  };
  const labels = { round: { m12: '12 mois', m3: '3 mois' }, component: { composite: 'Composite' } };
  const hxl = (await exportTable(scores, labels, 'hxl', 'fr')).data.toString('utf8').replace(/^\uFEFF/, '');
  const [header, tags, ...rows] = hxl.trim().split(/\r?\n/);
  assert.equal(header, 'Indicateur,Période,Vague d’enquête (code),Vague d’enquête,Score (code),Score,Valeur,Statut');
  assert.equal(
    tags,
    '#indicator+code,#date,#meta+round,#meta+round+name,#indicator+component,#indicator+component+name,#indicator+value+num,#status+disclosure',
  );
  assert.deepEqual(rows, [
    'reintegration_scores,2025,m12,12 mois,composite,Composite,0.61,publié',
    'reintegration_scores,2025,m3,3 mois,composite,Composite,,masqué (sous le seuil)',
  ]);
});

test('XLSX exports write the values as number cells (a suppressed value as an empty cell), the rest as text', async () => {
  const table: ExportableTable = {
    indicatorId: 'cases_opened',
    unit: 'cases',
    measure: 'count',
    sdg: null,
    grain: 'year',
    by: ['sex'],
    cells: [
      { period: '2026', values: { sex: 'female' }, value: 12, status: 'published' },
      { period: '2026', values: { sex: 'male' }, value: null, status: 'primary' },
      { period: '2026', values: { sex: '*' }, value: 15, status: 'published' },
    ],
  };
  const file = await exportTable(table, { sex: { female: 'Female', male: 'Male' } }, 'xlsx', 'en');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.data as never);
  const sheet = wb.worksheets[0]!;
  const valueColumn = (sheet.getRow(1).values as unknown[]).indexOf('Value');
  assert.ok(valueColumn > 0, 'a Value column');
  const cell = (row: number) => sheet.getRow(row).getCell(valueColumn);
  assert.equal(cell(2).type, ExcelJS.ValueType.Number);
  assert.equal(cell(2).value, 12);
  assert.equal(cell(3).type, ExcelJS.ValueType.Null);
  assert.equal(cell(4).value, 15);
  // Periods and codes stay text (a year is a label here, "2026", not a number to add up).
  assert.equal(sheet.getRow(2).getCell(2).type, ExcelJS.ValueType.String);
  assert.equal(sheet.getRow(2).getCell(2).value, '2026');
});

test('XLSX in Arabic opens right to left; in the other languages left to right', async () => {
  const table: ExportableTable = {
    indicatorId: 'cases_opened',
    unit: 'cases',
    measure: 'count',
    sdg: null,
    grain: 'year',
    by: [],
    cells: [{ period: '2026', values: {}, value: 12, status: 'published' }],
  };
  for (const [language, rtl] of [
    ['ar', true],
    ['en', false],
  ] as const) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await exportTable(table, {}, 'xlsx', language)).data as never);
    const sheet = wb.worksheets[0]!;
    assert.equal(sheet.views?.[0]?.rightToLeft === true, rtl, language);
    assert.equal(sheet.getRow(2).getCell(2).value, '2026');
  }
});

test('HXL: a quarter under #date as HXL tools read it (2026Q3); a corridor is not tagged as a country', async () => {
  const costs: ExportableTable = {
    indicatorId: 'sdg_10_c_1',
    unit: 'percent',
    measure: 'percent',
    sdg: '10.c.1',
    grain: 'quarter',
    by: ['corridor'],
    cells: [{ period: '2026-Q3', values: { corridor: 'ARE-BGD' }, value: 3.25, status: 'published' }],
  };
  const hxl = (await exportTable(costs, { corridor: { 'ARE-BGD': 'ARE → BGD' } }, 'hxl', 'en')).data
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const [, tags, row] = hxl.trim().split(/\r?\n/);
  assert.equal(
    tags,
    '#indicator+code,#date,#meta+corridor,#meta+corridor+name,#indicator+value+num,#status+disclosure',
  );
  assert.match(row!, /^sdg_10_c_1,2026Q3,ARE-BGD,/);
  assert.equal(hxlDate('2026_3Q'), '2026Q3');
  assert.equal(hxlDate('2026-07'), '2026-07');
  assert.equal(hxlDate('2026'), '2026');
});
