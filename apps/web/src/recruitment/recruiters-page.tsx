import type { Problem, RecruiterDetail, RecruiterSummary } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, query } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { downloadExport } from '../grievances/download.ts';
import { formatDate } from '../i18n/format.ts';
import { corridorNames, countryName } from '../places/countries.ts';
import { CountrySelect } from '../places/country-fields.tsx';

// The contracts' enums, as plain lists (the contracts are imported as types only, to keep zod out of the bundle).
export const RECRUITER_STATUSES = [
  'none',
  'applied',
  'self_assessed',
  'in_audit',
  'audited',
  'certified',
  'refused',
  'suspended',
  'withdrawn',
  'expired',
] as const;
export const SECTORS = [
  'agriculture',
  'construction',
  'domestic_work',
  'health_care',
  'hospitality',
  'manufacturing',
  'transport',
  'retail',
  'cleaning_security',
  'fishing',
  'other',
] as const;

const TONE: Record<string, string> = {
  certified: 'badge ok-badge',
  suspended: 'badge danger-badge',
  withdrawn: 'badge danger-badge',
  expired: 'badge muted-badge',
  refused: 'badge muted-badge',
  none: 'badge muted-badge',
};

/** A recruiter's certification status as a badge. */
export function RecruiterStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={TONE[status] ?? 'badge'} data-status={status} data-testid="recruiter-status">
      {t(`recruitment.statuses.${status as (typeof RECRUITER_STATUSES)[number]}`)}
    </span>
  );
}

type Page = { items: RecruiterSummary[]; total: number };
const PAGE = 50;

/** The form with which a certification officer registers a recruiter (an existing private-sector organisation). */
function NewRecruiterForm() {
  const { t } = useTranslation();
  const [f, setF] = useState({
    organisationId: '',
    name: '',
    licenceNumber: '',
    licensingAuthority: '',
    licenceCountry: '',
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [key] = useState(newIdempotencyKey);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  return (
    <form
      className="form"
      data-testid="recruiter-form"
      onSubmit={(e) => {
        e.preventDefault();
        setProblem(null);
        api<RecruiterDetail>('POST', '/api/recruiters', {
          idempotencyKey: key,
          body: {
            ...f,
            licenceCountry: f.licenceCountry.trim().toUpperCase(),
            organisationId: f.organisationId.trim(),
          },
        }).then(
          (r) => navigate(`/recruiters/${r.data.recruiter.id}`),
          (err) => setProblem(problemOf(err)),
        );
      }}
    >
      <h2>{t('recruitment.newRecruiter')}</h2>
      <TextField
        label={t('recruitment.organisationId')}
        name="organisationId"
        value={f.organisationId}
        onChange={set('organisationId')}
        required
        dir="ltr"
      />
      <TextField label={t('recruitment.name')} name="name" value={f.name} onChange={set('name')} required />
      <TextField
        label={t('recruitment.licence')}
        name="licenceNumber"
        value={f.licenceNumber}
        onChange={set('licenceNumber')}
        required
        dir="ltr"
      />
      <TextField
        label={t('recruitment.licensingAuthority')}
        name="licensingAuthority"
        value={f.licensingAuthority}
        onChange={set('licensingAuthority')}
        required
      />
      <CountrySelect
        label={t('recruitment.licenceCountry')}
        name="licenceCountry"
        value={f.licenceCountry}
        onChange={set('licenceCountry')}
        emptyLabel={t('common.choose')}
        required
      />
      <FormStatus problem={problem} />
      <div className="form-actions">
        <button type="submit" className="button primary">
          {t('recruitment.create')}
        </button>
      </div>
    </form>
  );
}

/** The recruiters the caller may see, with filters, paging and exports. */
export function RecruitersPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const filters = {
    q: params.get('q') ?? '',
    status: params.get('status') ?? '',
    destination: params.get('destination') ?? '',
    sector: params.get('sector') ?? '',
  };
  const offset = Number(params.get('offset') ?? 0) || 0;
  const [text, setText] = useState(filters.q);
  const [dest, setDest] = useState(filters.destination);
  const [exported, setExported] = useState<string | null>(null);
  const [exportProblem, setExportProblem] = useState<Problem | null>(null);
  const list = useResource<Page>(`/api/recruiters${query({ ...filters, limit: PAGE, offset })}`);
  const officer = user.roles.includes('certification_officer') || user.roles.includes('platform_admin');

  const go = (next: Partial<typeof filters> & { offset?: number }) => {
    const f = { ...filters, offset: 0, ...next };
    navigate(`/recruiters${query({ ...f, offset: f.offset || undefined })}`, { replace: true });
  };
  const exportAs = async (format: 'csv' | 'xlsx') => {
    setExported(null);
    setExportProblem(null);
    const body = Object.fromEntries(Object.entries({ format, ...filters }).filter(([, v]) => v !== ''));
    const problem = await downloadExport('/api/recruiters/export', body, `recruiters.${format}`);
    if (problem) setExportProblem(problem);
    else setExported(t('recruitment.exported'));
  };

  return (
    <>
      <PageHeading title={t('recruitment.title')} testId="recruiters-title">
        {t('recruitment.title')}
      </PageHeading>
      <p className="lead">
        {t('recruitment.intro')} <a href={`/public/recruiters?lang=${i18n.language}`}>{t('recruitment.publicLink')}</a>
      </p>
      <search aria-label={t('recruitment.filters')}>
        <form
          className="form filters"
          onSubmit={(e) => {
            e.preventDefault();
            go({ q: text.trim(), destination: dest.trim().toUpperCase() });
          }}
        >
          <TextField label={t('recruitment.search')} name="q" value={text} onChange={setText} />
          <SelectField
            label={t('recruitment.status')}
            name="status"
            value={filters.status}
            onChange={(s) => go({ status: s })}
            options={[
              { value: '', label: t('recruitment.anyStatus') },
              ...RECRUITER_STATUSES.map((s) => ({ value: s, label: t(`recruitment.statuses.${s}`) })),
            ]}
          />
          <CountrySelect
            label={t('recruitment.destination')}
            name="destination"
            value={dest}
            onChange={setDest}
            emptyLabel={t('common.any')}
          />
          <SelectField
            label={t('recruitment.sector')}
            name="sector"
            value={filters.sector}
            onChange={(s) => go({ sector: s })}
            options={[
              { value: '', label: t('recruitment.anySector') },
              ...SECTORS.map((s) => ({ value: s, label: t(`recruitment.sectorNames.${s}`) })),
            ]}
          />
          <div className="form-actions">
            <button type="submit" className="button primary">
              {t('recruitment.apply')}
            </button>
          </div>
        </form>
      </search>
      <div className="form-actions">
        <button type="button" className="button secondary" onClick={() => void exportAs('csv')}>
          {t('recruitment.exportCsv')}
        </button>
        <button type="button" className="button secondary" onClick={() => void exportAs('xlsx')}>
          {t('recruitment.exportXlsx')}
        </button>
      </div>
      <Notice message={exported} />
      {exportProblem && <FormStatus problem={exportProblem} />}
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && <p>{t('recruitment.count', { count: list.data.total })}</p>}
      {list.data && list.data.items.length === 0 && <p>{t('recruitment.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="recruiter-list">
            <thead>
              <tr>
                <th scope="col">{t('recruitment.name')}</th>
                <th scope="col">{t('recruitment.licence')}</th>
                <th scope="col">{t('recruitment.corridorsHeading')}</th>
                <th scope="col">{t('recruitment.status')}</th>
                <th scope="col">{t('recruitment.expires')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/recruiters/${r.id}`}>
                      <bdi>{r.name}</bdi>
                    </Link>
                  </td>
                  <td>
                    <bdi dir="ltr">{r.licenceNumber}</bdi> ({countryName(r.licenceCountry, i18n.language)})
                  </td>
                  <td>{corridorNames(r.corridors, i18n.language, t('common.arrowForward'), t('common.separator'))}</td>
                  <td>
                    <RecruiterStatusBadge status={r.status} />
                  </td>
                  <td>{r.certificateExpiresAt ? formatDate(r.certificateExpiresAt, i18n.language) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.data && (offset > 0 || offset + PAGE < list.data.total) && (
        <nav className="form-actions" aria-label={t('recruitment.title')}>
          {offset > 0 && (
            <button
              type="button"
              className="button secondary"
              onClick={() => go({ offset: Math.max(0, offset - PAGE) })}
            >
              {t('common.arrowBack')} {t('common.previous')}
            </button>
          )}
          {offset + PAGE < list.data.total && (
            <button type="button" className="button secondary" onClick={() => go({ offset: offset + PAGE })}>
              {t('common.more')} {t('common.arrowForward')}
            </button>
          )}
        </nav>
      )}
      {officer && <NewRecruiterForm />}
    </>
  );
}
