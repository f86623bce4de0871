import { CreateUser, type Organisation, type Problem, type User } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDateTime, isolate } from '../i18n/format.ts';
import { currentLanguage } from '../i18n/index.ts';
import { useIdempotencyKey } from './idempotency.ts';
import { UserFields, type UserValues } from './user-fields.tsx';
import { validate } from './validate.ts';

type UserPage = { items: User[]; next: string | null };
type OrganisationPage = { items: Organisation[]; next: string | null };

/** Users of the caller's organisation (any organisation for a platform administrator): search, list, create. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const isPlatformAdmin = session.user.roles.includes('platform_admin');
  const organisations = useResource<OrganisationPage>(isPlatformAdmin ? '/api/organisations?limit=200' : null);
  const orgList = isPlatformAdmin ? (organisations.data?.items ?? [session.organisation]) : [session.organisation];
  const orgName = (id: string) => orgList.find((o) => o.id === id)?.name ?? id.slice(0, 8);

  const [searchInput, setSearchInput] = useState('');
  const [orgInput, setOrgInput] = useState('');
  const [filter, setFilter] = useState({ search: '', organisationId: '' });
  const [cursors, setCursors] = useState<string[]>([]);
  const list = useResource<UserPage>(
    `/api/users${query({ search: filter.search, organisationId: filter.organisationId, cursor: cursors.at(-1) })}`,
  );

  // A search the server refused (too long): said under the search box, in the page's words.
  const { byField: filterIssues, rest: listIssues } = splitIssues(list.status === 'error' ? list.problem : null, [
    'search',
    'organisationId',
  ]);

  const applySearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCursors([]);
    setFilter({ search: searchInput.trim(), organisationId: orgInput });
  };

  return (
    <>
      <PageHeading title={t('users.title')}>{t('users.title')}</PageHeading>
      <search aria-label={t('users.searchLabel')}>
        <form onSubmit={applySearch} className="form filters">
          <TextField
            label={t('users.search')}
            name="search"
            type="search"
            autoComplete="off"
            dir="auto"
            maxLength={100}
            value={searchInput}
            onChange={setSearchInput}
            issues={filterIssues.search}
          />
          {isPlatformAdmin && (
            <SelectField
              label={t('users.organisation')}
              name="organisationId"
              value={orgInput}
              onChange={setOrgInput}
              issues={filterIssues.organisationId}
              options={[
                { value: '', label: t('users.allOrganisations') },
                ...orgList.map((o) => ({ value: o.id, label: `${o.name} (${o.code})` })),
              ]}
            />
          )}
          <FormActions>
            <button type="submit" className="button secondary">
              {t('users.searchSubmit')}
            </button>
          </FormActions>
        </form>
      </search>

      <section aria-labelledby="user-list-title">
        <h2 id="user-list-title">{t('users.listTitle')}</h2>
        {list.status === 'error' && <FormStatus problem={list.problem} rest={listIssues} />}
        {list.status === 'loading' && !list.data && <Loading />}
        {list.data && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('users.displayName')}</th>
                  <th scope="col">{t('users.email')}</th>
                  {isPlatformAdmin && <th scope="col">{t('users.organisation')}</th>}
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">{t('users.lastLogin')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((u) => (
                  <tr key={u.id} data-testid="user-row">
                    <td className="name-cell">
                      <Link to={`/users/${u.id}`}>
                        <bdi>{u.displayName}</bdi>
                      </Link>
                    </td>
                    <td>
                      <bdi dir="ltr">{u.email}</bdi>
                    </td>
                    {isPlatformAdmin && (
                      <td className="name-cell">
                        <bdi>{orgName(u.organisationId)}</bdi>
                      </td>
                    )}
                    <td>{u.roles.map((r) => t(`roles.${r}`)).join(t('common.separator'))}</td>
                    <td>
                      {u.disabled ? (
                        <span className="badge danger-badge">{t('users.disabled')}</span>
                      ) : (
                        <span className="badge ok-badge">{t('users.active')}</span>
                      )}
                      {!u.totpEnabled && <span className="badge muted-badge">{t('users.noSecondFactor')}</span>}
                    </td>
                    <td>
                      {u.lastLoginAt ? (
                        <time dateTime={u.lastLoginAt}>{formatDateTime(u.lastLoginAt, i18n.language)}</time>
                      ) : (
                        t('users.never')
                      )}
                    </td>
                  </tr>
                ))}
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={isPlatformAdmin ? 6 : 5}>{t('common.none')}</td>
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

      <CreateUserForm
        organisations={orgList}
        defaultOrganisationId={session.organisation.id}
        isPlatformAdmin={isPlatformAdmin}
        onCreated={list.reload}
      />
    </>
  );
}

const FIELDS = ['organisationId', 'email', 'displayName', 'roles', 'locale', 'password'] as const;

function CreateUserForm({
  organisations,
  defaultOrganisationId,
  isPlatformAdmin,
  onCreated,
}: {
  organisations: Organisation[];
  defaultOrganisationId: string;
  isPlatformAdmin: boolean;
  onCreated: () => void;
}) {
  const { t } = useTranslation();
  const empty = (): UserValues & { email: string; password: string; organisationId: string } => ({
    // A platform administrator chooses the organisation each time: none is preselected, so that an account is not
    // made in whichever organisation comes first by mistake.
    organisationId: isPlatformAdmin ? '' : defaultOrganisationId,
    email: '',
    displayName: '',
    roles: [],
    locale: currentLanguage(),
    password: '',
  });
  const [values, setValues] = useState(empty);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [created, setCreated] = useState<User | null>(null);
  const idempotency = useIdempotencyKey();
  const { byField, rest } = splitIssues(problem, FIELDS);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setCreated(null);
    const { organisationId, ...others } = values;
    // Only a platform administrator names an organisation; for everyone else the server uses their own.
    const body = isPlatformAdmin ? { organisationId, ...others } : others;
    const checked = validate(CreateUser, body);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await api<User>('POST', '/api/users', {
        body: checked.data,
        idempotencyKey: idempotency.keyFor(checked.data),
      });
      idempotency.reset();
      setValues(empty());
      setCreated(data);
      onCreated();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="user-create-title">
      <h2 id="user-create-title">{t('users.createTitle')}</h2>
      <form onSubmit={submit} noValidate className="form" data-testid="user-create">
        <FormStatus problem={problem} rest={rest} />
        <Notice message={created ? t('users.created', { name: isolate(created.displayName) }) : null} />
        {isPlatformAdmin && (
          <SelectField
            label={t('users.organisation')}
            name="organisationId"
            required
            value={values.organisationId}
            onChange={(organisationId) =>
              setValues({
                ...values,
                organisationId,
                // The platform administrator role is for the platform's own organisation only: another drops it.
                roles:
                  organisationId === defaultOrganisationId
                    ? values.roles
                    : values.roles.filter((r) => r !== 'platform_admin'),
              })
            }
            options={[
              { value: '', label: t('common.choose') },
              ...organisations.map((o) => ({ value: o.id, label: `${o.name} (${o.code})` })),
            ]}
            issues={byField.organisationId}
          />
        )}
        <TextField
          label={t('users.email')}
          name="email"
          type="email"
          required
          dir="ltr"
          autoComplete="off"
          value={values.email}
          onChange={(email) => setValues({ ...values, email })}
          issues={byField.email}
        />
        <UserFields
          values={values}
          onChange={(v) => setValues({ ...values, ...v })}
          issues={byField}
          canGrantPlatformAdmin={isPlatformAdmin}
          platformOrganisation={values.organisationId === defaultOrganisationId}
        />
        <TextField
          label={t('users.password')}
          hint={t('users.initialPasswordHint')}
          name="password"
          type="password"
          required
          dir="ltr"
          autoComplete="new-password"
          value={values.password}
          onChange={(password) => setValues({ ...values, password })}
          issues={byField.password}
        />
        <FormActions>
          <button type="submit" className="button primary" disabled={busy}>
            {t('users.create')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}
