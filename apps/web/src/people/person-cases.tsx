import type { CaseSummary } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { CaseStatusBadge } from '../cases/case-status.tsx';
import { Loading } from '../components/loading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { useVocabularies } from '../vocabularies/use-vocabularies.ts';

type CasePage = { items: CaseSummary[]; next: string | null };

/**
 * The person's cases the caller may read (GET /api/cases?beneficiaryId=…): a sensitive case of a colleague stays
 * out of the list, so an empty list means "none you can see", not "none at all".
 */
export function PersonCases({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const vocab = useVocabularies();
  const list = useResource<CasePage>(`/api/cases${query({ beneficiaryId: personId, limit: 200 })}`);
  return (
    <>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && (
        <p className="muted" data-testid="person-cases-empty">
          {t('people.noCases')}
        </p>
      )}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="person-cases">
            <caption className="visually-hidden">{t('people.casesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.reference')}</th>
                <th scope="col">{t('cases.type')}</th>
                <th scope="col">{t('cases.status')}</th>
                <th scope="col">{t('cases.openedOn')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id} data-testid="person-case-row">
                  <td>
                    <Link to={`/cases/${c.id}`} dir="ltr" data-testid="person-case-link">
                      {c.reference}
                    </Link>
                    {c.sensitive && <span className="badge danger-badge">{t('cases.sensitive')}</span>}
                  </td>
                  <td>{vocab.label('corridor.case_type', c.type)}</td>
                  <td>
                    <CaseStatusBadge status={c.status} label={vocab.label('htcds.case_status', c.status)} />
                    {c.closureRequested && <span className="badge required-badge">{t('cases.closureRequested')}</span>}
                  </td>
                  <td>{formatCalendarDate(c.openedOn, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
