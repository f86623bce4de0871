// Every problem an import reports with a code of its own (contracts ImportIssueCode) has its wording in the
// interface's languages, with the parameters the server gives it and no others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImportIssueCode } from '@corridor/contracts';
import { wordedIssue } from '../api/issue-words.ts';
import { ar } from '../i18n/ar.ts';
import { en } from '../i18n/en.ts';
import { es } from '../i18n/es.ts';
import { fr } from '../i18n/fr.ts';

/** The parameters each code's server message comes with (apps/server/src/imports). */
const PARAMS: Partial<Record<ImportIssueCode, string[]>> = {
  missing_column: ['columns'],
  column_repeated: ['field', 'column'],
  too_many_rows: ['maximum'],
  repeats_row: ['row'],
  same_record_as_row: ['row'],
  case_type_fixed: ['type'],
  one_of: ['values'],
  not_for_case_type: ['type'],
  required_for_case_type: ['type'],
  required_for_case_type_no_column: ['type', 'column'],
  not_in_vocabulary: ['vocabulary'],
  file_unreadable: ['detail'],
  unknown_speed: ['values'],
  band_incomplete: ['fee', 'amount', 'total'],
  same_service_as_row: ['row'],
};

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]))].sort();

test('every import problem code has its text in English, French, Spanish and Arabic', () => {
  assert.deepEqual(Object.keys(en.importIssues).sort(), [...ImportIssueCode.options].sort());
  for (const [name, messages] of Object.entries({ fr, es, ar })) {
    assert.deepEqual(Object.keys(messages.importIssues).sort(), Object.keys(en.importIssues).sort(), name);
    for (const code of ImportIssueCode.options) {
      const text = messages.importIssues[code];
      assert.ok(text.trim().length > 0, `${name} ${code}`);
      assert.deepEqual(placeholders(text), [...(PARAMS[code] ?? [])].sort(), `${name} ${code}: its parameters`);
    }
  }
  for (const code of ImportIssueCode.options)
    assert.deepEqual(placeholders(en.importIssues[code]), [...(PARAMS[code] ?? [])].sort(), `en ${code}`);
});

test('a row a service or the database refused is worded by its error code, and no code means two things', () => {
  // The refusals an import row can meet (services' rules, the database's constraints: apps/server imports
  // row-failure.ts): the page says which kind in the user's language, beside the server's English sentence.
  const refusals = [
    'invalid_reference',
    'invalid_transition',
    'conflict',
    'precondition_failed',
    'basis_required',
    'forbidden',
    'validation_failed',
  ];
  for (const [name, messages] of Object.entries({ en, fr, es, ar })) {
    for (const code of refusals) assert.ok(messages.errors[code as keyof typeof en.errors]?.trim(), `${name} ${code}`);
    assert.deepEqual(placeholders(messages.issueText.explained), ['detail', 'text'], `${name} issueText.explained`);
  }
  const errorCodes = new Set(Object.keys(en.errors));
  for (const code of ImportIssueCode.options)
    assert.ok(!errorCodes.has(code), `${code} is an import code and an error`);
  for (const code of Object.keys(en.issues)) assert.ok(!errorCodes.has(code), `${code} is an issue and an error`);
});

test('a p-code of another country is worded with the country named in the page’s language', () => {
  const issue = {
    code: 'custom',
    message: 'not a place of IRQ in OCHA’s p-code list',
    params: { rule: 'pcode_place', country: 'IRQ' },
  };
  const said = Object.entries({ en, fr, es, ar }).map(([lng, messages]) => {
    const worded = wordedIssue(issue, lng);
    assert.equal(worded?.key, 'pcodePlace', lng);
    assert.deepEqual(placeholders(messages.issueText.pcodePlace), ['n'], lng);
    return messages.issueText.pcodePlace.replace('{{n}}', worded!.values.n);
  });
  assert.match(said[0]!, /Iraq/);
  assert.match(said[1]!, /Irak/);
  assert.equal(new Set(said).size, 4);
});

test('every problem of a remittance price file has words of the page, not only the server’s English', () => {
  // The problems as apps/server remittances rpw-row.ts and remittances.service.ts give them (ImportError.issue, params).
  const problems: { issue: string; params?: Record<string, string | number | boolean> }[] = [
    { issue: 'custom', params: { rule: 'required' } },
    { issue: 'too_big', params: { maximum: 200, origin: 'string', inclusive: true } },
    { issue: 'custom', params: { rule: 'number' } },
    { issue: 'custom', params: { rule: 'known_country' } },
    { issue: 'custom', params: { rule: 'other_country' } },
    { issue: 'custom', params: { rule: 'not_future' } },
    { issue: 'custom', params: { rule: 'above_zero' } },
    { issue: 'too_small', params: { minimum: 0, origin: 'number', inclusive: true } },
    { issue: 'invalid_format', params: { format: 'regex', pattern: 'quarter' } },
    { issue: 'unknown_speed', params: { values: 'Less than one hour, Same day' } },
    { issue: 'total_cost_mismatch' },
    { issue: 'band_incomplete', params: { fee: 'cc1 lcu fee', amount: 'cc1 lcu amount', total: 'cc1 total cost %' } },
    { issue: 'same_service_as_row', params: { row: 2 } },
    { issue: 'service_of_other_organisation' },
    { issue: 'yes_or_no' },
    { issue: 'missing_column', params: { columns: 'firm' } },
    { issue: 'no_data_rows' },
    { issue: 'too_many_rows', params: { maximum: 10 } },
  ];
  const codes: readonly string[] = ImportIssueCode.options;
  for (const p of problems) {
    const own = codes.includes(p.issue);
    const worded = own
      ? null
      : wordedIssue({ code: p.issue, message: 'English', ...(p.params ? { params: p.params } : {}) });
    assert.ok(own || worded, `${p.issue} ${JSON.stringify(p.params)} has no words of the page`);
    if (own)
      for (const messages of [en, fr, es, ar])
        assert.deepEqual(
          placeholders(messages.importIssues[p.issue as ImportIssueCode]),
          Object.keys(p.params ?? {}).sort(),
          p.issue,
        );
  }
});
