import {
  type Beneficiary,
  CreateBeneficiary,
  type DuplicateCheckResult,
  type DuplicateHit,
  type Problem,
  type SearchHit,
} from '@corridor/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKey } from '../admin/idempotency.ts';
import { validate } from '../admin/validate.ts';
import { api } from '../api/client.ts';
import { issuesByPath } from '../api/issues.ts';
import { problemOf } from '../api/problem.ts';
import { Link, navigate } from '../app/router.tsx';
import { FormActions, TextField } from '../components/fields.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { DuplicateCheck, likelyDuplicates } from '../linkage/duplicate-check.tsx';
import { PersonFields, personIssueKeys } from './person-fields.tsx';
import { createBody, emptyPerson, isNonLatin, type PersonValues, searchBodyOf } from './person-values.ts';
import { worthRechecking } from './recheck.ts';
import { SearchResults, usePersonSearch } from './search-results.tsx';

type Lookup = { name: string; dateOfBirth: string; documentNumber: string };

/**
 * Registration with search before register: the caseworker first looks for the person by name (any script),
 * birth date and document number and sees who may already be registered, with why each record matched; only
 * then is a new registration offered, and it is checked once more against its full details before it is sent.
 */
export function RegisterPage() {
  const { t } = useTranslation();
  const [lookup, setLookup] = useState<Lookup>({ name: '', dateOfBirth: '', documentNumber: '' });
  const [lookupProblem, setLookupProblem] = useState<Problem | null>(null);
  const first = usePersonSearch();
  const [values, setValues] = useState<PersonValues | null>(null);

  const runLookup = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body: Record<string, string> = {};
    if (lookup.name.trim()) body.name = lookup.name.trim();
    if (lookup.dateOfBirth) body.dateOfBirth = lookup.dateOfBirth;
    if (lookup.documentNumber.trim()) body.documentNumber = lookup.documentNumber.trim();
    if (Object.keys(body).length === 0) {
      setLookupProblem({
        type: 'about:blank',
        title: '',
        status: 400,
        code: 'search_empty',
        detail: t('people.searchEmpty'),
      });
      return;
    }
    setLookupProblem(null);
    setValues(null);
    await first.search(body);
  };

  const startRegistration = () => {
    const v = emptyPerson();
    const name = lookup.name.trim();
    if (name) {
      if (isNonLatin(name)) v.nameOriginal = name;
      else v.nameLatin = name;
    }
    v.dateOfBirth = lookup.dateOfBirth;
    if (lookup.documentNumber.trim())
      v.documents = [{ type: 'passport', number: lookup.documentNumber.trim(), issuingCountry: '' }];
    setValues(v);
  };

  const seen = first.state.status === 'ok' ? first.state.result.items.map((h) => h.beneficiary.id) : [];

  return (
    <>
      <p className="breadcrumb">
        <Link to="/people">{t('people.title')}</Link>
      </p>
      <PageHeading title={t('people.registerTitle')}>{t('people.registerTitle')}</PageHeading>
      <p className="lead">{t('people.registerIntro')}</p>

      <section aria-labelledby="lookup-title">
        <h2 id="lookup-title">{t('people.step1')}</h2>
        <search aria-labelledby="lookup-title">
          <form onSubmit={runLookup} noValidate className="form filters" data-testid="person-search">
            <FormStatus problem={lookupProblem ?? (first.state.status === 'error' ? first.state.problem : null)} />
            <TextField
              label={t('people.searchName')}
              hint={t('people.searchNameHint')}
              name="searchName"
              dir="auto"
              autoComplete="off"
              value={lookup.name}
              onChange={(name) => setLookup({ ...lookup, name })}
            />
            <TextField
              label={t('people.dateOfBirth')}
              name="searchDateOfBirth"
              type="date"
              value={lookup.dateOfBirth}
              onChange={(dateOfBirth) => setLookup({ ...lookup, dateOfBirth })}
            />
            <TextField
              label={t('people.documentNumber')}
              name="searchDocumentNumber"
              dir="ltr"
              autoComplete="off"
              value={lookup.documentNumber}
              onChange={(documentNumber) => setLookup({ ...lookup, documentNumber })}
            />
            <FormActions>
              <button type="submit" className="button primary" disabled={first.state.status === 'loading'}>
                {t('people.searchSubmit')}
              </button>
            </FormActions>
          </form>
        </search>
        <div aria-live="polite">
          {first.state.status === 'loading' && <p className="loading">{t('people.searching')}</p>}
          {first.state.status === 'ok' && (
            <>
              {first.state.result.items.length > 0 && <p>{t('people.checkMatches')}</p>}
              <SearchResults result={first.state.result} caption={t('people.possibleMatches')} />
              {!values && (
                <div className="next-step">
                  <p>{first.state.result.items.length > 0 ? t('people.noneIsThePerson') : t('people.nobodyFound')}</p>
                  <button
                    type="button"
                    className="button primary"
                    data-testid="register-new"
                    onClick={startRegistration}
                  >
                    {t('people.registerNew')}
                  </button>
                </div>
              )}
            </>
          )}
        </div>
      </section>

      {values && <RegistrationForm initial={values} alreadyShown={seen} />}
    </>
  );
}

function RegistrationForm({ initial, alreadyShown }: { initial: PersonValues; alreadyShown: string[] }) {
  const { t } = useTranslation();
  const [values, setValues] = useState(initial);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [newMatches, setNewMatches] = useState<SearchHit[] | null>(null);
  const [duplicates, setDuplicates] = useState<DuplicateHit[]>([]);
  const recheck = usePersonSearch();
  const idempotency = useIdempotencyKey();
  const { byKey, rest } = issuesByPath(problem, personIssueKeys(values));
  // The form appears when its button is pressed, and the button goes: the focus moves to the form's first field
  // instead of falling back to the page.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);

  const register = async (confirmed: boolean) => {
    const body = createBody(values);
    const checked = validate(CreateBeneficiary, body);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      if (!confirmed) {
        // The full details can match someone the first, shorter search did not show: check once more, and ask the
        // linkage engine which existing records are likely this person (docs/linkage.md).
        const [found, check] = await Promise.all([
          recheck.search(searchBodyOf(values)),
          api<DuplicateCheckResult>('POST', '/api/linkage/duplicates/check', { body: checked.data }),
        ]);
        const likely = likelyDuplicates(check.data);
        const unseen = (found?.items ?? []).filter(
          (h) =>
            worthRechecking(h) &&
            !alreadyShown.includes(h.beneficiary.id) &&
            !likely.some((d) => d.beneficiary.id === h.beneficiary.id),
        );
        if (unseen.length > 0 || likely.length > 0) {
          setDuplicates(likely);
          setNewMatches(unseen);
          setBusy(false);
          return;
        }
      }
      const { data } = await api<Beneficiary>('POST', '/api/beneficiaries', {
        body: checked.data,
        idempotencyKey: idempotency.keyFor(checked.data),
      });
      idempotency.reset();
      navigate(`/people/${data.id}?registered=1`);
    } catch (err) {
      setProblem(problemOf(err));
      setBusy(false);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setNewMatches(null);
    void register(false);
  };

  return (
    <section aria-labelledby="register-title">
      <h2 id="register-title">{t('people.step2')}</h2>
      <form ref={formRef} onSubmit={submit} noValidate className="form wide-form" data-testid="person-register">
        <FormStatus problem={problem} rest={rest} />
        <PersonFields values={values} onChange={setValues} issues={byKey} />
        {newMatches && (
          <div className="problem" role="alert" data-testid="register-recheck">
            {duplicates.length > 0 && <DuplicateCheck hits={duplicates} />}
            {newMatches.length > 0 && (
              <>
                <p>{t('people.recheckFound')}</p>
                <SearchResults result={{ items: newMatches, more: false }} />
              </>
            )}
            <FormActions>
              <button
                type="button"
                className="button danger"
                data-testid="register-anyway"
                disabled={busy}
                onClick={() => void register(true)}
              >
                {t('people.registerAnyway')}
              </button>
            </FormActions>
          </div>
        )}
        <FormActions>
          <button type="submit" className="button primary" disabled={busy} data-testid="register-submit">
            {t('people.register')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}
