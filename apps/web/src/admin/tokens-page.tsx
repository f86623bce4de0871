import { type ApiToken, CreateApiToken, type Problem, type Role } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { ROLES } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { CopyButton } from '../components/copy-button.tsx';
import { CheckboxGroup, FormActions, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDate, isolate } from '../i18n/format.ts';
import { useIdempotencyKey } from './idempotency.ts';
import { validate } from './validate.ts';

type TokenList = { items: ApiToken[] };
type CreatedToken = { token: ApiToken; secret: string };

/**
 * The roles a token may carry: only roles its creator holds (the server refuses the rest), and never platform
 * administration, which stays with people.
 */
function tokenRolesFor(held: readonly Role[]): Role[] {
  return ROLES.filter((r) => r !== 'platform_admin' && held.includes(r));
}

function statusOf(token: ApiToken, now: number): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  return new Date(token.expiresAt).getTime() <= now ? 'expired' : 'active';
}

/** API tokens of the organisation: list, create (the secret is shown once) and revoke. */
export function TokensPage() {
  const { t, i18n } = useTranslation();
  const list = useResource<TokenList>('/api/tokens');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const now = Date.now();

  const revoke = async (token: ApiToken) => {
    if (!window.confirm(t('tokens.confirmRevoke', { name: isolate(token.name) }))) return;
    setNotice(null);
    setProblem(null);
    try {
      await api<void>('DELETE', `/api/tokens/${token.id}`);
      setNotice(t('tokens.revoked', { name: isolate(token.name) }));
      list.reload();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };

  return (
    <>
      <PageHeading title={t('tokens.title')}>{t('tokens.title')}</PageHeading>
      <p>{t('tokens.intro')}</p>
      {created && (
        <section className="secret-panel" aria-labelledby="token-secret-title">
          <h2 id="token-secret-title">{t('tokens.secretTitle', { name: isolate(created.token.name) })}</h2>
          <p>{t('tokens.secretText')}</p>
          <p className="secret" dir="ltr" translate="no">
            <code data-testid="token-secret">{created.secret}</code>
          </p>
          <p>
            <CopyButton value={created.secret} label={t('tokens.copySecret')} />
          </p>
          <button type="button" className="button primary" onClick={() => setCreated(null)}>
            {t('tokens.secretStored')}
          </button>
        </section>
      )}
      <section aria-labelledby="token-list-title">
        <h2 id="token-list-title">{t('tokens.listTitle')}</h2>
        <FormStatus problem={list.status === 'error' ? list.problem : problem} />
        <Notice message={notice} />
        {list.status === 'loading' && !list.data && <Loading />}
        {list.data && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('tokens.name')}</th>
                  <th scope="col">{t('tokens.roles')}</th>
                  <th scope="col">{t('common.created')}</th>
                  <th scope="col">{t('tokens.expires')}</th>
                  <th scope="col">{t('tokens.lastUsed')}</th>
                  <th scope="col">{t('tokens.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((token) => {
                  const status = statusOf(token, now);
                  return (
                    <tr key={token.id} data-testid="token-row">
                      <td className="name-cell">
                        <bdi>{token.name}</bdi>
                      </td>
                      <td>{token.roles.map((r) => t(`roles.${r}`)).join(t('common.separator'))}</td>
                      <td>{formatDate(token.createdAt, i18n.language)}</td>
                      <td>{formatDate(token.expiresAt, i18n.language)}</td>
                      <td>{token.lastUsedAt ? formatDate(token.lastUsedAt, i18n.language) : t('users.never')}</td>
                      <td>
                        <span className={`badge ${status === 'active' ? 'ok-badge' : 'muted-badge'}`}>
                          {t(`tokens.statuses.${status}`)}
                        </span>
                      </td>
                      <td>
                        {status === 'active' && (
                          <button
                            type="button"
                            className="button danger small"
                            onClick={() => void revoke(token)}
                            aria-label={t('tokens.revokeNamed', { name: isolate(token.name) })}
                          >
                            {t('tokens.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={7}>{t('common.none')}</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <CreateTokenForm
        onCreated={(c) => {
          setCreated(c);
          setNotice(null);
          list.reload();
        }}
      />
    </>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedToken) => void }) {
  const { t } = useTranslation();
  const tokenRoles = tokenRolesFor(useSignedIn().user.roles);
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [days, setDays] = useState('90');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const idempotency = useIdempotencyKey();
  const { byField, rest } = splitIssues(problem, ['name', 'roles', 'expiresInDays']);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = validate(CreateApiToken, {
      name,
      roles,
      expiresInDays: days.trim() === '' ? undefined : Number(days),
    });
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await api<CreatedToken>('POST', '/api/tokens', {
        body: checked.data,
        idempotencyKey: idempotency.keyFor(checked.data),
      });
      idempotency.reset();
      setName('');
      setRoles([]);
      setDays('90');
      onCreated(data);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="token-create-title">
      <h2 id="token-create-title">{t('tokens.createTitle')}</h2>
      <form onSubmit={submit} noValidate className="form" data-testid="token-create">
        <FormStatus problem={problem} rest={rest} />
        <TextField
          label={t('tokens.name')}
          hint={t('tokens.nameHint')}
          name="name"
          required
          dir="auto"
          maxLength={100}
          autoComplete="off"
          value={name}
          onChange={setName}
          issues={byField.name}
        />
        <CheckboxGroup
          label={t('tokens.roles')}
          hint={t('tokens.rolesHint')}
          name="roles"
          options={tokenRoles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={roles}
          onChange={setRoles}
          issues={byField.roles}
        />
        <TextField
          label={t('tokens.expiresInDays')}
          hint={t('tokens.expiresHint')}
          name="expiresInDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={366}
          className="short-field"
          value={days}
          onChange={setDays}
          issues={byField.expiresInDays}
        />
        <FormActions>
          <button type="submit" className="button primary" disabled={busy}>
            {t('tokens.create')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}
