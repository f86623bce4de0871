import { GrantCaseAccess } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, SelectField } from '../components/fields.tsx';
import { TextAreaField } from '../components/form-fields.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { useStaff } from '../protection/names.tsx';
import { useAction } from '../protection/use-action.ts';
import { sensitiveAssignees } from './sensitive-staff.ts';

type Grant = { userId: string; grantedBy: string; grantedAt: string; reason: string };

/**
 * Named colleagues let in to a sensitive record (a case, or a referral received), each with the reason: the list,
 * ending one, and giving one. For the record's supervisors; `base` is the record's API address. Only the colleagues
 * the server lets in are offered (sensitive-staff.ts).
 */
export function AccessGrants({
  base,
  text,
  testId,
  heading: Heading = 'h3',
}: {
  base: string;
  text: string;
  testId: string;
  heading?: 'h2' | 'h3';
}) {
  const { t, i18n } = useTranslation();
  const staff = useStaff();
  const { user } = useSignedIn();
  const candidates = sensitiveAssignees(staff.assignable, user);
  const grants = useResource<{ items: Grant[] }>(`${base}/access`);
  const action = useAction();
  const [userId, setUserId] = useState('');
  const [reason, setReason] = useState('');
  const { byField, rest } = splitIssues(action.problem, ['userId', 'reason']);

  const grant = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const done = await action.run<Grant>('POST', `${base}/access`, {
      body: { userId, reason },
      schema: GrantCaseAccess,
      done: t('workflow.accessGranted'),
    });
    if (done) {
      setUserId('');
      setReason('');
      grants.reload();
    }
  };
  const end = async (id: string) => {
    const done = await action.run<undefined>('DELETE', `${base}/access/${id}`, {
      done: t('workflow.accessEnded'),
    });
    if (done !== null) grants.reload();
  };

  return (
    <div className="subsection" data-testid={testId}>
      <Heading>{t('workflow.accessTitle')}</Heading>
      <p>{text}</p>
      <FormStatus problem={action.problem} rest={rest} />
      <Notice message={action.notice} />
      {grants.data && grants.data.items.length > 0 && (
        <ul className="record-list">
          {grants.data.items.map((g) => (
            <li key={g.userId}>
              <bdi>{staff.label(g.userId)}</bdi> —{' '}
              <span className="muted">
                {t('workflow.grantedBy', {
                  name: staff.label(g.grantedBy),
                  date: formatDateTime(g.grantedAt, i18n.language),
                })}
              </span>
              <div className="free-text" dir="auto">
                {g.reason}
              </div>
              <button type="button" className="button danger small" onClick={() => void end(g.userId)}>
                {t('workflow.endAccess')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={grant} noValidate className="form" data-testid={`${testId}-grant`}>
        <SelectField
          label={t('workflow.colleague')}
          name="userId"
          value={userId}
          onChange={setUserId}
          options={[
            { value: '', label: t('common.choose') },
            ...candidates.users.map((u) => ({ value: u.id, label: u.displayName })),
          ]}
          {...(candidates.selfLeftOut ? { hint: t('workflow.notSelfHint') } : {})}
          issues={byField.userId}
        />
        <TextAreaField
          label={t('workflow.accessReason')}
          hint={t('workflow.accessReasonHint')}
          name="reason"
          required
          maxLength={400}
          value={reason}
          onChange={setReason}
          issues={byField.reason}
        />
        <FormActions>
          <button type="submit" className="button secondary" disabled={action.busy}>
            {t('workflow.grantAccess')}
          </button>
        </FormActions>
      </form>
    </div>
  );
}
