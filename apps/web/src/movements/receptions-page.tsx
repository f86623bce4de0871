import type { ReceptionList } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';
import { useResource } from '../api/use-resource.ts';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { countryName, languageName } from '../places/countries.ts';
import { OpsProblem, useWrite } from './ops-ui.tsx';

function ReceiveButton({ id, reload }: { id: string; reload: () => void }) {
  const { t } = useTranslation();
  const { problem, busy, write } = useWrite(reload);
  return (
    <>
      <button
        className="button primary small"
        type="button"
        data-testid="receive"
        disabled={busy}
        onClick={() => void write('POST', `/api/receptions/${id}/receive`)}
      >
        {t('ops.receptions.receive')}
      </button>
      <OpsProblem problem={problem} />
    </>
  );
}

/** The reception partner's inbox: passengers handed over for reception at arrival, with only the hand-over fields. */
export function ReceptionsPage() {
  const { t, i18n } = useTranslation();
  const list = useResource<ReceptionList>('/api/receptions');
  return (
    <>
      <PageHeading title={t('ops.receptions.title')}>{t('ops.receptions.title')}</PageHeading>
      <p>{t('ops.receptions.intro')}</p>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {list.data === null ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p>{t('ops.receptions.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="receptions-table">
            <thead>
              <tr>
                <th scope="col">{t('ops.manifest.name')}</th>
                <th scope="col">{t('ops.receptions.yearOfBirth')}</th>
                <th scope="col">{t('ops.manifest.nationality')}</th>
                <th scope="col">{t('ops.receptions.languages')}</th>
                <th scope="col">{t('ops.receptions.arrival')}</th>
                <th scope="col">{t('ops.manifest.status')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((r) => (
                <tr key={r.id} data-testid="reception-row" data-status={r.status}>
                  <td>
                    <bdi>{r.handover.nameLatin}</bdi>
                    {r.handover.medicalEscort && <div>{t('ops.manifest.escort')}</div>}
                    {r.handover.unaccompaniedChild && <div>{t('ops.receptions.child')}</div>}
                  </td>
                  <td>{r.handover.yearOfBirth ?? '—'}</td>
                  <td>{r.handover.nationality ? countryName(r.handover.nationality, i18n.language) : '—'}</td>
                  <td>
                    {r.handover.languages.length
                      ? new Intl.ListFormat(i18n.language, { style: 'narrow', type: 'unit' }).format(
                          r.handover.languages.map((l) => languageName(l, i18n.language)),
                        )
                      : '—'}
                  </td>
                  <td>
                    <bdi>{r.handover.arrival.carrier}</bdi>{' '}
                    <bdi dir="ltr">{r.handover.arrival.serviceNumber ?? ''}</bdi> ·{' '}
                    <bdi>{r.handover.arrival.toPlace}</bdi> ·{' '}
                    {formatDateTime(r.handover.arrival.arrivesAt, i18n.language, { utc: true })}
                  </td>
                  <td>
                    {r.status === 'received' ? (
                      t('ops.receptions.received')
                    ) : (
                      <ReceiveButton id={r.id} reload={list.reload} />
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
