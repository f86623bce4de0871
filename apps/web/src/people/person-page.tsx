import { type Beneficiary, UpdateBeneficiary } from '@corridor/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { changedFields } from '../admin/validate.ts';
import { issuesByPath } from '../api/issues.ts';
import { useResource } from '../api/use-resource.ts';
import { useVersionedPatch } from '../api/use-versioned-patch.ts';
import { Link, useLocation } from '../app/router.tsx';
import { FormActions } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { PersonName } from '../protection/names.tsx';
import { ConsentPanel } from './consent-panel.tsx';
import { PersonCases } from './person-cases.tsx';
import { PersonFacts } from './person-facts.tsx';
import { PersonFields, personIssueKeys } from './person-fields.tsx';
import { AnonymisedName } from './person-name.tsx';
import { ageOf, personBody, personValuesOf } from './person-values.ts';
import { AnonymisedNotice, ErasureDone, SubjectRightsPanel } from './subject-rights-panel.tsx';

/**
 * One person: the record, their cases (those the caller may read) and opening one, the consent panel, and an edit
 * form guarded by the record's ETag. An anonymised person shows only what was kept, and nothing to edit.
 */
export function PersonPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { search, path } = useLocation();
  const person = useResource<Beneficiary>(`/api/beneficiaries/${encodeURIComponent(id)}`);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(
    new URLSearchParams(search).has('registered') ? t('people.registered') : null,
  );
  const [conflict, setConflict] = useState(false);
  const [erasure, setErasure] = useState<Parameters<typeof ErasureDone>[0]['result'] | null>(null);

  // The "just registered" marker is for this one view: drop it from the address so a reload does not repeat it.
  useEffect(() => {
    if (new URLSearchParams(search).has('registered')) window.history.replaceState(null, '', path);
  }, [search, path]);

  // Links such as "record the basis in the consent panel" land on the panel.
  useEffect(() => {
    if (person.data && window.location.hash === '#consent') {
      document.getElementById('consent')?.scrollIntoView();
    }
  }, [person.data]);

  // Once erased, the person is gone: nothing of them stays on the page. Once anonymised, nothing shows until the
  // anonymised record is back from the server; every panel below then mounts afresh and loads what is left (the
  // consent panel, the cases), so none keeps what it showed before.
  const b = !erasure ? person.data : erasure.mode === 'anonymise' && person.data?.anonymised ? person.data : null;
  const anonymised = b?.anonymised ?? false;
  const title = b ? b.nameOriginal || b.nameLatin : t('people.title');
  const age = b ? ageOf(b.dateOfBirth, b.dobPrecision) : null;

  return (
    <>
      <p className="breadcrumb">
        <Link to="/people">{t('people.title')}</Link>
      </p>
      <PageHeading title={t('people.personTitle')} testId="person-name">
        {/* An anonymised person's stored name is English for everyone: the page words it in its language. */}
        {b?.anonymised ? (
          <AnonymisedName />
        ) : b ? (
          <PersonName nameOriginal={b.nameOriginal} nameLatin={b.nameLatin} />
        ) : (
          title
        )}
      </PageHeading>
      {erasure && <ErasureDone result={erasure} />}
      {person.status === 'error' && !erasure && <FormStatus problem={person.problem} />}
      {!b && person.status === 'loading' && <Loading />}
      {conflict && (
        <p className="problem" role="alert">
          {t('common.conflict')}
        </p>
      )}
      <Notice message={notice} />
      {b && (
        <>
          {b.restricted && (
            <p className="notice restricted" data-testid="person-restricted">
              {t('people.restricted')}
            </p>
          )}
          {anonymised && <AnonymisedNotice />}
          <PersonFacts person={b} />

          <section aria-labelledby="person-cases-title">
            <h2 id="person-cases-title">{t('people.casesTitle')}</h2>
            <PersonCases personId={b.id} />
            {!anonymised && (
              <>
                <p>{t('people.casesText')}</p>
                <p>
                  <Link to={`/cases/new?person=${b.id}`} className="button primary" data-testid="open-case">
                    {t('people.openCase')}
                  </Link>
                </p>
              </>
            )}
          </section>

          {/* An anonymised person has no consent ledger left, and none is recorded for someone no one can identify. */}
          {!anonymised && <ConsentPanel beneficiaryId={b.id} age={age} />}

          {!anonymised && (
            <section aria-labelledby="person-edit-title">
              <h2 id="person-edit-title">{t('people.editTitle')}</h2>
              {!editing ? (
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => setEditing(true)}
                  data-testid="edit-person"
                >
                  {t('people.edit')}
                </button>
              ) : (
                <EditPersonForm
                  key={person.etag ?? b.version}
                  person={b}
                  etag={person.etag ?? `"v${b.version}"`}
                  onCancel={() => setEditing(false)}
                  onSaved={(saved, etag) => {
                    setConflict(false);
                    setNotice(t('common.saved'));
                    setEditing(false);
                    person.replace(saved, etag);
                  }}
                  onConflict={() => {
                    setNotice(null);
                    setConflict(true);
                    person.reload();
                  }}
                />
              )}
            </section>
          )}

          {!erasure && (
            <SubjectRightsPanel
              person={b}
              etag={person.etag}
              onConflict={person.reload}
              onDone={(result) => {
                setNotice(null);
                setErasure(result);
                if (result.mode === 'anonymise') person.reload();
              }}
            />
          )}
        </>
      )}
    </>
  );
}

function EditPersonForm({
  person,
  etag,
  onSaved,
  onConflict,
  onCancel,
}: {
  person: Beneficiary;
  etag: string;
  onSaved: (saved: Beneficiary, etag: string | null) => void;
  onConflict: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState(() => personValuesOf(person));
  const { busy, problem, patch } = useVersionedPatch(`/api/beneficiaries/${person.id}`, etag, onSaved, onConflict);
  const [unchanged, setUnchanged] = useState(false);
  const { byKey, rest } = issuesByPath(problem, personIssueKeys(values));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const diff = changedFields(personBody(personValuesOf(person)), personBody(values));
    if (Object.keys(diff).length === 0) {
      setUnchanged(true);
      return;
    }
    setUnchanged(false);
    void patch(UpdateBeneficiary, diff);
  };

  return (
    <form onSubmit={submit} noValidate className="form wide-form" data-testid="person-edit">
      <FormStatus problem={problem} rest={rest} />
      <Notice message={unchanged ? t('common.unchanged') : null} />
      <PersonFields values={values} onChange={setValues} issues={byKey} />
      <FormActions>
        <button type="submit" className="button primary" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </FormActions>
    </form>
  );
}
