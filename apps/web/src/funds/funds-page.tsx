import type { Fund, FundFigures, FundRequest, LedgerEntry, Problem } from '@corridor/contracts';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, query } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { RecordPicker } from '../components/record-picker.tsx';
import { downloadExport } from '../grievances/download.ts';
import { formatDateTime, formatNumber, readDecimal } from '../i18n/format.ts';
import { AmountRateFields, DecimalField } from '../operations/ops-fields.tsx';
import { caseSource, crisisSource, projectSource } from '../operations/sources.ts';
import { CurrencySelect } from '../places/country-fields.tsx';
import { type ApprovalBar, approvalBar, money, usd } from './fund-view.ts';
import { type PagesHandle, usePages } from './use-pages.ts';

/** Any case the caller may read, by reference (one source for the page, so the picker keeps its list). */
const ANY_CASE = caseSource();
/** The forms of a fund's page, each showing its own problem and confirmation. */
type FundForm = 'balance' | 'receipt' | 'request' | 'fts';

const FUND_KINDS = [
  'emergency_revolving',
  'stranded_migrant_assistance',
  'trafficking_victim_assistance',
  'development',
] as const;
const STATUSES = ['requested', 'awaiting_second_approval', 'approved', 'released', 'rejected', 'cancelled'] as const;
const RECEIPTS = ['contribution', 'pledge', 'pledge_payment', 'reimbursement'] as const;

/** Seconds as hours with one decimal, or a dash. */
function hoursText(seconds: number | null, t: TFunction, lng: string): string {
  return seconds === null
    ? t('funds.none')
    : t('funds.hours', { n: formatNumber(Math.round(seconds / 360) / 10, lng) });
}

/** Released money and time to release over the last twelve months. */
function Figures() {
  const { t, i18n } = useTranslation();
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  const f = useResource<FundFigures>(`/api/fund-figures${query({ from, to })}`);
  if (!f.data) return f.status === 'error' ? <FormStatus problem={f.problem} /> : <Loading />;
  const h = (x: number | null) =>
    x === null ? t('funds.none') : t('funds.hours', { n: formatNumber(x, i18n.language) });
  return (
    <section aria-labelledby="fund-figures">
      <h2 id="fund-figures">{t('funds.figures')}</h2>
      <dl className="facts" data-testid="fund-figures">
        <dt>{t('funds.released')}</dt>
        <dd>{usd(f.data.releasedUsd, i18n.language)}</dd>
        <dt>{t('funds.releasedCount')}</dt>
        <dd>{formatNumber(f.data.releasedCount, i18n.language)}</dd>
        <dt>{t('funds.crisesFunded')}</dt>
        <dd>{formatNumber(f.data.crisesFunded, i18n.language)}</dd>
        <dt>{t('funds.timeToRelease')}</dt>
        <dd data-testid="time-to-release">
          {t('funds.releaseTimes', {
            median: h(f.data.timeToRelease.medianHours),
            p90: h(f.data.timeToRelease.p90Hours),
          })}
        </dd>
      </dl>
    </section>
  );
}

function NewFundForm({ onCreated }: { onCreated: () => void }) {
  const { t, i18n } = useTranslation();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>(FUND_KINDS[0]);
  const [currency, setCurrency] = useState('USD');
  const [managerLimit, setManagerLimit] = useState('10000');
  const [adminLimit, setAdminLimit] = useState('1000000');
  const [supervisorLimit, setSupervisorLimit] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const submit = async () => {
    setProblem(null);
    const approvalLimits = [
      { role: 'fund_manager', limitUsd: readDecimal(managerLimit, i18n.language) },
      { role: 'admin', limitUsd: readDecimal(adminLimit, i18n.language) },
      ...(supervisorLimit.trim()
        ? [{ role: 'supervisor', limitUsd: readDecimal(supervisorLimit, i18n.language) }]
        : []),
    ];
    try {
      await api('POST', '/api/funds', {
        idempotencyKey: key,
        body: { code: code.trim().toUpperCase(), name, kind, currency: currency.trim().toUpperCase(), approvalLimits },
      });
      setKey(newIdempotencyKey());
      setCode('');
      setName('');
      onCreated();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <form
      className="form"
      data-testid="fund-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('funds.newFund')}</h2>
      <TextField label={t('funds.code')} name="code" value={code} onChange={setCode} required dir="ltr" />
      <TextField label={t('funds.name')} name="name" value={name} onChange={setName} required />
      <SelectField
        label={t('funds.kind')}
        name="kind"
        value={kind}
        onChange={setKind}
        options={FUND_KINDS.map((k) => ({ value: k, label: t(`funds.kinds.${k}`) }))}
      />
      <CurrencySelect
        label={t('funds.currency')}
        name="currency"
        value={currency}
        onChange={setCurrency}
        emptyLabel={t('common.choose')}
        required
      />
      <DecimalField
        label={t('funds.managerLimit')}
        name="managerLimit"
        value={managerLimit}
        onChange={setManagerLimit}
      />
      <DecimalField label={t('funds.adminLimit')} name="adminLimit" value={adminLimit} onChange={setAdminLimit} />
      <DecimalField
        label={t('funds.supervisorLimit')}
        name="supervisorLimit"
        value={supervisorLimit}
        onChange={setSupervisorLimit}
      />
      <FormStatus problem={problem} />
      <div className="form-actions">
        <button type="submit" className="button primary" data-testid="fund-create">
          {t('funds.create')}
        </button>
      </div>
    </form>
  );
}

/** One fund: balance at a moment, money in, a request for money, the journal and the exports. */
function FundDetail({ fund, onChanged }: { fund: Fund; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const lng = i18n.language;
  const [at, setAt] = useState('');
  const [atBalances, setAtBalances] = useState<Fund['balances'] | null>(null);
  const [receiptKind, setReceiptKind] = useState<string>('contribution');
  const [donor, setDonor] = useState('');
  const [amount, setAmount] = useState('');
  const [rate, setRate] = useState('1');
  const [purpose, setPurpose] = useState('');
  const [recipient, setRecipient] = useState('');
  const [reqAmount, setReqAmount] = useState('');
  const [reqRate, setReqRate] = useState('1');
  const [crisisId, setCrisisId] = useState('');
  const [caseId, setCaseId] = useState('');
  const [projectId, setProjectId] = useState('');
  // Each form shows its own problem beside it (a request's refusal is not shown at the top of the page).
  const [failed, setFailed] = useState<{ form: FundForm; problem: Problem } | null>(null);
  const problemOfForm = (form: FundForm) => (failed?.form === form ? failed.problem : null);
  const [notice, setNotice] = useState<{ form: FundForm; text: string } | null>(null);
  const noticeOfForm = (form: FundForm) => (notice?.form === form ? notice.text : null);
  const ledger = usePages<LedgerEntry>(`/api/funds/${fund.id}/ledger?limit=20`);
  const run = async (form: FundForm, fn: () => Promise<unknown>, done?: () => void) => {
    setFailed(null);
    setNotice(null);
    try {
      await fn();
      setNotice({ form, text: t('funds.done') });
      done?.();
      ledger.reload();
      onChanged();
    } catch (err) {
      setFailed({ form, problem: problemOf(err) });
    }
  };
  const amountLabels = { amount: t('funds.amount'), usdRate: t('funds.usdRate') };
  const opt = (s: string) => (s.trim() ? s.trim() : null);
  const b = atBalances ?? fund.balances;
  return (
    <section aria-labelledby="fund-detail" data-testid="fund-detail">
      <h2 id="fund-detail">
        <bdi>{fund.code}</bdi> — <bdi>{fund.name}</bdi>
      </h2>
      <dl className="facts">
        {(['available', 'committed', 'balance', 'pledges', 'advances', 'disbursed', 'contributions'] as const).map(
          (k) => (
            <div key={k}>
              <dt>{t(`funds.${k}`)}</dt>
              <dd data-testid={`balance-${k}`}>{money(b[k], fund.currency, lng)}</dd>
            </div>
          ),
        )}
      </dl>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (!at) return setAtBalances(null);
          void run('balance', async () => {
            const r = await api<Fund['balances']>(
              'GET',
              `/api/funds/${fund.id}/balance${query({ at: new Date(`${at}Z`).toISOString() })}`,
            );
            setAtBalances(r.data);
          });
        }}
      >
        <TextField
          label={t('funds.balanceAt')}
          hint={t('funds.at')}
          name="at"
          type="datetime-local"
          value={at}
          onChange={setAt}
        />
        <button type="submit" className="button secondary">
          {t('funds.show')}
        </button>
      </form>
      <FormStatus problem={problemOfForm('balance')} />
      {canUse(user.roles, 'fundsManage') && (
        <form
          className="form"
          data-testid="receipt-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              'receipt',
              () =>
                api('POST', `/api/funds/${fund.id}/receipts`, {
                  idempotencyKey: newIdempotencyKey(),
                  body: { kind: receiptKind, donor, amount: readDecimal(amount, lng), usdRate: readDecimal(rate, lng) },
                }),
              () => {
                setDonor('');
                setAmount('');
              },
            );
          }}
        >
          <h3>{t('funds.receipts')}</h3>
          <SelectField
            label={t('funds.receiptKind')}
            name="receiptKind"
            value={receiptKind}
            onChange={setReceiptKind}
            options={RECEIPTS.map((k) => ({ value: k, label: t(`funds.receiptKinds.${k}`) }))}
          />
          <TextField label={t('funds.donor')} name="donor" value={donor} onChange={setDonor} required />
          <AmountRateFields
            amount={{ label: t('funds.amount'), name: 'amount', value: amount, onChange: setAmount }}
            rate={{ label: t('funds.usdRate'), name: 'usdRate', value: rate, onChange: setRate }}
          />
          <FormStatus
            problem={problemOfForm('receipt')}
            labels={{ ...amountLabels, kind: t('funds.receiptKind'), donor: t('funds.donor') }}
          />
          <Notice message={noticeOfForm('receipt')} />
          <div className="form-actions">
            <button type="submit" className="button primary" data-testid="receipt-record">
              {t('funds.record')}
            </button>
          </div>
        </form>
      )}
      {canUse(user.roles, 'fundsRequest') && (
        <form
          className="form"
          data-testid="request-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(
              'request',
              () =>
                api('POST', `/api/funds/${fund.id}/requests`, {
                  idempotencyKey: newIdempotencyKey(),
                  body: {
                    purpose,
                    recipient,
                    amount: readDecimal(reqAmount, lng),
                    usdRate: readDecimal(reqRate, lng),
                    crisisId: opt(crisisId),
                    caseId: opt(caseId),
                    projectId: opt(projectId),
                  },
                }),
              () => {
                // The whole form starts again: what the next request is for is chosen afresh.
                setPurpose('');
                setRecipient('');
                setReqAmount('');
                setReqRate('1');
                setCrisisId('');
                setCaseId('');
                setProjectId('');
              },
            );
          }}
        >
          <h3>{t('funds.newRequest')}</h3>
          <TextField label={t('funds.purpose')} name="purpose" value={purpose} onChange={setPurpose} required />
          <TextField label={t('funds.recipient')} name="recipient" value={recipient} onChange={setRecipient} required />
          <AmountRateFields
            amount={{ label: t('funds.amount'), name: 'reqAmount', value: reqAmount, onChange: setReqAmount }}
            rate={{ label: t('funds.usdRate'), name: 'reqRate', value: reqRate, onChange: setReqRate }}
          />
          <p className="hint" id="request-target-hint">
            {t('funds.targetHint')}
          </p>
          {canUse(user.roles, 'crises') && (
            <RecordPicker
              label={t('funds.crisisId')}
              name="crisisId"
              source={crisisSource}
              value={crisisId || null}
              onChange={(id) => setCrisisId(id ?? '')}
            />
          )}
          {canUse(user.roles, 'protection') && (
            <RecordPicker
              label={t('funds.caseId')}
              name="caseId"
              source={ANY_CASE}
              value={caseId || null}
              onChange={(id) => setCaseId(id ?? '')}
            />
          )}
          {canUse(user.roles, 'projects') && (
            <RecordPicker
              label={t('funds.projectId')}
              name="projectId"
              source={projectSource}
              value={projectId || null}
              onChange={(id) => setProjectId(id ?? '')}
            />
          )}
          <FormStatus
            problem={problemOfForm('request')}
            labels={{
              ...amountLabels,
              purpose: t('funds.purpose'),
              recipient: t('funds.recipient'),
              crisisId: t('funds.crisisId'),
              caseId: t('funds.caseId'),
              projectId: t('funds.projectId'),
            }}
          />
          <Notice message={noticeOfForm('request')} />
          <div className="form-actions">
            <button type="submit" className="button primary" data-testid="request-send">
              {t('funds.send')}
            </button>
          </div>
        </form>
      )}
      <h3>{t('funds.ledger')}</h3>
      {ledger.data && (
        <div className="table-wrap">
          <table data-testid="fund-ledger">
            <thead>
              <tr>
                <th scope="col">{t('funds.postedAt')}</th>
                <th scope="col">{t('funds.kind')}</th>
                <th scope="col">{t('funds.counterparty')}</th>
                <th scope="col">{t('funds.amount')}</th>
                <th scope="col">{t('funds.amountUsd')}</th>
              </tr>
            </thead>
            <tbody>
              {ledger.data.items.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.postedAt, lng)}</td>
                  <td>{t(`funds.entryKinds.${e.kind}`)}</td>
                  <td>{e.counterparty === null ? <i>{t('funds.withheld')}</i> : <bdi>{e.counterparty}</bdi>}</td>
                  <td>{money(e.amount, e.currency, lng)}</td>
                  <td>{usd(e.amountUsd, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={ledger} testId="ledger-more" />
      {ledger.status === 'error' && <FormStatus problem={ledger.problem} />}
      {canUse(user.roles, 'fundsFigures') && (
        <div className="form-actions">
          <button
            type="button"
            className="button secondary"
            data-testid="export-fts"
            onClick={() =>
              void run('fts', async () => {
                const r = await api<unknown>('GET', `/api/funds/${fund.id}/fts-flows`);
                const url = URL.createObjectURL(
                  new Blob([JSON.stringify(r.data, null, 2)], { type: 'application/json' }),
                );
                const a = document.createElement('a');
                a.href = url;
                a.download = `fts-flows-${fund.code}.json`;
                document.body.append(a);
                a.click();
                a.remove();
                setTimeout(() => URL.revokeObjectURL(url), 1000);
              })
            }
          >
            {t('funds.fts')}
          </button>
          <FormStatus problem={problemOfForm('fts')} />
        </div>
      )}
    </section>
  );
}

/** The requests for money, filtered by status, with the steps the caller may take. */
function Requests({
  reloadKey,
  onChanged,
  funds,
}: {
  reloadKey: number;
  onChanged: () => void;
  /** The funds the caller sees, for the money each has available beside a request that awaits approval. */
  funds: readonly Fund[];
}) {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const lng = i18n.language;
  const [status, setStatus] = useState('');
  const list = usePages<FundRequest>(`/api/fund-requests${query({ status: status || undefined, limit: 50 })}`);
  // Read the list again when a change elsewhere on the page (a release from a fund's page) may have moved it.
  const { reload } = list;
  useEffect(() => {
    if (reloadKey) reload();
  }, [reloadKey, reload]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const act = async (r: FundRequest, step: 'approve' | 'reject' | 'release' | 'cancel', reason = '') => {
    setProblem(null);
    try {
      await api('POST', `/api/fund-requests/${r.id}/${step}`, step === 'reject' ? { body: { reason } } : {});
      list.reload();
      onChanged();
      return true;
    } catch (err) {
      setProblem(problemOf(err));
      return false;
    }
  };
  const waiting = (r: FundRequest) => r.status === 'requested' || r.status === 'awaiting_second_approval';
  /**
   * Whether the caller's approval of a waiting request (not theirs) would be accepted: null when it would, else why
   * not; 'unknown' while the request's fund is not read.
   */
  const barOf = (r: FundRequest): ApprovalBar | null | 'unknown' => {
    const f = funds.find((x) => x.id === r.fundId);
    return f ? approvalBar(r, f, user) : 'unknown';
  };
  /** The fund's available money when a waiting request asks for more than that, else null. */
  const shortOf = (r: FundRequest): string | null => {
    const f = funds.find((x) => x.id === r.fundId);
    if (!f || !waiting(r) || f.currency !== r.currency) return null;
    return Number(r.amount) > Number(f.balances.available) ? money(f.balances.available, f.currency, lng) : null;
  };
  return (
    <section aria-labelledby="fund-requests">
      <h2 id="fund-requests">{t('funds.requests')}</h2>
      <SelectField
        label={t('funds.status')}
        name="status"
        value={status}
        onChange={setStatus}
        options={[
          { value: '', label: t('funds.allStatuses') },
          ...STATUSES.map((s) => ({ value: s, label: t(`funds.statuses.${s}`) })),
        ]}
      />
      <ExportLinks
        path="/api/fund-requests/export"
        body={status ? { status } : {}}
        name="fund-requests"
        personal={canUse(user.roles, 'fundsRequest')}
        testId="export-fund-requests"
      />
      <FormStatus problem={problem ?? (list.status === 'error' ? list.problem : null)} />
      {list.data && list.data.items.length === 0 && <p>{t('funds.noRequests')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="request-list">
            <thead>
              <tr>
                <th scope="col">{t('funds.code')}</th>
                <th scope="col">{t('funds.purpose')}</th>
                <th scope="col">{t('funds.amount')}</th>
                <th scope="col">{t('funds.amountUsd')}</th>
                <th scope="col">{t('funds.status')}</th>
                <th scope="col">{t('funds.requestedAt')}</th>
                <th scope="col">{t('funds.releaseTime')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id} data-testid="request-row">
                  <td>
                    <bdi>{r.fundCode}</bdi>
                  </td>
                  <td>{r.purpose === null ? <i>{t('funds.withheld')}</i> : <bdi>{r.purpose}</bdi>}</td>
                  <td>
                    {money(r.amount, r.currency, lng)}
                    {shortOf(r) && (
                      <p className="hint short-of-money" data-testid="request-above-available">
                        {t('funds.aboveAvailable', { available: shortOf(r) })}
                      </p>
                    )}
                  </td>
                  <td>{usd(r.amountUsd, lng)}</td>
                  <td data-testid="request-status">{t(`funds.statuses.${r.status}`)}</td>
                  <td>{formatDateTime(r.requestedAt, lng)}</td>
                  <td data-testid="request-release-time">{hoursText(r.releaseSeconds, t, lng)}</td>
                  <td className="actions">
                    {waiting(r) && canUse(user.roles, 'fundsApprove') && r.requestedBy !== user.id && (
                      <ApproveOrReject
                        bar={barOf(r)}
                        onApprove={() => void act(r, 'approve')}
                        onReject={(reason) => act(r, 'reject', reason)}
                      />
                    )}
                    {r.status === 'approved' && canUse(user.roles, 'fundsRelease') && (
                      <button
                        type="button"
                        className="button primary"
                        data-testid="request-release"
                        onClick={() => void act(r, 'release')}
                      >
                        {t('funds.release')}
                      </button>
                    )}
                    {(waiting(r) || r.status === 'approved') &&
                      (r.requestedBy === user.id || canUse(user.roles, 'fundsRelease')) && (
                        <button type="button" className="button secondary" onClick={() => void act(r, 'cancel')}>
                          {t('funds.cancel')}
                        </button>
                      )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MoreButton list={list} testId="requests-more" />
    </section>
  );
}

/** "Show more" under a list read page by page, while it has a next page. */
function MoreButton({ list, testId }: { list: PagesHandle<unknown>; testId: string }) {
  const { t } = useTranslation();
  if (!list.data?.next) return null;
  return (
    <div className="form-actions">
      <button
        type="button"
        className="button secondary"
        data-testid={testId}
        disabled={list.status === 'loading'}
        onClick={list.more}
      >
        {t('funds.more')}
      </button>
    </div>
  );
}

/**
 * Approve and reject, for an approver of a waiting request: Approve only when the server would accept it, else
 * why not (a rejection needs an approval limit for the fund too); nothing while the request's fund is not read.
 */
function ApproveOrReject({
  bar,
  onApprove,
  onReject,
}: {
  bar: ApprovalBar | null | 'unknown';
  onApprove: () => void;
  onReject: (reason: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  if (bar === 'unknown') return null;
  return (
    <>
      {bar === null ? (
        <button type="button" className="button primary" data-testid="request-approve" onClick={onApprove}>
          {t('funds.approve')}
        </button>
      ) : (
        <p className="hint" data-testid="request-approval-bar">
          {t(`funds.approvalBars.${bar}`)}
        </p>
      )}
      {bar !== 'noLimit' && <RejectRequest onReject={onReject} />}
    </>
  );
}

/** Rejecting a request, on its own row: the reason asked for there, then sent with the rejection. */
function RejectRequest({ onReject }: { onReject: (reason: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  // Opened from the keyboard, the reason's field takes the focus.
  const formRef = useRef<HTMLFormElement | null>(null);
  useEffect(() => {
    if (open) formRef.current?.querySelector('input')?.focus();
  }, [open]);
  if (!open)
    return (
      <button type="button" className="button secondary" onClick={() => setOpen(true)} data-testid="request-reject">
        {t('funds.reject')}
      </button>
    );
  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    if (await onReject(reason.trim())) setOpen(false);
    setBusy(false);
  };
  return (
    <form ref={formRef} onSubmit={send} noValidate className="form" data-testid="request-reject-form">
      <TextField label={t('funds.rejectReason')} name="reason" value={reason} onChange={setReason} required />
      <button type="submit" className="button danger" disabled={busy || !reason.trim()}>
        {t('funds.reject')}
      </button>
      <button type="button" className="button secondary" onClick={() => setOpen(false)}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

/** Funds, their ledgers, requests for money and their release. */
export function FundsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const list = useResource<{ items: Fund[] }>('/api/funds');
  const [selected, setSelected] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [exportProblem, setExportProblem] = useState<Problem | null>(null);
  const changed = () => {
    list.reload();
    setGeneration((g) => g + 1);
  };
  const fund = list.data?.items.find((f) => f.id === selected) ?? null;
  return (
    <>
      <PageHeading title={t('funds.title')} testId="funds-title">
        {t('funds.title')}
      </PageHeading>
      <p className="lead">{t('funds.intro')}</p>
      {canUse(user.roles, 'fundsFigures') && <Figures key={generation} />}
      <section aria-labelledby="fund-list">
        <h2 id="fund-list">{t('funds.list')}</h2>
        {list.status === 'error' && <FormStatus problem={list.problem} />}
        {!list.data && list.status === 'loading' && <Loading />}
        {list.data && list.data.items.length === 0 && <p>{t('funds.empty')}</p>}
        {list.data && list.data.items.length > 0 && (
          <div className="table-wrap">
            <table data-testid="fund-list">
              <thead>
                <tr>
                  <th scope="col">{t('funds.code')}</th>
                  <th scope="col">{t('funds.name')}</th>
                  <th scope="col">{t('funds.kind')}</th>
                  <th scope="col">{t('funds.available')}</th>
                  <th scope="col">{t('funds.committed')}</th>
                  <th scope="col">{t('funds.disbursed')}</th>
                  <th scope="col">{t('funds.advances')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((f) => (
                  <tr key={f.id}>
                    <td>
                      <bdi>{f.code}</bdi>
                    </td>
                    <td>
                      <bdi>{f.name}</bdi>
                    </td>
                    <td>{t(`funds.kinds.${f.kind}`)}</td>
                    <td>{money(f.balances.available, f.currency, i18n.language)}</td>
                    <td>{money(f.balances.committed, f.currency, i18n.language)}</td>
                    <td data-testid="fund-disbursed">{money(f.balances.disbursed, f.currency, i18n.language)}</td>
                    <td data-testid="fund-advances">
                      {/* Only a revolving fund advances money (to a crisis, until a donor reimburses it). */}
                      {f.revolving ? money(f.balances.advances, f.currency, i18n.language) : t('funds.none')}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button secondary"
                        data-testid="fund-open"
                        onClick={() => setSelected(f.id)}
                      >
                        {t('funds.open')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {fund && <FundDetail key={fund.id} fund={fund} onChanged={changed} />}
      <Requests reloadKey={generation} onChanged={changed} funds={list.data?.items ?? []} />
      {canUse(user.roles, 'fundsFigures') && (
        <section aria-labelledby="fund-exports">
          <h2 id="fund-exports">{t('funds.exports')}</h2>
          <FormStatus problem={exportProblem} />
          <button
            type="button"
            className="button secondary"
            data-testid="export-iati"
            onClick={() =>
              void downloadExport('/api/iati/activities/export', {}, 'iati-activities.xml').then(setExportProblem)
            }
          >
            {t('funds.iati')}
          </button>
        </section>
      )}
      {canUse(user.roles, 'fundsManage') && <NewFundForm onCreated={changed} />}
    </>
  );
}
