import { CreateOrganisation, type Organisation, type Problem } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { FormActions, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDate, isolate } from '../i18n/format.ts';
import { countryName } from '../places/countries.ts';
import { useIdempotencyKey } from './idempotency.ts';
import { iatiOrNull, OrganisationFields, type OrganisationValues } from './organisation-form.tsx';
import { validate } from './validate.ts';

type OrganisationPage = { items: Organisation[]; next: string | null };

/** Platform administration: every organisation, and a form to add one. */
export function OrganisationsPage() {
  const { t, i18n } = useTranslation();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const list = useResource<OrganisationPage>(`/api/organisations${query({ limit: 50, cursor })}`);

  return (
    <>
      <PageHeading title={t('organisations.title')}>{t('organisations.title')}</PageHeading>
      <section aria-labelledby="org-list-title">
        <h2 id="org-list-title">{t('organisations.listTitle')}</h2>
        {list.status === 'error' && <FormStatus problem={list.problem} />}
        {list.status === 'loading' && !list.data && <Loading />}
        {list.data && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('organisations.code')}</th>
                  <th scope="col">{t('organisations.name')}</th>
                  <th scope="col">{t('organisations.kind')}</th>
                  <th scope="col">{t('organisations.country')}</th>
                  <th scope="col">{t('common.created')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((o) => (
                  <tr key={o.id} data-testid="organisation-row">
                    <td>
                      <code dir="ltr">{o.code}</code>
                    </td>
                    <td className="name-cell">
                      <Link to={`/organisations/${o.id}`}>
                        <bdi>{o.name}</bdi>
                      </Link>
                      {o.demo && <span className="badge muted-badge">{t('common.demo')}</span>}
                    </td>
                    <td>{t(`kinds.${o.kind}`)}</td>
                    <td>{countryName(o.country, i18n.language)}</td>
                    <td>
                      <time dateTime={o.createdAt}>{formatDate(o.createdAt, i18n.language)}</time>
                    </td>
                  </tr>
                ))}
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={5}>{t('common.none')}</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        )}
        <div className="pager">
          {cursors.length > 0 && (
            <button type="button" className="button secondary" onClick={() => setCursors([])}>
              {t('common.first')}
            </button>
          )}
          {list.data?.next && (
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                const next = list.data?.next;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              {t('common.more')}
            </button>
          )}
        </div>
      </section>
      <CreateOrganisationForm onCreated={list.reload} />
    </>
  );
}

const EMPTY: OrganisationValues & { code: string } = {
  code: '',
  name: '',
  kind: 'civil_society',
  country: '',
  iatiIdentifier: '',
};

function CreateOrganisationForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState(EMPTY);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<Organisation | null>(null);
  const idempotency = useIdempotencyKey();
  const { byField, rest } = splitIssues(problem, ['code', 'name', 'kind', 'country', 'iatiIdentifier']);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreated(null);
    const checked = validate(CreateOrganisation, { ...values, iatiIdentifier: iatiOrNull(values.iatiIdentifier) });
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await api<Organisation>('POST', '/api/organisations', {
        body: checked.data,
        idempotencyKey: idempotency.keyFor(checked.data),
      });
      idempotency.reset();
      setValues(EMPTY);
      setCreated(data);
      onCreated();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="org-create-title">
      <h2 id="org-create-title">{t('organisations.createTitle')}</h2>
      <form onSubmit={submit} noValidate className="form" data-testid="organisation-create">
        <FormStatus problem={problem} rest={rest} />
        <Notice message={created ? t('organisations.created', { name: isolate(created.name) }) : null} />
        <TextField
          label={t('organisations.code')}
          hint={t('organisations.codeHint')}
          name="code"
          required
          dir="ltr"
          autoComplete="off"
          maxLength={16}
          className="short-field"
          value={values.code}
          onChange={(code) => setValues({ ...values, code: code.toUpperCase() })}
          issues={byField.code}
        />
        <OrganisationFields values={values} onChange={(v) => setValues({ ...values, ...v })} issues={byField} />
        <FormActions>
          <button type="submit" className="button primary" disabled={busy}>
            {t('organisations.create')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}
