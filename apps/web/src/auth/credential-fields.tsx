import type { Problem } from '@corridor/contracts';
import type { TFunction } from 'i18next';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldIssue, FieldIssues } from '../api/problem.ts';
import { TextField } from '../components/fields.tsx';

/** The 6-digit code the authenticator app shows. */
export function AuthCodeField({
  value,
  onChange,
  issues,
}: {
  value: string;
  onChange: (v: string) => void;
  issues?: FieldIssue[] | undefined;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      key="code"
      label={t('verify.code')}
      hint={t('verify.codeHint')}
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={6}
      dir="ltr"
      className="code-field"
      required
      value={value}
      onChange={onChange}
      issues={issues}
    />
  );
}

/** The second factor: the app's code, or one of the recovery codes instead (`useRecovery`). */
export function FactorField({
  useRecovery,
  code,
  onCode,
  recoveryCode,
  onRecoveryCode,
  byField,
}: {
  useRecovery: boolean;
  code: string;
  onCode: (v: string) => void;
  recoveryCode: string;
  onRecoveryCode: (v: string) => void;
  byField: FieldIssues;
}) {
  const { t } = useTranslation();
  return useRecovery ? (
    <TextField
      key="recovery"
      label={t('verify.recoveryCode')}
      name="recoveryCode"
      autoComplete="off"
      spellCheck={false}
      dir="ltr"
      className="code-field"
      required
      value={recoveryCode}
      onChange={onRecoveryCode}
      issues={byField.recoveryCode}
    />
  ) : (
    <AuthCodeField value={code} onChange={onCode} issues={byField.code} />
  );
}

/**
 * The second factor as a form asks for it: the field (the app's code, or a recovery code), the button that switches
 * between the two (`onSwitch` clears what the form showed), and the body to send.
 */
export function useFactorInput(onSwitch: () => void): {
  useRecovery: boolean;
  field: (byField: FieldIssues) => ReactNode;
  switchButton: ReactNode;
  body: () => { code: string } | { recoveryCode: string };
} {
  const { t } = useTranslation();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  return {
    useRecovery,
    field: (byField) => (
      <FactorField
        useRecovery={useRecovery}
        code={code}
        onCode={setCode}
        recoveryCode={recoveryCode}
        onRecoveryCode={setRecoveryCode}
        byField={byField}
      />
    ),
    switchButton: (
      <button
        type="button"
        className="button link"
        onClick={() => {
          setUseRecovery((v) => !v);
          onSwitch();
        }}
      >
        {useRecovery ? t('verify.useCode') : t('verify.useRecovery')}
      </button>
    ),
    body: () => (useRecovery ? { recoveryCode: recoveryCode.trim() } : { code: code.replace(/\s/g, '') }),
  };
}

/** A new password, and the same again. */
export function NewPasswordFields({
  newPassword,
  onNew,
  confirmPassword,
  onConfirm,
  byField,
}: {
  newPassword: string;
  onNew: (v: string) => void;
  confirmPassword: string;
  onConfirm: (v: string) => void;
  byField: FieldIssues;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('account.newPassword')}
        hint={t('users.passwordHint')}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        dir="ltr"
        required
        minLength={12}
        value={newPassword}
        onChange={onNew}
        issues={byField.newPassword}
      />
      <TextField
        label={t('account.confirmPassword')}
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        dir="ltr"
        required
        value={confirmPassword}
        onChange={onConfirm}
        issues={byField.confirmPassword}
      />
    </>
  );
}

const localProblem = (title: string, errors: Problem['errors']): Problem => ({
  type: 'about:blank',
  title,
  detail: title,
  status: 400,
  code: 'validation_failed',
  errors,
});

/** The fields left empty, each named as such before anything is sent (the server would only say "too short"). */
export function emptyFieldsProblem(t: TFunction, fields: Record<string, string>): Problem | null {
  const empty = Object.entries(fields).filter(([, v]) => v.trim() === '');
  if (!empty.length) return null;
  return localProblem(
    t('errors.validation_failed'),
    empty.map(([name]) => ({
      location: 'body' as const,
      pointer: `/${name}`,
      message: t('issues.required'),
      code: 'required',
    })),
  );
}

/** Empty fields, or the new password not repeated the same: what to show before sending; null when it may go. */
export function passwordFormProblem(
  t: TFunction,
  fields: Record<string, string>,
  newPassword: string,
  confirmPassword: string,
): Problem | null {
  const empty = emptyFieldsProblem(t, fields);
  if (empty) return empty;
  if (newPassword !== confirmPassword)
    return localProblem(t('account.mismatch'), [
      {
        location: 'body',
        pointer: '/confirmPassword',
        message: t('account.mismatch'),
        code: 'password_mismatch',
        params: { local: true },
      },
    ]);
  return null;
}
