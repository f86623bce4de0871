import type { Problem } from '@corridor/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, setCsrfToken } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { CopyButton } from '../components/copy-button.tsx';
import { FormActions } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { AuthShell } from './auth-shell.tsx';
import { AuthCodeField } from './credential-fields.tsx';
import { QrCode } from './qr-code.tsx';
import { useSession } from './session.tsx';

export type Enrolment = { secret: string; otpauthUri: string };

/** Splits a base32 secret into groups of four, which people can read out and type without losing their place. */
export function groupsOf(secret: string): string[] {
  return secret.replace(/\s/g, '').match(/.{1,4}/g) ?? [];
}

/** Setting up the authenticator app: show the secret, check a first code, then hand over the recovery codes. */
export function EnrolPage() {
  const { t } = useTranslation();
  const { refresh, signOut } = useSession();
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [startProblem, setStartProblem] = useState<Problem | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const started = useRef(false);

  const start = () => {
    setStartProblem(null);
    api<Enrolment>('POST', '/api/auth/totp/enrol').then(
      (r) => setEnrolment(r.data),
      (err: unknown) => setStartProblem(problemOf(err)),
    );
  };

  useEffect(() => {
    // Each enrolment call makes a new secret; the guard keeps a development double-mount from making two.
    if (started.current) return;
    started.current = true;
    start();
  });

  return (
    <AuthShell>
      <PageHeading title={t('enrol.title')}>{t('enrol.title')}</PageHeading>
      {recoveryCodes ? (
        <RecoveryCodes codes={recoveryCodes} onSaved={() => void refresh()} />
      ) : startProblem ? (
        <>
          <FormStatus problem={startProblem} />
          <button type="button" className="button primary" onClick={start}>
            {t('common.retry')}
          </button>
        </>
      ) : enrolment ? (
        <EnrolSteps enrolment={enrolment} onActivated={setRecoveryCodes} />
      ) : (
        <Loading />
      )}
      {!recoveryCodes && (
        <p className="aside">
          <button type="button" className="button link" onClick={() => void signOut()}>
            {t('verify.cancel')}
          </button>
        </p>
      )}
    </AuthShell>
  );
}

/** The secret to add to the app, then the first code from it; `intro` says why (set-up, or a move to a new device). */
export function EnrolSteps({
  enrolment,
  onActivated,
  intro,
}: {
  enrolment: Enrolment;
  onActivated: (codes: string[]) => void;
  intro?: string;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const { byField, rest } = splitIssues(problem, ['code']);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const { data, headers } = await api<{ recoveryCodes: string[] }>('POST', '/api/auth/totp/activate', {
        body: { code: code.replace(/\s/g, '') },
      });
      // Activation renews the session (a privilege change); the new session's CSRF token comes in this header.
      const csrf = headers.get('x-csrf-token');
      if (csrf) setCsrfToken(csrf);
      onActivated(data.recoveryCodes);
    } catch (err) {
      setProblem(problemOf(err));
      setBusy(false);
    }
  };

  return (
    <>
      <p>{intro ?? t('enrol.intro')}</p>
      <ol className="steps">
        <li>
          <h2>{t('enrol.step1')}</h2>
          <div className="enrol-secret">
            <QrCode text={enrolment.otpauthUri} label={t('enrol.qrLabel')} />
            <div>
              <p>{t('enrol.secretLabel')}</p>
              <p className="secret" data-testid="totp-secret" dir="ltr" translate="no">
                {groupsOf(enrolment.secret).map((group, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: groups are positions in one fixed string
                  <span key={i} className="secret-group">
                    {group}
                  </span>
                ))}
              </p>
              <CopyButton value={enrolment.secret} label={t('enrol.copySecret')} />
              <p>
                <a href={enrolment.otpauthUri} className="otpauth-link">
                  {t('enrol.openInApp')}
                </a>
              </p>
            </div>
          </div>
        </li>
        <li>
          <h2>{t('enrol.step2')}</h2>
          <form onSubmit={submit} noValidate className="form">
            <FormStatus problem={problem} rest={rest} />
            <AuthCodeField value={code} onChange={setCode} issues={byField.code} />
            <FormActions>
              <button type="submit" className="button primary" disabled={busy}>
                {t('enrol.activate')}
              </button>
            </FormActions>
          </form>
        </li>
      </ol>
    </>
  );
}

/** Recovery codes, shown once, with a way to copy them and to say they are kept. */
export function RecoveryCodes({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="recovery-title" className="recovery">
      <h2 id="recovery-title">{t('enrol.recoveryTitle')}</h2>
      <p>{t('enrol.recoveryIntro')}</p>
      <ol className="recovery-codes" data-testid="recovery-codes" dir="ltr" translate="no">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <p>
        <CopyButton value={codes.join('\n')} label={t('enrol.copyCodes')} />
      </p>
      <button type="button" className="button primary" data-testid="recovery-codes-saved" onClick={onSaved}>
        {t('enrol.saved')}
      </button>
    </section>
  );
}
