import {
  type Beneficiary,
  type Case,
  type CaseType,
  type ConsentLedger,
  CreateCase,
  type Problem,
} from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKey } from '../admin/idempotency.ts';
import { validate } from '../admin/validate.ts';
import { api } from '../api/client.ts';
import { issuesByPath } from '../api/issues.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, SelectField, TextField } from '../components/fields.tsx';
import { RadioGroup } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { SearchResults, usePersonSearch } from '../people/search-results.tsx';
import { ProblemWithBasis } from '../protection/basis-problem.tsx';
import { PersonName, useStaff } from '../protection/names.tsx';
import { useVocabularies } from '../vocabularies/use-vocabularies.ts';
import { CaseFormFields } from './case-form-fields.tsx';
import {
  apiFormOf,
  CASE_TYPES,
  type CaseFormValues,
  caseFormIssueKeys,
  emptyCaseForm,
  SENSITIVE_TYPES,
} from './case-form-values.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opening a case: for a person chosen first (from their page, or found here), one form per case type. */
export function NewCasePage() {
  const { t } = useTranslation();
  const { search } = useLocation();
  const personId = new URLSearchParams(search).get('person');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/cases">{t('cases.title')}</Link>
      </p>
      <PageHeading title={t('cases.newTitle')}>{t('cases.newTitle')}</PageHeading>
      {personId && UUID.test(personId) ? <NewCaseForm personId={personId} /> : <PersonPicker />}
    </>
  );
}

function PersonPicker() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [empty, setEmpty] = useState(false);
  const { state, search } = usePersonSearch();
  const find = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setEmpty(!name.trim());
    if (name.trim()) void search({ name: name.trim() });
  };
  return (
    <section aria-labelledby="pick-title">
      <h2 id="pick-title">{t('cases.pickPerson')}</h2>
      <p>{t('cases.pickPersonText')}</p>
      <search aria-labelledby="pick-title">
        <form onSubmit={find} className="form filters" noValidate>
          <FormStatus
            problem={
              empty
                ? {
                    type: 'about:blank',
                    title: '',
                    status: 400,
                    code: 'search_empty',
                    detail: t('cases.pickPersonEmpty'),
                  }
                : state.status === 'error'
                  ? state.problem
                  : null
            }
          />
          <TextField
            label={t('people.searchName')}
            name="searchName"
            dir="auto"
            autoComplete="off"
            value={name}
            onChange={setName}
          />
          <FormActions>
            <button type="submit" className="button primary">
              {t('people.searchSubmit')}
            </button>
          </FormActions>
        </form>
      </search>
      {state.status === 'ok' && (
        <SearchResults
          result={state.result}
          action={(hit) => (
            <button
              type="button"
              className="button secondary small"
              onClick={() => navigate(`/cases/new?person=${hit.beneficiary.id}`)}
            >
              {t('cases.choosePerson')}
            </button>
          )}
        />
      )}
      <p>
        <Link to="/people/new">{t('cases.registerFirst')}</Link>
      </p>
    </section>
  );
}

function hasAssistanceBasis(ledger: ConsentLedger | null): boolean | null {
  if (!ledger) return null;
  return ledger.current.some((s) => s.purpose === 'assistance' && s.status === 'granted');
}

function NewCaseForm({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const supervisor = canUse(session.user.roles, 'supervise');
  const staff = useStaff();
  const vocab = useVocabularies();
  const person = useResource<Beneficiary>(`/api/beneficiaries/${personId}`);
  const ledger = useResource<ConsentLedger>(`/api/beneficiaries/${personId}/consents`);
  const [type, setType] = useState<CaseType | ''>('');
  const [forms, setForms] = useState<Partial<Record<CaseType, CaseFormValues>>>({});
  const [assignedTo, setAssignedTo] = useState(session.user.id);
  const [openedOn, setOpenedOn] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const idempotency = useIdempotencyKey();

  const values = type ? (forms[type] ?? emptyCaseForm(type)) : null;
  const { byKey, rest } = issuesByPath(problem, [
    'form',
    'beneficiaryId',
    'assignedTo',
    'openedOn',
    ...(values ? caseFormIssueKeys(values) : []),
  ]);
  const basis = hasAssistanceBasis(ledger.data);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!values) return;
    const body: Record<string, unknown> = { beneficiaryId: personId, form: apiFormOf(values) };
    if (supervisor && assignedTo) body.assignedTo = assignedTo;
    if (openedOn) body.openedOn = openedOn;
    const checked = validate(CreateCase, body);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await api<Case>('POST', '/api/cases', {
        body: checked.data,
        idempotencyKey: idempotency.keyFor(checked.data),
      });
      idempotency.reset();
      navigate(`/cases/${data.id}?opened=1`);
    } catch (err) {
      setProblem(problemOf(err));
      setBusy(false);
    }
  };

  return (
    <>
      <section aria-labelledby="case-person-title">
        <h2 id="case-person-title">{t('cases.person')}</h2>
        {person.status === 'error' && <FormStatus problem={person.problem} />}
        {!person.data && person.status === 'loading' && <Loading />}
        {person.data && (
          <p className="lead" data-testid="case-person">
            <Link to={`/people/${person.data.id}`}>
              <PersonName nameOriginal={person.data.nameOriginal} nameLatin={person.data.nameLatin} />
            </Link>
          </p>
        )}
        {basis === false && (
          <div className="notice warning" data-testid="basis-warning">
            <p>{t('cases.noAssistanceBasis')}</p>
            <p>
              <Link to={`/people/${personId}#consent`}>{t('basis.link')}</Link>
            </p>
          </div>
        )}
      </section>

      <form onSubmit={submit} noValidate className="form wide-form" data-testid="case-create">
        <ProblemWithBasis problem={problem} rest={rest} personId={personId} purpose="assistance" />
        {vocab.problem && <FormStatus problem={vocab.problem} />}
        <RadioGroup
          label={t('cases.type')}
          name="type"
          required
          value={type}
          onChange={(next) => {
            setType(next);
            setProblem(null);
          }}
          options={CASE_TYPES.map((c) => ({
            value: c,
            label: vocab.label('corridor.case_type', c),
            description: t(`cases.typeHints.${c}`),
          }))}
          issues={byKey.form}
        />
        {type && SENSITIVE_TYPES.includes(type) && (
          <p className="notice restricted" data-testid="sensitive-note">
            {t('cases.sensitiveNote')}
          </p>
        )}
        {values && (
          <fieldset className="field-group" data-testid={`case-form-${values.type}`}>
            <legend>{t('cases.formOf', { type: vocab.label('corridor.case_type', values.type) })}</legend>
            <CaseFormFields
              values={values}
              onChange={(next) => setForms({ ...forms, [next.type]: next })}
              issues={byKey}
              vocab={vocab}
            />
          </fieldset>
        )}
        <div className="field-row">
          {supervisor && (
            <SelectField
              label={t('cases.assignedTo')}
              name="assignedTo"
              value={assignedTo}
              onChange={setAssignedTo}
              options={[
                { value: session.user.id, label: staff.label(session.user.id) },
                ...staff.assignable
                  .filter((u) => u.id !== session.user.id)
                  .map((u) => ({ value: u.id, label: u.displayName })),
              ]}
              issues={byKey.assignedTo}
            />
          )}
          <TextField
            label={t('cases.openedOn')}
            hint={t('cases.openedOnHint')}
            name="openedOn"
            type="date"
            value={openedOn}
            onChange={setOpenedOn}
            issues={byKey.openedOn}
          />
        </div>
        <FormActions>
          <button type="submit" className="button primary" disabled={busy || !type} data-testid="case-create-submit">
            {t('cases.open')}
          </button>
        </FormActions>
      </form>
    </>
  );
}
