import type { Problem, Session } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { FormActions } from '../components/fields.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { AuthShell } from './auth-shell.tsx';
import { useFactorInput } from './credential-fields.tsx';
import { useSession } from './session.tsx';

const FIELDS = ['code', 'recoveryCode'] as const;

/** The second step of signing in: the authenticator's 6-digit code, or one of the recovery codes. */
export function VerifyPage() {
  const { t } = useTranslation();
  const { acceptSession, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const factor = useFactorInput(() => setProblem(null));
  const { byField, rest } = splitIssues(problem, FIELDS);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const { data } = await api<Session>('POST', '/api/auth/second-factor', { body: factor.body() });
      acceptSession(data);
    } catch (err) {
      setProblem(problemOf(err));
      setBusy(false);
    }
  };

  return (
    <AuthShell>
      <PageHeading title={t('verify.title')}>{t('verify.title')}</PageHeading>
      <p>{factor.useRecovery ? t('verify.recoveryIntro') : t('verify.intro')}</p>
      <form onSubmit={submit} noValidate className="form">
        <FormStatus problem={problem} rest={rest} />
        {factor.field(byField)}
        <FormActions>
          <button type="submit" className="button primary" disabled={busy}>
            {t('verify.submit')}
          </button>
          {factor.switchButton}
        </FormActions>
      </form>
      <p className="aside">
        <button type="button" className="button link" onClick={() => void signOut()}>
          {t('verify.cancel')}
        </button>
      </p>
    </AuthShell>
  );
}
