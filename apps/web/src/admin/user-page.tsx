import { type Organisation, type Problem, UpdateUser, type User } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { useSession, useSignedIn } from '../auth/session.tsx';
import { FormActions } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDateTime, isolate } from '../i18n/format.ts';
import { UserFields, type UserValues } from './user-fields.tsx';
import { changedFields, validate } from './validate.ts';

/** One user: facts, an edit form, enabling or disabling the account, and resetting the second factor. */
export function UserPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const { refresh } = useSession();
  const isPlatformAdmin = session.user.roles.includes('platform_admin');
  const user = useResource<User>(`/api/users/${encodeURIComponent(id)}`);
  const org = useResource<Organisation>(
    isPlatformAdmin && user.data && user.data.organisationId !== session.organisation.id
      ? `/api/organisations/${user.data.organisationId}`
      : null,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [actionProblem, setActionProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const data = user.data;
  const etag = user.etag ?? (data ? `"v${data.version}"` : null);
  const isSelf = data?.id === session.user.id;
  const orgName =
    data?.organisationId === session.organisation.id
      ? session.organisation.name
      : (org.data?.name ?? data?.organisationId);

  const saved = (next: User, nextEtag: string | null, message: string) => {
    setConflict(false);
    setActionProblem(null);
    setNotice(message);
    user.replace(next, nextEtag);
    // Editing one's own account changes the name and language the header shows.
    if (next.id === session.user.id) void refresh();
  };
  const failed = (err: unknown) => {
    if (err instanceof ApiError && err.status === 412) {
      setNotice(null);
      setConflict(true);
      user.reload();
    } else {
      setActionProblem(problemOf(err));
    }
  };

  const toggleDisabled = async () => {
    if (!data) return;
    const disabling = !data.disabled;
    if (disabling && !window.confirm(t('users.confirmDisable', { name: isolate(data.displayName) }))) return;
    setBusy(true);
    setNotice(null);
    try {
      const r = await api<User>('PATCH', `/api/users/${data.id}`, { body: { disabled: disabling }, ifMatch: etag });
      saved(r.data, r.etag, disabling ? t('users.disabledNotice') : t('users.enabledNotice'));
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  };

  const resetSecondFactor = async () => {
    if (!data) return;
    if (!window.confirm(t('users.confirmReset', { name: isolate(data.displayName) }))) return;
    setBusy(true);
    setNotice(null);
    setActionProblem(null);
    try {
      await api<void>('POST', `/api/users/${data.id}/second-factor/reset`);
      setNotice(t('users.resetNotice'));
      user.reload();
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  };

  const sendPasswordLink = async () => {
    if (!data) return;
    setBusy(true);
    setNotice(null);
    setActionProblem(null);
    try {
      await api<void>('POST', `/api/users/${data.id}/password-reset`);
      setNotice(t('users.sendResetNotice', { email: isolate(data.email) }));
    } catch (err) {
      failed(err);
    } finally {
      setBusy(false);
    }
  };

  const title = data?.displayName ?? t('users.title');
  return (
    <>
      <p className="breadcrumb">
        <Link to="/users">{t('users.title')}</Link>
      </p>
      <PageHeading title={title}>
        <bdi>{title}</bdi>
      </PageHeading>
      {user.status === 'error' && <FormStatus problem={user.problem} />}
      {!data && user.status === 'loading' && <Loading />}
      {conflict && (
        <p className="problem" role="alert">
          {t('common.conflict')}
        </p>
      )}
      <Notice message={notice} />
      {data && etag && (
        <>
          <dl className="facts">
            <dt>{t('users.email')}</dt>
            <dd>
              <bdi dir="ltr">{data.email}</bdi>
            </dd>
            <dt>{t('users.organisation')}</dt>
            <dd>
              <bdi>{orgName}</bdi>
            </dd>
            <dt>{t('users.status')}</dt>
            <dd>{data.disabled ? t('users.disabled') : t('users.active')}</dd>
            <dt>{t('users.secondFactor')}</dt>
            <dd>{data.totpEnabled ? t('users.totpOn') : t('users.totpOff')}</dd>
            <dt>{t('users.lastLogin')}</dt>
            <dd>{data.lastLoginAt ? formatDateTime(data.lastLoginAt, i18n.language) : t('users.never')}</dd>
            <dt>{t('common.created')}</dt>
            <dd>{formatDateTime(data.createdAt, i18n.language)}</dd>
          </dl>
          <EditUserForm
            key={etag}
            user={data}
            etag={etag}
            canGrantPlatformAdmin={isPlatformAdmin}
            platformOrganisation={data.organisationId === session.organisation.id}
            onSaved={(next, nextEtag) => saved(next, nextEtag, t('common.saved'))}
            onFailed={failed}
          />
          <section aria-labelledby="user-actions-title">
            <h2 id="user-actions-title">{t('users.actionsTitle')}</h2>
            <FormStatus problem={actionProblem} />
            <div className="action-list">
              <div>
                <p>{data.disabled ? t('users.enableText') : t('users.disableText')}</p>
                <button
                  type="button"
                  className={data.disabled ? 'button secondary' : 'button danger'}
                  disabled={busy || isSelf}
                  onClick={() => void toggleDisabled()}
                  data-testid="user-toggle-disabled"
                >
                  {data.disabled ? t('users.enable') : t('users.disable')}
                </button>
                {isSelf && <p className="hint">{t('users.notSelf')}</p>}
              </div>
              {!data.disabled && (
                <div>
                  <p>{t('users.sendResetText')}</p>
                  <button
                    type="button"
                    className="button secondary"
                    disabled={busy}
                    onClick={() => void sendPasswordLink()}
                    data-testid="user-send-password-link"
                  >
                    {t('users.sendReset')}
                  </button>
                </div>
              )}
              {isSelf ? (
                <p data-testid="user-own-second-factor">
                  {t('users.ownFactorText')} <Link to="/account">{t('users.ownFactorLink')}</Link>
                </p>
              ) : data.totpEnabled ? (
                <div>
                  <p>{t('users.resetText')}</p>
                  <button
                    type="button"
                    className="button danger"
                    disabled={busy}
                    onClick={() => void resetSecondFactor()}
                    data-testid="user-reset-second-factor"
                  >
                    {t('users.reset')}
                  </button>
                </div>
              ) : (
                <p data-testid="user-no-second-factor">{t('users.noFactorText')}</p>
              )}
            </div>
          </section>
        </>
      )}
    </>
  );
}

function EditUserForm({
  user,
  etag,
  canGrantPlatformAdmin,
  platformOrganisation,
  onSaved,
  onFailed,
}: {
  user: User;
  etag: string;
  canGrantPlatformAdmin: boolean;
  platformOrganisation: boolean;
  onSaved: (user: User, etag: string | null) => void;
  onFailed: (err: unknown) => void;
}) {
  const { t } = useTranslation();
  const original: UserValues = { displayName: user.displayName, roles: user.roles, locale: user.locale };
  const [values, setValues] = useState(original);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [unchanged, setUnchanged] = useState(false);
  const { byField, rest } = splitIssues(problem, ['displayName', 'roles', 'locale']);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const diff = changedFields(original, values);
    if (Object.keys(diff).length === 0) {
      setUnchanged(true);
      return;
    }
    setUnchanged(false);
    const checked = validate(UpdateUser, diff);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const r = await api<User>('PATCH', `/api/users/${user.id}`, { body: checked.data, ifMatch: etag });
      onSaved(r.data, r.etag);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 412) onFailed(err);
      else setProblem(problemOf(err));
    }
  };

  return (
    <section aria-labelledby="user-edit-title">
      <h2 id="user-edit-title">{t('users.editTitle')}</h2>
      <form onSubmit={submit} noValidate className="form">
        <FormStatus problem={problem} rest={rest} />
        <Notice message={unchanged ? t('common.unchanged') : null} />
        <UserFields
          values={values}
          onChange={setValues}
          issues={byField}
          canGrantPlatformAdmin={canGrantPlatformAdmin}
          platformOrganisation={platformOrganisation}
          held={original.roles}
        />
        <FormActions>
          <button type="submit" className="button primary" disabled={busy}>
            {t('common.save')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}
