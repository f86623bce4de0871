import type { Problem } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { Link } from '../app/router.tsx';
import { FormActions, TextField } from '../components/fields.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { AuthShell } from './auth-shell.tsx';
import { emptyFieldsProblem } from './credential-fields.tsx';
import { type PendingStep, useSession } from './session.tsx';
import { withWaitWorded } from './sign-in-wait.ts';

const FIELDS = ['email', 'password'] as const;

/** Email and password, the first step of signing in. */
export function LoginPage({ reason }: { reason: 'none' | 'expired' | 'signedOut' }) {
  const { t, i18n } = useTranslation();
  const { acceptLogin } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const { byField, rest } = splitIssues(problem, FIELDS);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // An empty field is named as required here: the server would call an empty address malformed.
    const empty = emptyFieldsProblem(t, { email, password });
    if (empty) {
      setProblem(empty);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await api<{ secondFactor: 'none' | PendingStep; csrfToken: string }>('POST', '/api/auth/login', {
        body: { email, password },
        quietAuth: true,
      });
      setPassword('');
      await acceptLogin(data);
    } catch (err) {
      setProblem(withWaitWorded(problemOf(err), t, i18n.language));
      setBusy(false);
    }
  };

  return (
    <AuthShell>
      <PageHeading title={t('login.title')}>{t('login.title')}</PageHeading>
      {reason === 'expired' && <p className="notice">{t('login.expired')}</p>}
      {reason === 'signedOut' && <p className="notice">{t('login.signedOut')}</p>}
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
        <TextField
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          dir="ltr"
          required
          value={password}
          onChange={setPassword}
          issues={byField.password}
        />
        <FormActions>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </FormActions>
      </form>
      <p className="aside">
        <Link to="/forgot-password" data-testid="forgot-password">
          {t('reset.forgotLink')}
        </Link>
      </p>
    </AuthShell>
  );
}
