import {
  GRIEVANCE_CATEGORIES,
  GRIEVANCE_STATUSES,
  type GrievanceStatus,
  type GrievanceSummary,
} from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { CheckField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatDate } from '../i18n/format.ts';
import { countryName } from '../places/countries.ts';
import { downloadExport } from './download.ts';

type Page = { items: GrievanceSummary[]; next: string | null };

const TONE: Record<GrievanceStatus, string> = {
  received: 'badge danger-badge',
  triaged: 'badge',
  in_progress: 'badge ok-badge',
  closed: 'badge muted-badge',
};

/** A grievance's status as a badge, with "overdue" beside it. */
export function GrievanceStatusBadge({ status, overdue }: { status: GrievanceStatus; overdue: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={TONE[status]} data-status={status} data-testid="grievance-status">
        {t(`grievances.statuses.${status}`)}
      </span>
      {overdue && (
        <span className="badge danger-badge" data-testid="grievance-overdue">
          {t('grievances.overdue')}
        </span>
      )}
    </>
  );
}

/**
 * The grievances received by the officer's organisation, filtered by status, category, recruiter and "overdue";
 * no identities. Exports carry the same filters and no identities or descriptions either.
 */
export function GrievancesPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const filters = {
    status: params.get('status') ?? '',
    category: params.get('category') ?? '',
    recruiter: params.get('recruiter') ?? '',
    overdue: params.get('overdue') === '1',
  };
  const [recruiterText, setRecruiterText] = useState(filters.recruiter);
  const [cursors, setCursors] = useState<string[]>([]);
  const [exported, setExported] = useState<string | null>(null);
  const [exportProblem, setExportProblem] = useState<import('@corridor/contracts').Problem | null>(null);
  const list = useResource<Page>(
    `/api/grievances${query({
      status: filters.status,
      category: filters.category,
      recruiter: filters.recruiter,
      overdue: filters.overdue ? 'true' : undefined,
      limit: 50,
      cursor: cursors.at(-1),
    })}`,
  );

  const go = (next: Partial<typeof filters>) => {
    const f = { ...filters, ...next };
    setCursors([]);
    navigate(
      `/grievances${query({ status: f.status, category: f.category, recruiter: f.recruiter, overdue: f.overdue ? '1' : undefined })}`,
      { replace: true },
    );
  };

  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExported(null);
    setExportProblem(null);
    const body = {
      format,
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.category ? { category: filters.category } : {}),
      ...(filters.recruiter ? { recruiter: filters.recruiter } : {}),
      ...(filters.overdue ? { overdue: true } : {}),
    };
    const problem = await downloadExport('/api/grievances/export', body, `grievances.${format}`);
    if (problem) setExportProblem(problem);
    else setExported(t('grievances.exported'));
  };

  const who = (id: string | null) =>
    id === null
      ? t('grievances.nobody')
      : id === user.id
        ? t('grievances.you')
        : t('grievances.colleague', { id: id.slice(0, 8) });

  return (
    <>
      <PageHeading title={t('grievances.title')} testId="grievances-title">
        {t('grievances.title')}
      </PageHeading>
      <p className="lead">{t('grievances.intro')}</p>
      <search aria-label={t('grievances.filters')}>
        <form
          className="form filters"
          onSubmit={(e) => {
            e.preventDefault();
            go({ recruiter: recruiterText.trim() });
          }}
        >
          <SelectField
            label={t('grievances.status')}
            name="status"
            data-testid="grievance-filter-status"
            value={filters.status}
            onChange={(s) => go({ status: s })}
            options={[
              { value: '', label: t('grievances.any') },
              ...GRIEVANCE_STATUSES.map((s) => ({ value: s, label: t(`grievances.statuses.${s}`) })),
            ]}
          />
          <SelectField
            label={t('grievances.category')}
            name="category"
            data-testid="grievance-filter-category"
            value={filters.category}
            onChange={(c) => go({ category: c })}
            options={[
              { value: '', label: t('grievances.any') },
              ...GRIEVANCE_CATEGORIES.map((c) => ({ value: c, label: t(`grievances.categoryNames.${c}`) })),
            ]}
          />
          <TextField
            label={t('grievances.recruiter')}
            hint={t('grievances.recruiterHint')}
            name="recruiter"
            value={recruiterText}
            onChange={setRecruiterText}
            onBlur={() => recruiterText.trim() !== filters.recruiter && go({ recruiter: recruiterText.trim() })}
          />
          <CheckField
            label={t('grievances.onlyOverdue')}
            name="overdue"
            checked={filters.overdue}
            onChange={(o) => go({ overdue: o })}
          />
        </form>
      </search>
      <div className="form-actions">
        <button
          type="button"
          className="button secondary"
          data-testid="grievance-export-csv"
          onClick={() => void exportAs('csv')}
        >
          {t('grievances.exportCsv')}
        </button>
        <button
          type="button"
          className="button secondary"
          data-testid="grievance-export-xlsx"
          onClick={() => void exportAs('xlsx')}
        >
          {t('grievances.exportXlsx')}
        </button>
      </div>
      <Notice message={exported} />
      {exportProblem && <FormStatus problem={exportProblem} />}
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && <p>{t('grievances.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="grievance-list">
            <thead>
              <tr>
                <th scope="col">{t('grievances.reference')}</th>
                <th scope="col">{t('grievances.received')}</th>
                <th scope="col">{t('grievances.categories')}</th>
                <th scope="col">{t('grievances.recruiter')}</th>
                <th scope="col">{t('grievances.country')}</th>
                <th scope="col">{t('grievances.severity')}</th>
                <th scope="col">{t('grievances.status')}</th>
                <th scope="col">{t('grievances.firstResponseDue')}</th>
                <th scope="col">{t('grievances.assignedTo')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((g) => (
                <tr key={g.id} data-testid="grievance-row" data-status={g.status}>
                  <td>
                    <Link to={`/grievances/${g.id}`}>
                      <bdi dir="ltr">{g.reference}</bdi>
                    </Link>
                    {g.anonymous && <span className="badge muted-badge">{t('grievances.anonymous')}</span>}
                  </td>
                  <td>{formatDate(g.receivedAt, i18n.language)}</td>
                  <td>
                    {g.categories.map((c) => t(`grievances.categoryNames.${c}`)).join(t('common.separator'))}
                    {g.traffickingIndicators && (
                      <span className="badge danger-badge" data-testid="grievance-indicators">
                        {t('grievances.indicators')}
                      </span>
                    )}
                  </td>
                  <td>
                    <bdi>{g.recruiterName ?? '—'}</bdi>
                  </td>
                  <td>{g.destinationCountry ? countryName(g.destinationCountry, i18n.language) : '—'}</td>
                  <td>{g.severity ? t(`grievances.severities.${g.severity}`) : '—'}</td>
                  <td>
                    <GrievanceStatusBadge status={g.status} overdue={g.overdue} />
                    {g.handedOver && <span className="badge">{t('grievances.handedOver')}</span>}
                  </td>
                  <td>{g.firstRespondedAt ? '—' : formatDate(g.firstResponseDue, i18n.language)}</td>
                  <td>{who(g.assignedTo)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data?.next && (
        <button type="button" className="button secondary" onClick={() => setCursors((c) => [...c, list.data!.next!])}>
          {t('grievances.more')}
        </button>
      )}
    </>
  );
}
