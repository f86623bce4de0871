import type { Problem, SecondFactorStatus } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { emptyFieldsProblem, useFactorInput } from '../auth/credential-fields.tsx';
import { type Enrolment, EnrolSteps, RecoveryCodes } from '../auth/enrol-page.tsx';
import { useSession } from '../auth/session.tsx';
import { FormActions, TextField } from '../components/fields.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDate } from '../i18n/format.ts';

/** Below this many unused recovery codes the page asks for new ones. */
const FEW_CODES = 3;

/** What the section shows: the state, the proof asked before a change, the new app's set-up, or new codes. */
type Step =
  | { kind: 'status' }
  | { kind: 'confirm'; purpose: 'codes' | 'move' }
  | { kind: 'enrol'; enrolment: Enrolment; purpose: 'move' | 'setUp' }
  | { kind: 'codes'; codes: string[]; done: string };

/**
 * The person's own second factor: since when it is set up and the recovery codes left; new recovery codes and a
 * move to another device, each after the password and a code again (a signed-in browser alone is not enough);
 * setting one up when the person's roles do not require it.
 */
export function SecondFactorSection() {
  const { t, i18n } = useTranslation();
  const { refresh } = useSession();
  const status = useResource<SecondFactorStatus>('/api/me/second-factor');
  const [step, setStep] = useState<Step>({ kind: 'status' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const back = (message: string | null) => {
    setStep({ kind: 'status' });
    setNotice(message);
    status.reload();
  };
  const setUp = async () => {
    setProblem(null);
    setNotice(null);
    try {
      const r = await api<Enrolment>('POST', '/api/auth/totp/enrol');
      setStep({ kind: 'enrol', enrolment: r.data, purpose: 'setUp' });
    } catch (err) {
      setProblem(problemOf(err));
    }
  };

  const s = status.data;
  return (
    <section aria-labelledby="factor-title" data-testid="second-factor">
      <h2 id="factor-title">{t('account.factorTitle')}</h2>
      <FormStatus problem={problem ?? (status.status === 'error' ? status.problem : null)} />
      <Notice message={notice} />
      {step.kind === 'status' && s && (
        <>
          <dl className="facts">
            <dt>{t('users.secondFactor')}</dt>
            <dd data-testid="factor-state">
              {s.enabled && s.enabledAt
                ? t('account.factorOn', { date: formatDate(s.enabledAt, i18n.language) })
                : t('account.factorOff')}
            </dd>
            {s.enabled && (
              <>
                <dt>{t('account.codesLeftLabel')}</dt>
                <dd data-testid="codes-left">
                  {t('account.codesLeft', { left: s.recoveryCodesLeft, issued: s.recoveryCodesIssued })}
                </dd>
              </>
            )}
          </dl>
          {s.enabled && s.recoveryCodesLeft <= FEW_CODES && (
            <p className="notice warning" role="status" data-testid="codes-few">
              {t('account.codesFew', { left: s.recoveryCodesLeft })}
            </p>
          )}
          <FormActions>
            {s.enabled ? (
              <>
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => {
                    setNotice(null);
                    setStep({ kind: 'confirm', purpose: 'codes' });
                  }}
                >
                  {t('account.newCodes')}
                </button>
                <button
                  type="button"
                  className="button secondary"
                  onClick={() => {
                    setNotice(null);
                    setStep({ kind: 'confirm', purpose: 'move' });
                  }}
                >
                  {t('account.move')}
                </button>
              </>
            ) : (
              <button type="button" className="button secondary" onClick={() => void setUp()}>
                {t('account.setUp')}
              </button>
            )}
          </FormActions>
          {s.enabled && <p className="hint">{t('account.lostBoth')}</p>}
        </>
      )}
      {step.kind === 'confirm' && (
        <ConfirmIdentity
          purpose={step.purpose}
          onCancel={() => back(null)}
          onCodes={(codes) => setStep({ kind: 'codes', codes, done: t('account.codesRenewed') })}
          onEnrolment={(enrolment) => setStep({ kind: 'enrol', enrolment, purpose: 'move' })}
        />
      )}
      {step.kind === 'enrol' && (
        <>
          <EnrolSteps
            enrolment={step.enrolment}
            intro={step.purpose === 'move' ? t('account.moveIntro') : t('account.setUpIntro')}
            onActivated={(codes) =>
              setStep({
                kind: 'codes',
                codes,
                done: step.purpose === 'move' ? t('account.moved') : t('account.enabled'),
              })
            }
          />
          <button type="button" className="button link" onClick={() => back(null)}>
            {t('account.cancel')}
          </button>
        </>
      )}
      {step.kind === 'codes' && (
        <RecoveryCodes
          codes={step.codes}
          onSaved={() => {
            back(step.done);
            void refresh();
          }}
        />
      )}
    </section>
  );
}

const FIELDS = ['password', 'code', 'recoveryCode'] as const;

/** The password and a code again, before new recovery codes or a move to another device. */
function ConfirmIdentity({
  purpose,
  onCancel,
  onCodes,
  onEnrolment,
}: {
  purpose: 'codes' | 'move';
  onCancel: () => void;
  onCodes: (codes: string[]) => void;
  onEnrolment: (e: Enrolment) => void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const factor = useFactorInput(() => setProblem(null));
  const { byField, rest } = splitIssues(problem, FIELDS);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body = { password, ...factor.body() };
    // Empty fields are named as required before anything is sent.
    const empty = emptyFieldsProblem(t, body);
    if (empty) {
      setProblem(empty);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      if (purpose === 'codes') {
        const r = await api<{ recoveryCodes: string[] }>('POST', '/api/auth/recovery-codes', { body });
        onCodes(r.data.recoveryCodes);
      } else {
        const r = await api<Enrolment>('POST', '/api/auth/totp/replace', { body });
        onEnrolment(r.data);
      }
    } catch (err) {
      setProblem(problemOf(err));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="form" data-testid="confirm-identity">
      <p>{purpose === 'codes' ? t('account.confirmCodes') : t('account.confirmMove')}</p>
      <FormStatus problem={problem} rest={rest} />
      <TextField
        label={t('account.yourPassword')}
        name="password"
        type="password"
        autoComplete="current-password"
        dir="ltr"
        required
        value={password}
        onChange={setPassword}
        issues={byField.password}
      />
      {factor.field(byField)}
      <FormActions>
        <button type="submit" className="button primary" disabled={busy}>
          {t('account.continue')}
        </button>
        {factor.switchButton}
        <button type="button" className="button link" onClick={onCancel}>
          {t('account.cancel')}
        </button>
      </FormActions>
    </form>
  );
}
