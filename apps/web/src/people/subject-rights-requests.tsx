// Subject-rights requests for a person with a sensitive case (docs/subject-rights.md, "four eyes"): the colleague who
// may see the person files and follows them on the person's page; a supervisor who may not see the person decides
// them on the requests page (/subject-rights), without learning who they are about.
import type { Beneficiary, Problem } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { useSignedIn } from '../auth/session.tsx';
import { ConfirmBox } from '../components/confirm-box.tsx';
import { FormActions, SelectField } from '../components/fields.tsx';
import { RadioGroup } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDate, formatDateTime } from '../i18n/format.ts';
import { useAction } from '../protection/use-action.ts';

/** The reason codes the server accepts (subject-rights.routes.ts ErasureReason). */
const REASONS = ['subject_request', 'consent_withdrawn', 'retention', 'legal_obligation', 'other'] as const;
type Reason = (typeof REASONS)[number];
type Kind = 'access' | 'erase' | 'anonymise';
type Status = 'pending' | 'approved' | 'refused' | 'withdrawn' | 'done' | 'closed';

/** A request as the API shows it (requests.routes.ts SubjectRightsRequest). */
export type SubjectRequest = {
  id: string;
  kind: Kind;
  reason: Reason;
  status: Status;
  beneficiaryId: string | null;
  requestedBy: { id: string; name: string | null };
  requestedAt: string;
  decidedBy: { id: string; name: string | null } | null;
  decidedAt: string | null;
  completedAt: string | null;
  copyUntil: string | null;
};

/** May the copy of this request be downloaded now by the caller? (The server checks the same.) */
export const copyOpen = (r: SubjectRequest, userId: string, now = Date.now()): boolean =>
  r.kind === 'access' &&
  r.requestedBy.id === userId &&
  r.copyUntil !== null &&
  Date.parse(r.copyUntil) > now &&
  r.beneficiaryId !== null;

/** Downloads an approved request's subject access document as a JSON file; nothing is kept in the page. */
async function downloadCopy(r: SubjectRequest): Promise<void> {
  const res = await api<unknown>('POST', `/api/subject-rights-requests/${encodeURIComponent(r.id)}/copy`);
  const url = URL.createObjectURL(new Blob([JSON.stringify(res.data, null, 2)], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `subject-access-${r.beneficiaryId ?? r.id}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The words of a request: its kind, reason and where it stands. */
function useRequestWords() {
  const { t, i18n } = useTranslation();
  const lng = i18n.resolvedLanguage ?? 'en';
  return {
    kind: (k: Kind) => t(`subjectRequests.kinds.${k}`),
    reason: (r: Reason) => t(`subjectRights.reasons.${r}`),
    status: (r: SubjectRequest) =>
      r.status === 'approved' && r.copyUntil
        ? t('subjectRequests.copyReady', { date: formatDate(r.copyUntil, lng) })
        : t(`subjectRequests.statuses.${r.status}`),
    when: (iso: string) => formatDateTime(iso, lng),
  };
}

/**
 * On the page of a person with a sensitive case, for a colleague who may see them but may not answer their requests
 * alone: file a request for a supervisor to decide, follow it, withdraw it, and download an approved copy.
 */
export function PersonRequests({ person }: { person: Beneficiary }) {
  const { t } = useTranslation();
  const { user } = useSignedIn();
  const words = useRequestWords();
  const list = useResource<{ items: SubjectRequest[] }>(
    `/api/subject-rights-requests${query({ beneficiaryId: person.id })}`,
  );
  const file = useAction();
  const step = useAction();
  const [kind, setKind] = useState<Kind | ''>('');
  const [reason, setReason] = useState<Reason | ''>('');
  const [copyProblem, setCopyProblem] = useState<Problem | null>(null);
  const [copyNotice, setCopyNotice] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!kind || !reason) return;
    const r = await file.run<SubjectRequest>(
      'POST',
      `/api/beneficiaries/${encodeURIComponent(person.id)}/subject-rights-requests`,
      { body: { kind, reason }, creates: true, done: t('subjectRequests.filed') },
    );
    if (r) {
      setKind('');
      setReason('');
      list.reload();
    }
  };
  const withdraw = async (r: SubjectRequest) => {
    if (await step.run('POST', `/api/subject-rights-requests/${encodeURIComponent(r.id)}/withdraw`)) list.reload();
  };
  const copy = async (r: SubjectRequest) => {
    setCopyProblem(null);
    setCopyNotice(null);
    try {
      await downloadCopy(r);
      setCopyNotice(t('subjectRights.exported'));
      list.reload();
    } catch (err) {
      setCopyProblem(problemOf(err));
    }
  };

  return (
    <section aria-labelledby="subject-requests-title" className="panel" data-testid="subject-requests">
      <h2 id="subject-requests-title">{t('subjectRights.title')}</h2>
      <p>{t('subjectRequests.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate className="form" data-testid="subject-request-form">
        <FormStatus problem={file.problem} />
        <Notice message={file.notice} />
        <RadioGroup<Kind>
          label={t('subjectRequests.kind')}
          name="kind"
          required
          value={kind}
          onChange={setKind}
          options={(['access', 'erase', 'anonymise'] as const)
            .filter((k) => !(person.anonymised && k === 'anonymise'))
            .map((k) => ({ value: k, label: words.kind(k), description: t(`subjectRequests.kindHints.${k}`) }))}
        />
        <SelectField
          label={t('subjectRights.reason')}
          hint={t('subjectRights.reasonHint')}
          name="reason"
          required
          value={reason}
          onChange={(r) => setReason(r as Reason)}
          options={[
            { value: '', label: t('common.choose') },
            ...REASONS.map((r) => ({ value: r, label: words.reason(r) })),
          ]}
        />
        <FormActions>
          <button
            type="submit"
            className="button primary"
            disabled={!kind || !reason || file.busy}
            data-testid="subject-request-submit"
          >
            {t('subjectRequests.submit')}
          </button>
        </FormActions>
      </form>
      <FormStatus problem={step.problem ?? copyProblem} />
      <Notice message={copyNotice} />
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length > 0 && (
        <ul className="plain-list" data-testid="subject-request-list">
          {list.data.items.map((r) => (
            <li key={r.id} data-testid="subject-request" data-status={r.status}>
              <strong>{words.kind(r.kind)}</strong> · {words.reason(r.reason)} ·{' '}
              <span data-testid="subject-request-status">{words.status(r)}</span>
              <br />
              <small>
                {t('subjectRequests.filedBy', { name: r.requestedBy.name ?? '', date: words.when(r.requestedAt) })}
                {r.decidedBy &&
                  r.decidedAt &&
                  ` · ${t('subjectRequests.decidedBy', { name: r.decidedBy.name ?? '', date: words.when(r.decidedAt) })}`}
              </small>
              {r.status === 'pending' && r.requestedBy.id === user.id && (
                <button
                  type="button"
                  className="button secondary small"
                  disabled={step.busy}
                  onClick={() => void withdraw(r)}
                  data-testid="subject-request-withdraw"
                >
                  {t('subjectRequests.withdraw')}
                </button>
              )}
              {copyOpen(r, user.id) && (
                <button
                  type="button"
                  className="button secondary small"
                  onClick={() => void copy(r)}
                  data-testid="subject-request-copy"
                >
                  {t('subjectRights.exportButton')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * The supervisors' page of subject-rights requests: the organisation's requests, waiting ones first by default; a
 * supervisor approves or refuses a request another colleague filed, after a confirmation that says what follows.
 */
export function SubjectRightsRequestsPage() {
  const { t } = useTranslation();
  const { user } = useSignedIn();
  const words = useRequestWords();
  const [all, setAll] = useState(false);
  const list = useResource<{ items: SubjectRequest[] }>(
    `/api/subject-rights-requests${query({ status: all ? undefined : 'pending' })}`,
  );
  const action = useAction();
  const [confirming, setConfirming] = useState<{ request: SubjectRequest; decision: 'approve' | 'refuse' } | null>(
    null,
  );

  const decide = async () => {
    if (!confirming) return;
    const { request, decision } = confirming;
    const r = await action.run<SubjectRequest>(
      'POST',
      `/api/subject-rights-requests/${encodeURIComponent(request.id)}/${decision}`,
      { done: t(decision === 'approve' ? 'subjectRequests.approvedDone' : 'subjectRequests.refusedDone') },
    );
    if (r) {
      setConfirming(null);
      list.reload();
    }
  };
  const consequence = (r: SubjectRequest) =>
    t(`subjectRequests.approveConsequence.${r.kind}`, { name: r.requestedBy.name ?? '' });

  return (
    <>
      <PageHeading title={t('subjectRequests.pageTitle')}>{t('subjectRequests.pageTitle')}</PageHeading>
      <p className="lead">{t('subjectRequests.pageIntro')}</p>
      <div className="form filters">
        <RadioGroup<'pending' | 'all'>
          label={t('subjectRequests.show')}
          name="show"
          inline
          value={all ? 'all' : 'pending'}
          onChange={(v) => setAll(v === 'all')}
          options={[
            { value: 'pending', label: t('subjectRequests.showPending') },
            { value: 'all', label: t('subjectRequests.showAll') },
          ]}
        />
      </div>
      {!confirming && <FormStatus problem={action.problem} />}
      <Notice message={action.notice} />
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && (
        <p className="notice ok" data-testid="no-subject-requests">
          {all ? t('subjectRequests.noneAtAll') : t('subjectRequests.none')}
        </p>
      )}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="subject-requests-table">
            <thead>
              <tr>
                <th scope="col">{t('subjectRequests.kind')}</th>
                <th scope="col">{t('subjectRights.reason')}</th>
                <th scope="col">{t('subjectRequests.filedByColumn')}</th>
                <th scope="col">{t('subjectRequests.statusColumn')}</th>
                <th scope="col">{t('subjectRequests.actionsColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id} data-testid="subject-request-row" data-status={r.status}>
                  <td>{words.kind(r.kind)}</td>
                  <td>{words.reason(r.reason)}</td>
                  <td>
                    <bdi>{r.requestedBy.name}</bdi>
                    <br />
                    <small>{words.when(r.requestedAt)}</small>
                  </td>
                  <td>
                    {words.status(r)}
                    {r.decidedBy && (
                      <>
                        <br />
                        <small>
                          <bdi>{r.decidedBy.name}</bdi>
                        </small>
                      </>
                    )}
                  </td>
                  <td>
                    {r.status === 'pending' && r.requestedBy.id === user.id && (
                      <small>{t('subjectRequests.ownRequest')}</small>
                    )}
                    {r.status === 'pending' && r.requestedBy.id !== user.id && (
                      <FormActions>
                        <button
                          type="button"
                          className="button primary small"
                          disabled={action.busy}
                          onClick={() => setConfirming({ request: r, decision: 'approve' })}
                          data-testid="subject-request-approve"
                        >
                          {t('subjectRequests.approve')}
                        </button>
                        <button
                          type="button"
                          className="button secondary small"
                          disabled={action.busy}
                          onClick={() => setConfirming({ request: r, decision: 'refuse' })}
                          data-testid="subject-request-refuse"
                        >
                          {t('subjectRequests.refuse')}
                        </button>
                      </FormActions>
                    )}
                    {confirming?.request.id === r.id && (
                      <ConfirmBox
                        id={`decide-${r.id}`}
                        title={
                          confirming.decision === 'approve'
                            ? t('subjectRequests.confirmApproveTitle')
                            : t('subjectRequests.confirmRefuseTitle')
                        }
                        confirmLabel={
                          confirming.decision === 'approve' ? t('subjectRequests.approve') : t('subjectRequests.refuse')
                        }
                        busy={action.busy}
                        problem={action.problem}
                        onConfirm={() => void decide()}
                        onCancel={() => {
                          setConfirming(null);
                          action.clear();
                        }}
                        testId="subject-request-confirm"
                      >
                        <p>
                          {confirming.decision === 'approve'
                            ? consequence(r)
                            : t('subjectRequests.refuseConsequence', { name: r.requestedBy.name ?? '' })}
                        </p>
                      </ConfirmBox>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
