import type { Problem, SearchHit, SearchResult } from '@corridor/contracts';
import { type ReactNode, useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { isAbort, problemOf } from '../api/problem.ts';
import { Link } from '../app/router.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { countryName } from '../places/countries.ts';
import { PlaceName } from '../places/pcode-field.tsx';
import { SummaryName } from './person-name.tsx';

/** The state of a person search: nothing asked yet, waiting, an answer, or a problem. */
export type SearchState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ok'; result: SearchResult }
  | { status: 'error'; problem: Problem };

/**
 * Runs POST /api/beneficiaries/search. Names travel in the body, never in the address (SECURITY.md D4), and
 * nothing of the search is kept once the page is left.
 */
export function usePersonSearch(): { state: SearchState; search: (body: object) => Promise<SearchResult | null> } {
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const search = useCallback(async (body: object) => {
    controller.current?.abort();
    const c = new AbortController();
    controller.current = c;
    setState({ status: 'loading' });
    try {
      const { data } = await api<SearchResult>('POST', '/api/beneficiaries/search', { body, signal: c.signal });
      setState({ status: 'ok', result: data });
      return data;
    } catch (err) {
      if (isAbort(err)) return null;
      setState({ status: 'error', problem: problemOf(err) });
      return null;
    }
  }, []);
  return { state, search };
}

/** Why a record was found, in words: which fields agreed and how closely. */
export function MatchReasons({ match }: { match: SearchHit['match'] }) {
  const { t } = useTranslation();
  const reasons: string[] = [];
  if (match.name)
    reasons.push(t(`people.match.name.${match.name.level}`, { matched: match.name.matched, of: match.name.of }));
  if (match.dateOfBirth) reasons.push(t(`people.match.dateOfBirth.${match.dateOfBirth}`));
  if (match.document) reasons.push(t('people.match.document'));
  return (
    <ul className="match-reasons" data-testid="match-reasons">
      {reasons.map((r) => (
        <li key={r}>{r}</li>
      ))}
    </ul>
  );
}

/** Search hits, most likely first, each with why it matched and an action (open, or choose). */
export function SearchResults({
  result,
  action,
  caption,
}: {
  result: SearchResult;
  action?: (hit: SearchHit) => ReactNode;
  caption?: string;
}) {
  const { t, i18n } = useTranslation();
  if (result.items.length === 0) {
    return (
      <p className="notice" data-testid="search-results" data-count={0}>
        {t('people.noMatch')}
      </p>
    );
  }
  return (
    <div className="table-wrap" data-testid="search-results" data-count={result.items.length}>
      <table>
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('people.name')}</th>
            <th scope="col">{t('people.dateOfBirth')}</th>
            <th scope="col">{t('people.sex')}</th>
            <th scope="col">{t('people.citizenships')}</th>
            <th scope="col">{t('people.whereNow')}</th>
            <th scope="col">{t('people.whyMatched')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {result.items.map((hit) => {
            const b = hit.beneficiary;
            return (
              <tr key={b.id} data-testid="search-hit">
                <td>
                  <SummaryName person={b} />
                </td>
                <td>
                  {b.dateOfBirth ? formatCalendarDate(b.dateOfBirth, i18n.language) : '—'}
                  {b.dobPrecision && b.dobPrecision !== 'exact' && (
                    <span className="muted"> ({t(`dobPrecisionsShort.${b.dobPrecision}`)})</span>
                  )}
                </td>
                <td>{b.sex ? t(`sexes.${b.sex}`) : '—'}</td>
                <td>{b.citizenships.map((c) => countryName(c, i18n.language)).join(', ') || '—'}</td>
                <td>
                  {b.country ? countryName(b.country, i18n.language) : '—'}
                  {b.pcode && (
                    <span className="muted">
                      {' '}
                      <PlaceName country={b.country} pcode={b.pcode} />
                    </span>
                  )}
                </td>
                <td>
                  <MatchReasons match={hit.match} />
                </td>
                <td>
                  {action ? (
                    action(hit)
                  ) : (
                    <Link to={`/people/${b.id}`} data-testid="open-person">
                      {t('people.openRecord')}
                    </Link>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {result.more && <p className="hint">{t('people.moreResults')}</p>}
    </div>
  );
}
