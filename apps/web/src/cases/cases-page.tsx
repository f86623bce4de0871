import type { CaseSummary } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { Link, navigate, useLocation } from '../app/router.tsx';
import { SelectField } from '../components/fields.tsx';
import { CheckField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatCalendarDate, formatDateTime } from '../i18n/format.ts';
import { useStaff } from '../protection/names.tsx';
import { useVocabularies } from '../vocabularies/use-vocabularies.ts';
import { CaseStatusBadge } from './case-status.tsx';

type CasePage = { items: CaseSummary[]; next: string | null };

/** Cases the caller may see, newest first, filtered by status, type and "assigned to me" (kept in the address). */
export function CasesPage() {
  const { t, i18n } = useTranslation();
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const filter = {
    status: params.get('status') ?? '',
    type: params.get('type') ?? '',
    mine: params.get('mine') === '1',
  };
  const vocab = useVocabularies();
  const staff = useStaff();
  const [cursors, setCursors] = useState<string[]>([]);
  const list = useResource<CasePage>(
    `/api/cases${query({
      status: filter.status,
      type: filter.type,
      assignedTo: filter.mine ? 'me' : undefined,
      limit: 50,
      cursor: cursors.at(-1),
    })}`,
  );

  const setFilter = (next: Partial<typeof filter>) => {
    const f = { ...filter, ...next };
    setCursors([]);
    navigate(`/cases${query({ status: f.status, type: f.type, mine: f.mine ? '1' : undefined })}`, { replace: true });
  };

  return (
    <>
      <PageHeading title={t('cases.title')}>{t('cases.title')}</PageHeading>
      <p>
        <Link to="/cases/new" className="button primary" data-testid="new-case">
          {t('cases.newTitle')}
        </Link>
      </p>
      <search aria-label={t('cases.filters')}>
        <div className="form filters" data-testid="case-filters">
          <SelectField
            label={t('cases.status')}
            name="status"
            value={filter.status}
            onChange={(status) => setFilter({ status })}
            options={[{ value: '', label: t('common.any') }, ...vocab.options('htcds.case_status')]}
          />
          <SelectField
            label={t('cases.type')}
            name="type"
            value={filter.type}
            onChange={(type) => setFilter({ type })}
            options={[{ value: '', label: t('common.any') }, ...vocab.options('corridor.case_type')]}
          />
          <CheckField
            label={t('cases.mine')}
            name="mine"
            checked={filter.mine}
            onChange={(mine) => setFilter({ mine })}
          />
        </div>
      </search>

      <section aria-labelledby="case-list-title">
        <h2 id="case-list-title" className="visually-hidden">
          {t('cases.listTitle')}
        </h2>
        {list.status === 'error' && <FormStatus problem={list.problem} />}
        {list.status === 'loading' && !list.data && <Loading />}
        {list.data && (
          <div className="table-wrap">
            <table data-testid="case-list">
              <thead>
                <tr>
                  <th scope="col">{t('cases.reference')}</th>
                  <th scope="col">{t('cases.type')}</th>
                  <th scope="col">{t('cases.status')}</th>
                  <th scope="col">{t('cases.assignedTo')}</th>
                  <th scope="col">{t('cases.openedOn')}</th>
                  <th scope="col">{t('common.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((c) => (
                  <tr key={c.id} data-testid="case-row">
                    <td>
                      <Link to={`/cases/${c.id}`} dir="ltr">
                        {c.reference}
                      </Link>
                      {c.sensitive && <span className="badge danger-badge">{t('cases.sensitive')}</span>}
                    </td>
                    <td>{vocab.label('corridor.case_type', c.type)}</td>
                    <td>
                      <CaseStatusBadge status={c.status} label={vocab.label('htcds.case_status', c.status)} />
                      {c.closureRequested && (
                        <span className="badge required-badge">{t('cases.closureRequested')}</span>
                      )}
                    </td>
                    <td>
                      <bdi>{staff.label(c.assignedTo)}</bdi>
                    </td>
                    <td>{formatCalendarDate(c.openedOn, i18n.language)}</td>
                    <td>{formatDateTime(c.updatedAt, i18n.language)}</td>
                  </tr>
                ))}
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={6}>{t('cases.noneMatch')}</td>
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
      </section>
    </>
  );
}
