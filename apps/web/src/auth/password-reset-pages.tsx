import type { Problem } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { Link, navigate } from '../app/router.tsx';
import { FormActions, TextField } from '../components/fields.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { AuthShell } from './auth-shell.tsx';
import { emptyFieldsProblem, NewPasswordFields, passwordFormProblem } from './credential-fields.tsx';

/** Forgotten password: the account's e-mail address, to which a link to set a new password is sent. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const { byField, rest } = splitIssues(problem, ['email']);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const empty = emptyFieldsProblem(t, { email });
    if (empty) {
      setProblem(empty);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api<void>('POST', '/api/auth/password-reset', { body: { email: email.trim() }, quietAuth: true });
      setSent(true);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthShell>
      <PageHeading title={t('reset.forgotTitle')}>{t('reset.forgotTitle')}</PageHeading>
      {sent ? (
        <p className="notice ok" role="status" data-testid="reset-sent">
          {t('reset.sent')}
        </p>
      ) : (
        <>
          <p>{t('reset.forgotIntro')}</p>
          <form onSubmit={submit} noValidate className="form">
            <FormStatus problem={problem} rest={rest} />
            <TextField
              label={t('login.email')}
              name="email"
              type="email"
              autoComplete="username"
              dir="ltr"
              required
              value={email}
              onChange={setEmail}
              issues={byField.email}
            />
            <FormActions>
              <button type="submit" className="button primary" disabled={busy}>
                {t('reset.send')}
              </button>
            </FormActions>
          </form>
        </>
      )}
      <p className="aside">
        <Link to="/">{t('reset.backToSignIn')}</Link>
      </p>
    </AuthShell>
  );
}

/** The token of the link, from the address's fragment (never sent to the server with the page, nor in a Referer). */
function tokenFromAddress(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}

const FIELDS = ['newPassword', 'confirmPassword'] as const;

/**
 * A link whose token is not even shaped as one (cut short, typed by hand) is a link that does not work: said as for a
 * used or expired one, with a way to ask for a new link, rather than as a length rule of a field the page does not show.
 */
function asResetLinkProblem(problem: Problem): Problem {
  const aboutToken = problem.code === 'validation_failed' && problem.errors?.some((e) => e.pointer === '/token');
  return aboutToken
    ? { type: 'about:blank', title: problem.title, status: problem.status, code: 'invalid_reset_link' }
    : problem;
}

/** The page the e-mailed link opens: a new password, twice. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  // Read once; the address then drops the token, so it stays out of the history and of what is shared.
  const [token] = useState(() => {
    const found = tokenFromAddress();
    if (found) window.history.replaceState(window.history.state, '', window.location.pathname);
    return found;
  });
  const [newPassword, setNew] = useState('');
  const [confirmPassword, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const { byField, rest } = splitIssues(problem, FIELDS);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local = passwordFormProblem(t, { newPassword, confirmPassword }, newPassword, confirmPassword);
    if (local) {
      setProblem(local);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api<void>('POST', '/api/auth/password-reset/complete', {
        body: { token, newPassword },
        quietAuth: true,
      });
      setNew('');
      setConfirm('');
      setDone(true);
    } catch (err) {
      setProblem(asResetLinkProblem(problemOf(err)));
    } finally {
      setBusy(false);
    }
  };

  const askAgain = (
    <p className="aside">
      <Link to="/forgot-password">{t('reset.askAgain')}</Link>
    </p>
  );

  return (
    <AuthShell>
      <PageHeading title={t('reset.title')}>{t('reset.title')}</PageHeading>
      {done ? (
        <>
          <p className="notice ok" role="status" data-testid="reset-done">
            {t('reset.done')}
          </p>
          <button type="button" className="button primary" onClick={() => navigate('/')}>
            {t('login.submit')}
          </button>
        </>
      ) : !token ? (
        <>
          <p className="notice warning" data-testid="reset-no-token">
            {t('reset.noToken')}
          </p>
          {askAgain}
        </>
      ) : (
        <>
          <p>{t('reset.intro')}</p>
          <form onSubmit={submit} noValidate className="form">
            <FormStatus problem={problem} rest={rest} />
            <NewPasswordFields
              newPassword={newPassword}
              onNew={setNew}
              confirmPassword={confirmPassword}
              onConfirm={setConfirm}
              byField={byField}
            />
            <FormActions>
              <button type="submit" className="button primary" disabled={busy}>
                {t('reset.submit')}
              </button>
            </FormActions>
          </form>
          {problem?.code === 'invalid_reset_link' && askAgain}
        </>
      )}
    </AuthShell>
  );
}
