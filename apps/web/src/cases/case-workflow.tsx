import {
  AssignCase,
  type Case,
  type CaseSummary,
  ChangeCaseStatus,
  ClosureDecision,
  RequestClosure,
} from '@corridor/contracts';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldIssue, splitIssues } from '../api/problem.ts';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, SelectField } from '../components/fields.tsx';
import { CheckField, TextAreaField } from '../components/form-fields.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { useStaff } from '../protection/names.tsx';
import { useAction } from '../protection/use-action.ts';
import { AccessGrants } from './access-grants.tsx';
import { isClosed } from './case-status.tsx';
import { sensitiveAssignees } from './sensitive-staff.ts';

/**
 * The case's workflow (HTCDS statuses): follow-up and back, asking for closure, a supervisor's decision,
 * reopening, assignment and, for sensitive cases, named colleagues' access.
 */
export function CaseWorkflow({ kase, onChanged }: { kase: Case; onChanged: () => void }) {
  const { t } = useTranslation();
  const { user } = useSignedIn();
  const supervisor = canUse(user.roles, 'supervise');
  const closed = isClosed(kase);
  // Without the case's content (a supervisor managing a sensitive case they may not read, or an oversight role),
  // only what needs no content: a closure decision, assignment and access.
  const works = kase.form !== null;
  return (
    <section aria-labelledby="case-workflow-title" className="panel" data-testid="case-workflow">
      <h2 id="case-workflow-title">{t('workflow.title')}</h2>
      {!works && supervisor && kase.sensitive && <p className="hint">{t('workflow.managedText')}</p>}
      <div className="action-list">
        {works && !closed && <StatusSwitch kase={kase} onChanged={onChanged} />}
        {works && !closed && !kase.closureRequested && <RequestClosureForm kase={kase} onChanged={onChanged} />}
        {!closed && kase.closureRequested && (
          <PendingClosure kase={kase} supervisor={supervisor} onChanged={onChanged} />
        )}
        {works && closed && <Reopen kase={kase} supervisor={supervisor} onChanged={onChanged} />}
        {supervisor && <Assignment kase={kase} onChanged={onChanged} />}
      </div>
      {supervisor && kase.sensitive && (
        <AccessGrants base={`/api/cases/${kase.id}`} text={t('workflow.accessText')} testId="case-access" />
      )}
    </section>
  );
}

function StatusSwitch({ kase, onChanged }: { kase: Case; onChanged: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const next = kase.status === 'Active' ? 'FollowUp' : 'Active';
  const change = async () => {
    const done = await action.run<CaseSummary>('POST', `/api/cases/${kase.id}/status`, {
      body: { status: next },
      schema: ChangeCaseStatus,
      version: kase.version,
      onConflict: onChanged,
    });
    if (done) onChanged();
  };
  return (
    <div>
      <h3>{t('workflow.statusTitle')}</h3>
      <p>{next === 'FollowUp' ? t('workflow.toFollowUpText') : t('workflow.toActiveText')}</p>
      <FormStatus problem={action.problem} />
      <button
        type="button"
        className="button secondary"
        disabled={action.busy}
        onClick={() => void change()}
        data-testid="case-status-change"
      >
        {next === 'FollowUp' ? t('workflow.toFollowUp') : t('workflow.toActive')}
      </button>
    </div>
  );
}

function RequestClosureForm({ kase, onChanged }: { kase: Case; onChanged: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [reason, setReason] = useState('');
  const [referred, setReferred] = useState(false);
  const { byField, rest } = splitIssues(action.problem, ['reason', 'referred']);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const done = await action.run<CaseSummary>('POST', `/api/cases/${kase.id}/closure-request`, {
      body: { reason, referred },
      schema: RequestClosure,
      version: kase.version,
      onConflict: onChanged,
    });
    if (done) onChanged();
  };
  return (
    <div>
      <h3>{t('workflow.closureTitle')}</h3>
      <p>{t('workflow.closureText')}</p>
      <form onSubmit={submit} noValidate className="form" data-testid="closure-request">
        <FormStatus problem={action.problem} rest={rest} />
        <TextAreaField
          label={t('workflow.closureReason')}
          name="reason"
          required
          maxLength={400}
          value={reason}
          onChange={setReason}
          issues={byField.reason}
        />
        <CheckField
          label={t('workflow.closedReferred')}
          hint={t('workflow.closedReferredHint')}
          name="referred"
          checked={referred}
          onChange={setReferred}
          issues={byField.referred}
        />
        <FormActions>
          <button type="submit" className="button secondary" disabled={action.busy}>
            {t('workflow.requestClosure')}
          </button>
        </FormActions>
      </form>
    </div>
  );
}

function PendingClosure({ kase, supervisor, onChanged }: { kase: Case; supervisor: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const staff = useStaff();
  const action = useAction();
  const [reason, setReason] = useState('');
  const closure = kase.closure;
  const ownRequest = closure?.requestedBy === user.id;
  const { byField, rest } = splitIssues(action.problem, ['reason', 'decision']);

  const decide = async (decision: 'approve' | 'reject') => {
    const done = await action.run<CaseSummary>('POST', `/api/cases/${kase.id}/closure-decision`, {
      body: { decision, reason: reason.trim() || null },
      schema: ClosureDecision,
      version: kase.version,
      onConflict: onChanged,
    });
    if (done) onChanged();
  };
  const reject = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void decide('reject');
  };

  return (
    <div data-testid="closure-pending">
      <h3>{t('workflow.pendingTitle')}</h3>
      {closure && (
        <dl className="facts">
          <dt>{t('workflow.requestedBy')}</dt>
          <dd>
            <bdi>{staff.label(closure.requestedBy)}</bdi>
            {t('common.separator')}
            {formatDateTime(closure.requestedAt, i18n.language)}
          </dd>
          {closure.reason !== null && (
            <>
              <dt>{t('workflow.closureReason')}</dt>
              <dd className="free-text" dir="auto">
                {closure.reason}
              </dd>
            </>
          )}
          <dt>{t('workflow.closeAs')}</dt>
          <dd>{closure.referred ? t('workflow.asClosedReferred') : t('workflow.asClosed')}</dd>
        </dl>
      )}
      {!supervisor && <p className="hint">{t('workflow.waitingForSupervisor')}</p>}
      {supervisor && ownRequest && <p className="hint">{t('workflow.notOwnRequest')}</p>}
      {supervisor && !ownRequest && (
        <>
          <FormStatus problem={action.problem} rest={rest} />
          <p>
            <button
              type="button"
              className="button primary"
              disabled={action.busy}
              onClick={() => void decide('approve')}
              data-testid="closure-approve"
            >
              {t('workflow.approve')}
            </button>
          </p>
          <ReasonForm
            onSubmit={reject}
            testId="closure-reject"
            label={t('workflow.rejectReason')}
            hint={t('workflow.rejectReasonHint')}
            reason={reason}
            onReason={setReason}
            issues={byField.reason}
            submit={t('workflow.reject')}
            submitClass="danger"
            busy={action.busy}
          />
        </>
      )}
    </div>
  );
}

function Reopen({ kase, supervisor, onChanged }: { kase: Case; supervisor: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const action = useAction();
  const [reason, setReason] = useState('');
  const { byField, rest } = splitIssues(action.problem, ['reason']);
  const reopen = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const done = await action.run<CaseSummary>('POST', `/api/cases/${kase.id}/status`, {
      body: { status: 'Active', reason: reason.trim() || null },
      schema: ChangeCaseStatus,
      version: kase.version,
      onConflict: onChanged,
    });
    if (done) onChanged();
  };
  return (
    <div>
      <h3>{t('workflow.closedTitle')}</h3>
      <p>{t('workflow.closedText')}</p>
      {supervisor && (
        <ReasonForm
          onSubmit={(e) => void reopen(e)}
          testId="case-reopen"
          label={t('workflow.reopenReason')}
          hint={t('workflow.reopenReasonHint')}
          reason={reason}
          onReason={setReason}
          issues={byField.reason}
          submit={t('workflow.reopen')}
          submitClass="secondary"
          busy={action.busy}
        >
          <FormStatus problem={action.problem} rest={rest} />
        </ReasonForm>
      )}
    </div>
  );
}

/** A decision that says why (rejecting a closure, reopening): the reason, kept as a case note, and its button. */
function ReasonForm(p: {
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  testId: string;
  label: string;
  hint: string;
  reason: string;
  onReason: (reason: string) => void;
  issues: FieldIssue[] | undefined;
  submit: string;
  submitClass: 'danger' | 'secondary';
  busy: boolean;
  /** What comes before the field (the form's problem). */
  children?: ReactNode;
}) {
  return (
    <form onSubmit={p.onSubmit} noValidate className="form" data-testid={p.testId}>
      {p.children}
      <TextAreaField
        label={p.label}
        hint={p.hint}
        name="reason"
        maxLength={400}
        value={p.reason}
        onChange={p.onReason}
        issues={p.issues}
      />
      <FormActions>
        <button type="submit" className={`button ${p.submitClass}`} disabled={p.busy}>
          {p.submit}
        </button>
      </FormActions>
    </form>
  );
}

function Assignment({ kase, onChanged }: { kase: Case; onChanged: () => void }) {
  const { t } = useTranslation();
  const staff = useStaff();
  const { user } = useSignedIn();
  const action = useAction();
  const [userId, setUserId] = useState(kase.assignedTo ?? '');
  // A sensitive case goes only to whom the server lets in: never the supervisor themselves without the caseworker
  // role (its current assignee stays shown: keeping them changes nothing).
  const candidates = kase.sensitive
    ? sensitiveAssignees(staff.assignable, user, kase.assignedTo)
    : { users: staff.assignable, selfLeftOut: false };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const done = await action.run<CaseSummary>('POST', `/api/cases/${kase.id}/assignment`, {
      body: { userId },
      schema: AssignCase,
      version: kase.version,
      onConflict: onChanged,
      done: t('workflow.assigned'),
    });
    if (done) onChanged();
  };
  return (
    <div>
      <h3>{t('workflow.assignTitle')}</h3>
      <form onSubmit={submit} noValidate className="form" data-testid="case-assign">
        <FormStatus problem={action.problem} />
        <Notice message={action.notice} />
        <SelectField
          label={t('workflow.assignTo')}
          name="userId"
          value={userId}
          onChange={setUserId}
          options={[
            ...(userId ? [] : [{ value: '', label: t('common.choose') }]),
            ...candidates.users.map((u) => ({ value: u.id, label: u.displayName })),
          ]}
          {...(candidates.selfLeftOut ? { hint: t('workflow.notSelfHint') } : {})}
        />
        <FormActions>
          <button type="submit" className="button secondary" disabled={action.busy || !userId}>
            {t('workflow.assign')}
          </button>
        </FormActions>
      </form>
    </div>
  );
}
