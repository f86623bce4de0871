import type { NotificationSettings, Problem } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { NewPasswordFields, passwordFormProblem } from '../auth/credential-fields.tsx';
import { useSession, useSignedIn } from '../auth/session.tsx';
import { FormActions, TextField } from '../components/fields.tsx';
import { CheckField } from '../components/form-fields.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { LANGUAGE_NAMES } from '../i18n/index.ts';
import { SecondFactorSection } from './second-factor-section.tsx';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

/** The person's own account: what it holds, the second factor, notifications, a password change and signing out. */
export function AccountPage() {
  const { t } = useTranslation();
  const { user, organisation } = useSignedIn();
  const { signOut } = useSession();

  return (
    <>
      <PageHeading title={t('account.title')}>{t('account.title')}</PageHeading>
      <section aria-labelledby="profile-title">
        <h2 id="profile-title">{t('account.profile')}</h2>
        <dl className="facts">
          <dt>{t('users.displayName')}</dt>
          <dd>
            <bdi>{user.displayName}</bdi>
          </dd>
          <dt>{t('users.email')}</dt>
          <dd>
            <bdi dir="ltr">{user.email}</bdi>
          </dd>
          <dt>{t('users.organisation')}</dt>
          <dd>
            <bdi>{organisation.name}</bdi>
          </dd>
          <dt>{t('users.roles')}</dt>
          <dd>{user.roles.map((r) => t(`roles.${r}`)).join(t('common.separator'))}</dd>
          <dt>{t('users.locale')}</dt>
          <dd>
            <span data-testid="account-locale">{LANGUAGE_NAMES[user.locale]}</span>
            <span className="hint"> {t('account.localeHint')}</span>
          </dd>
        </dl>
      </section>
      <SecondFactorSection />
      <NotificationSettingsForm email={user.email} />
      <ChangePasswordForm />
      <section aria-labelledby="signout-title">
        <h2 id="signout-title">{t('account.signOutTitle')}</h2>
        <p>{t('account.signOutText')}</p>
        <button type="button" className="button secondary" onClick={() => void signOut()}>
          {t('nav.signOut')}
        </button>
      </section>
    </>
  );
}

/** The person's own choice of e-mail copies of their notifications (off by default); saved as it is ticked. */
function NotificationSettingsForm({ email }: { email: string }) {
  const { t } = useTranslation();
  const settings = useResource<NotificationSettings>('/api/me/notification-settings');
  // the box shows the choice being saved at once; it falls back to the saved value if saving fails
  const [pending, setPending] = useState<boolean | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const change = async (on: boolean) => {
    setPending(on);
    setProblem(null);
    setNotice(null);
    try {
      const r = await api<NotificationSettings>('PUT', '/api/me/notification-settings', { body: { email: on } });
      settings.replace(r.data, null);
      setNotice(r.data.email ? t('account.emailCopiesOn') : t('account.emailCopiesOff'));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setPending(null);
    }
  };

  return (
    <section aria-labelledby="notification-settings-title" data-testid="notification-settings">
      <h2 id="notification-settings-title">{t('account.notificationsTitle')}</h2>
      <FormStatus problem={problem ?? (settings.status === 'error' ? settings.problem : null)} />
      <Notice message={notice} />
      <CheckField
        label={t('account.emailCopies')}
        hint={t('account.emailCopiesHint', { email })}
        name="emailCopies"
        checked={pending ?? settings.data?.email ?? false}
        disabled={pending !== null || !settings.data}
        onChange={(on) => void change(on)}
      />
    </section>
  );
}

function ChangePasswordForm() {
  const { t } = useTranslation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirmPassword, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { byField, rest } = splitIssues(problem, FIELDS);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setNotice(null);
    const local = passwordFormProblem(
      t,
      { currentPassword, newPassword, confirmPassword },
      newPassword,
      confirmPassword,
    );
    if (local) {
      setProblem(local);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api<void>('POST', '/api/auth/password', { body: { currentPassword, newPassword } });
      setCurrent('');
      setNew('');
      setConfirm('');
      setNotice(t('account.passwordChanged'));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="password-title">
      <h2 id="password-title">{t('account.passwordTitle')}</h2>
      <form onSubmit={submit} noValidate className="form">
        <FormStatus problem={problem} rest={rest} />
        <Notice message={notice} />
        <TextField
          label={t('account.currentPassword')}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          dir="ltr"
          required
          value={currentPassword}
          onChange={setCurrent}
          issues={byField.currentPassword}
        />
        <NewPasswordFields
          newPassword={newPassword}
          onNew={setNew}
          confirmPassword={confirmPassword}
          onConfirm={setConfirm}
          byField={byField}
        />
        <FormActions>
          <button type="submit" className="button primary" disabled={busy}>
            {t('account.changePassword')}
          </button>
        </FormActions>
      </form>
    </section>
  );
}
