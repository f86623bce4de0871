// Every problem an import reports with a code of its own (contracts ImportIssueCode) has its wording in the
// interface's languages, with the parameters the server gives it and no others.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImportIssueCode } from '@corridor/contracts';
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
