import { REFERRAL_STATUSES, type ReferralSummary, referralReference } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField } from '../components/fields.tsx';
import { CheckField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatCalendarDate, formatDate } from '../i18n/format.ts';
import { OrganisationName, useStaff } from '../protection/names.tsx';
import { useVocabularies } from '../vocabularies/use-vocabularies.ts';
import { ReferralIntakeSection } from './referral-intake.tsx';
import { ReferralStatusBadge } from './referral-status.tsx';

type Page = { items: ReferralSummary[]; next: string | null };
type Box = 'inbox' | 'outbox';

/**
 * Referrals received (inbox) and sent (outbox), filtered by status and "overdue". Lists carry no person data;
 * the inbox leaves out referrals whose consent was withdrawn, and lists checked per referral can come in pages
 * shorter than asked for, so "next page" is offered while the server says there is more.
 */
export function ReferralsPage() {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const { user, organisation } = useSignedIn();
  // administrators who are not case staff manage received sensitive referrals only: they have no outbox
  const caseStaff = canUse(user.roles, 'protection');
  const box: Box = caseStaff && params.get('box') === 'outbox' ? 'outbox' : 'inbox';
  const status = params.get('status') ?? '';
  const overdue = params.get('overdue') === '1';
  const vocab = useVocabularies();
  const staff = useStaff();
  const [cursors, setCursors] = useState<string[]>([]);
  const list = useResource<Page>(
    `/api/referrals/${box}${query({ status, overdue: overdue ? 'true' : undefined, limit: 50, cursor: cursors.at(-1) })}`,
  );

  const go = (next: { box?: Box; status?: string; overdue?: boolean }) => {
    const f = { box, status, overdue, ...next };
    setCursors([]);
    navigate(
      `/referrals${query({ box: f.box === 'outbox' ? 'outbox' : undefined, status: f.status, overdue: f.overdue ? '1' : undefined })}`,
      { replace: true },
    );
  };

  return (
    <>
      <PageHeading title={t('referrals.title')}>{t('referrals.title')}</PageHeading>
      <p className="lead">
        {box === 'outbox'
          ? t('referrals.outboxIntro')
          : caseStaff
            ? t('referrals.inboxIntro')
            : t('referrals.adminInboxIntro')}
      </p>
      <nav aria-label={t('referrals.boxes')} className="tabs" hidden={!caseStaff}>
        <ul>
          <li>
            <Link
              to="/referrals"
              aria-current={box === 'inbox' ? 'page' : undefined}
              data-testid="referrals-inbox"
              onClick={(e) => {
                e.preventDefault();
                go({ box: 'inbox', status: '' });
              }}
            >
              {t('referrals.inbox')}
            </Link>
          </li>
          <li>
            <Link
              to="/referrals?box=outbox"
              aria-current={box === 'outbox' ? 'page' : undefined}
              data-testid="referrals-outbox"
              onClick={(e) => {
                e.preventDefault();
                go({ box: 'outbox', status: '' });
              }}
            >
              {t('referrals.outbox')}
            </Link>
          </li>
        </ul>
      </nav>
      <search aria-label={t('referrals.filters')}>
        <div className="form filters">
          <SelectField
            label={t('referrals.status')}
            name="status"
            value={status}
            onChange={(s) => go({ status: s })}
            options={[
              { value: '', label: t('common.any') },
              ...REFERRAL_STATUSES.filter((s) => box === 'outbox' || s !== 'revoked').map((s) => ({
                value: s,
                label: t(`referralStatuses.${s}`),
              })),
            ]}
          />
          <CheckField
            label={t('referrals.onlyOverdue')}
            name="overdue"
            checked={overdue}
            onChange={(o) => go({ overdue: o })}
          />
        </div>
      </search>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && (
        <div className="table-wrap">
          <table data-testid={`referral-${box}`}>
            <thead>
              <tr>
                <th scope="col">{t('referrals.reference')}</th>
                <th scope="col">{box === 'inbox' ? t('referrals.from') : t('referrals.to')}</th>
                <th scope="col">{t('referrals.caseType')}</th>
                <th scope="col">{t('referrals.service')}</th>
                <th scope="col">{t('referrals.reason')}</th>
                <th scope="col">{t('referrals.status')}</th>
                <th scope="col">{t('referrals.sentAt')}</th>
                <th scope="col">{t('referrals.dueOn')}</th>
                {box === 'inbox' && <th scope="col">{t('referrals.assignedTo')}</th>}
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id} data-testid="referral-row" data-status={r.status}>
                  <td>
                    <span dir="ltr" data-testid="referral-row-reference">
                      {referralReference(r.id)}
                    </span>
                  </td>
                  <td>
                    <OrganisationName id={box === 'inbox' ? r.fromOrganisationId : r.toOrganisationId} />
                  </td>
                  <td>{vocab.label('corridor.case_type', r.caseType)}</td>
                  <td>
                    {r.serviceType ? vocab.label('corridor.service_type', r.serviceType) : t('referrals.wholeCase')}
                  </td>
                  <td>{vocab.label('htcds.referral_reason', r.reason)}</td>
                  <td>
                    <ReferralStatusBadge status={r.status} overdue={r.overdue} />
                  </td>
                  <td>{formatDate(r.sentAt, i18n.language)}</td>
                  <td>{r.dueOn ? formatCalendarDate(r.dueOn, i18n.language) : '—'}</td>
                  {box === 'inbox' && (
                    <td data-testid="referral-row-assignee">
                      {r.assignedTo ? staff.label(r.assignedTo) : t('referrals.unassigned')}
                    </td>
                  )}
                  <td>
                    <Link to={`/referrals/${r.id}`} data-testid="open-referral">
                      {t('referrals.open')}
                    </Link>
                  </td>
                </tr>
              ))}
              {list.data.items.length === 0 && (
                <tr>
                  <td colSpan={box === 'inbox' ? 10 : 9}>
                    {box === 'inbox' ? t('referrals.inboxEmpty') : t('referrals.outboxEmpty')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        {cursors.length > 0 && (
          <button type="button" className="button secondary" onClick={() => setCursors([])}>
            {t('common.first')}
          </button>
        )}
        {list.data?.next && (
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              const next = list.data?.next;
              if (next) setCursors((c) => [...c, next]);
            }}
          >
            {t('common.more')}
          </button>
        )}
      </div>
      {box === 'inbox' && (
        <ReferralIntakeSection organisationId={organisation.id} canEdit={user.roles.includes('admin')} vocab={vocab} />
      )}
    </>
  );
}
