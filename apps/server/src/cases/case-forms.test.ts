import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CaseForm, type CaseType } from '@corridor/contracts';
import fc from 'fast-check';
import { gbvContext } from '../vocabularies/gbvims-context.ts';
import { gbvCoreType } from '../vocabularies/gbvims-core-type.ts';
import { exploitationType } from '../vocabularies/htcds-exploitation-type.ts';
import { methodOfControl } from '../vocabularies/htcds-method-of-control.ts';
import { perpetratorRole } from '../vocabularies/htcds-perpetrator-role.ts';
import { traffickingStatus } from '../vocabularies/htcds-trafficking-status.ts';
import { CODED_FIELDS, formIssues, joinForm, splitForm } from './case-forms.ts';

const subset = (codes: readonly string[]) => fc.subarray([...codes]);
const shuffled = (codes: readonly string[]) =>
  subset(codes).chain((s) => fc.shuffledSubarray(s, { minLength: s.length, maxLength: s.length }));

/** Valid trafficking and GBV forms with codes in any order. */
const anyForm = fc.oneof(
  fc.record({
    type: fc.constant('trafficking'),
    traffickingStatus: fc.constant('PossibleVictimOfTrafficking'),
    exploitationTypes: shuffled(
      exploitationType.codes.filter((c) => c !== 'ForcedLabour' && c !== 'SexualExploitation'),
    ),
    methodsOfControl: shuffled(methodOfControl.codes),
    perpetratorRoles: shuffled(perpetratorRole.codes),
    ageWhenTrafficked: fc.option(fc.integer({ min: 0, max: 120 })),
  }),
  fc.record({
    type: fc.constant('gbv'),
    coreType: fc.constantFrom(...gbvCoreType.codes),
    contexts: shuffled(gbvContext.codes),
    reportedElsewhere: fc.option(fc.boolean()),
  }),
);

test('a form survives being split into case_codes rows and JSON and joined again (codes in vocabulary order)', () => {
  fc.assert(
    fc.property(anyForm, (raw) => {
      const form = CaseForm.parse(raw);
      assert.deepEqual(formIssues(form), []);
      const { codes, rest } = splitForm(form);
      const stored = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
      // rows come back from the database in any order
      const back = joinForm(form.type, stored, [...codes].reverse());
      const expected = structuredClone(form) as Record<string, unknown>;
      for (const f of CODED_FIELDS[form.type])
        if (f.many)
          (expected[f.field] as string[]).sort((a, b) => f.vocabulary.codes.indexOf(a) - f.vocabulary.codes.indexOf(b));
      assert.deepEqual(back, expected);
      for (const f of CODED_FIELDS[form.type]) assert.equal(f.field in stored, false, `${f.field} is not kept twice`);
    }),
  );
});

test('each vocabulary names at most one field of a form (it keys the case_codes rows)', () => {
  for (const [type, fields] of Object.entries(CODED_FIELDS) as [CaseType, (typeof CODED_FIELDS)['gbv']][]) {
    const ids = fields.map((f) => f.vocabulary.id);
    assert.equal(new Set(ids).size, ids.length, type);
  }
});

test('any string outside a vocabulary is reported at its pointer, and nothing else is', () => {
  fc.assert(
    fc.property(
      fc
        .stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,20}$/)
        .filter((s) => !traffickingStatus.has(s) && !methodOfControl.has(s)),
      fc.integer({ min: 0, max: 3 }),
      (bad, at) => {
        const methods: string[] = methodOfControl.codes.slice(0, 3);
        methods.splice(at, 0, bad);
        const form = CaseForm.parse({ type: 'trafficking', traffickingStatus: bad, methodsOfControl: methods });
        const pointers = formIssues(form).map((i) => i.pointer);
        assert.deepEqual(pointers.sort(), [
          `/form/methodsOfControl/${at}`,
          '/form/statusDecidedBy',
          '/form/traffickingStatus',
        ]);
      },
    ),
  );
});
