import { type Organisation, UpdateOrganisation } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { useVersionedPatch } from '../api/use-versioned-patch.ts';
import { Link } from '../app/router.tsx';
import { FormActions } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { ReferralIntake } from '../referrals/referral-intake.tsx';
import { useVocabularies } from '../vocabularies/use-vocabularies.ts';
import { iatiOrNull, OrganisationFields, type OrganisationValues } from './organisation-form.tsx';
import { changedFields } from './validate.ts';

/** One organisation: its facts and an edit form guarded by its ETag. */
export function OrganisationPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const org = useResource<Organisation>(`/api/organisations/${encodeURIComponent(id)}`);
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const vocab = useVocabularies();

  const title = org.data?.name ?? t('organisations.title');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/organisations">{t('organisations.title')}</Link>
      </p>
      <PageHeading title={title}>
        <bdi>{title}</bdi>
      </PageHeading>
      {org.status === 'error' && <FormStatus problem={org.problem} />}
      {!org.data && org.status === 'loading' && <Loading />}
      {conflict && (
        <p className="problem" role="alert">
          {t('common.conflict')}
        </p>
      )}
      <Notice message={notice} />
      {org.data && (
        <>
          <dl className="facts">
            <dt>{t('organisations.code')}</dt>
            <dd>
              <bdi dir="ltr">
                <code>{org.data.code}</code>
              </bdi>
            </dd>
            <dt>{t('common.created')}</dt>
            <dd>{formatDateTime(org.data.createdAt, i18n.language)}</dd>
            <dt>{t('common.updated')}</dt>
            <dd>{formatDateTime(org.data.updatedAt, i18n.language)}</dd>
            <dt>{t('common.version')}</dt>
            <dd>{org.data.version}</dd>
          </dl>
          <EditOrganisationForm
            // A fresh copy (after a save or a conflict) resets the form to what the server holds.
            key={org.etag ?? org.data.version}
            organisation={org.data}
            etag={org.etag ?? `"v${org.data.version}"`}
            onSaved={(saved, etag) => {
              setConflict(false);
              setNotice(t('common.saved'));
              org.replace(saved, etag);
            }}
            onConflict={() => {
              setNotice(null);
              setConflict(true);
              org.reload();
            }}
          />
          <ReferralIntake org={org} canEdit vocab={vocab} />
        </>
      )}
    </>
  );
}

function EditOrganisationForm({
  organisation,
  etag,
  onSaved,
  onConflict,
}: {
  organisation: Organisation;
  etag: string;
  onSaved: (saved: Organisation, etag: string | null) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const original: OrganisationValues = {
    name: organisation.name,
    kind: organisation.kind,
    country: organisation.country,
    iatiIdentifier: organisation.iatiIdentifier ?? '',
  };
  const [values, setValues] = useState(original);
  const { busy, problem, patch } = useVersionedPatch(
    `/api/organisations/${organisation.id}`,
    etag,
    onSaved,
    onConflict,
  );
  const [unchanged, setUnchanged] = useState(false);
  const { byField, rest } = splitIssues(problem, ['name', 'kind', 'country', 'iatiIdentifier']);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const diff: Record<string, unknown> = changedFields(original, values);
    if ('iatiIdentifier' in diff) diff.iatiIdentifier = iatiOrNull(values.iatiIdentifier);
    if (Object.keys(diff).length === 0) {
      setUnchanged(true);
      return;
    }
    setUnchanged(false);
    void patch(UpdateOrganisation, diff);
  };

  return (
    <section aria-labelledby="org-edit-title">
      <h2 id="org-edit-title">{t('organisations.editTitle')}</h2>
      <form onSubmit={submit} noValidate className="form">
        <FormStatus problem={problem} rest={rest} />
        <Notice message={unchanged ? t('common.unchanged') : null} />
        <OrganisationFields values={values} onChange={setValues} issues={byField} />
        <FormActions>
          <button type="submit" className="button primary" disabled={busy}>
            {t('common.save')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}
