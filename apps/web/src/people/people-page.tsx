import { type BeneficiarySummary, type Problem, SEXES } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { FormActions, SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatCalendarDate } from '../i18n/format.ts';
import { countryName } from '../places/countries.ts';
import { CountrySelect } from '../places/country-fields.tsx';
import { SummaryName } from './person-name.tsx';
import { SearchResults, usePersonSearch } from './search-results.tsx';

type PersonPage = { items: BeneficiarySummary[]; next: string | null };

type Finder = { name: string; documentNumber: string; dobFrom: string; dobTo: string; country: string; pcode: string };
const EMPTY: Finder = { name: '', documentNumber: '', dobFrom: '', dobTo: '', country: '', pcode: '' };

/** People of the organisation: a search (by POST, so names stay out of addresses) and the list by name. */
export function PeoplePage() {
  const { t, i18n } = useTranslation();
  const [finder, setFinder] = useState<Finder>(EMPTY);
  const [finderProblem, setFinderProblem] = useState<Problem | null>(null);
  const { state, search } = usePersonSearch();
  const [filter, setFilter] = useState({ sex: '', country: '' });
  const [cursors, setCursors] = useState<string[]>([]);
  const list = useResource<PersonPage>(
    `/api/beneficiaries${query({ limit: 50, cursor: cursors.at(-1), sex: filter.sex, country: filter.country })}`,
  );

  const find = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const body: Record<string, string> = {};
    for (const [key, value] of Object.entries(finder)) if (value.trim()) body[key] = value.trim();
    if (Object.keys(body).length === 0) {
      setFinderProblem({
        type: 'about:blank',
        title: '',
        status: 400,
        code: 'search_empty',
        detail: t('people.searchEmpty'),
      });
      return;
    }
    setFinderProblem(null);
    await search(body);
  };

  return (
    <>
      <PageHeading title={t('people.title')}>{t('people.title')}</PageHeading>
      <p className="lead">{t('people.intro')}</p>
      <p>
        <Link to="/people/new" className="button primary" data-testid="register-person">
          {t('people.registerTitle')}
        </Link>
      </p>

      <section aria-labelledby="find-title">
        <h2 id="find-title">{t('people.findTitle')}</h2>
        <search aria-labelledby="find-title">
          <form onSubmit={find} noValidate className="form filters" data-testid="people-search">
            <FormStatus problem={finderProblem ?? (state.status === 'error' ? state.problem : null)} />
            <TextField
              label={t('people.searchName')}
              hint={t('people.searchNameHint')}
              name="searchName"
              dir="auto"
              autoComplete="off"
              value={finder.name}
              onChange={(name) => setFinder({ ...finder, name })}
            />
            <TextField
              label={t('people.documentNumber')}
              name="searchDocumentNumber"
              dir="ltr"
              autoComplete="off"
              value={finder.documentNumber}
              onChange={(documentNumber) => setFinder({ ...finder, documentNumber })}
            />
            <TextField
              label={t('people.bornFrom')}
              name="dobFrom"
              type="date"
              value={finder.dobFrom}
              onChange={(dobFrom) => setFinder({ ...finder, dobFrom })}
            />
            <TextField
              label={t('people.bornTo')}
              name="dobTo"
              type="date"
              value={finder.dobTo}
              onChange={(dobTo) => setFinder({ ...finder, dobTo })}
            />
            <CountrySelect
              label={t('people.whereNow')}
              name="searchCountry"
              emptyLabel={t('common.any')}
              value={finder.country}
              onChange={(country) => setFinder({ ...finder, country })}
            />
            <TextField
              label={t('people.pcode')}
              name="searchPcode"
              dir="ltr"
              autoComplete="off"
              value={finder.pcode}
              onChange={(pcode) => setFinder({ ...finder, pcode: pcode.toUpperCase() })}
            />
            <FormActions>
              <button type="submit" className="button primary" disabled={state.status === 'loading'}>
                {t('people.searchSubmit')}
              </button>
              <button
                type="button"
                className="button secondary"
                onClick={() => {
                  setFinder(EMPTY);
                  setFinderProblem(null);
                }}
              >
                {t('common.clear')}
              </button>
            </FormActions>
          </form>
        </search>
        <div aria-live="polite">
          {state.status === 'loading' && <p className="loading">{t('people.searching')}</p>}
          {state.status === 'ok' && <SearchResults result={state.result} />}
        </div>
      </section>

      <section aria-labelledby="people-list-title">
        <h2 id="people-list-title">{t('people.listTitle')}</h2>
        <div className="form filters" data-testid="people-filters">
          <SelectField
            label={t('people.sex')}
            name="filterSex"
            value={filter.sex}
            onChange={(sex) => {
              setCursors([]);
              setFilter({ ...filter, sex });
            }}
            options={[
              { value: '', label: t('common.any') },
              ...SEXES.map((s) => ({ value: s, label: t(`sexes.${s}`) })),
            ]}
          />
          <CountrySelect
            label={t('people.whereNow')}
            name="filterCountry"
            emptyLabel={t('common.any')}
            value={filter.country}
            onChange={(country) => {
              setCursors([]);
              setFilter({ ...filter, country });
            }}
          />
        </div>
        {list.status === 'error' && <FormStatus problem={list.problem} />}
        {list.status === 'loading' && !list.data && <Loading />}
        {list.data && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('people.name')}</th>
                  <th scope="col">{t('people.dateOfBirth')}</th>
                  <th scope="col">{t('people.sex')}</th>
                  <th scope="col">{t('people.citizenships')}</th>
                  <th scope="col">{t('people.whereNow')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((b) => (
                  <tr key={b.id} data-testid="person-row">
                    <td>
                      <Link to={`/people/${b.id}`}>
                        <SummaryName person={b} />
                      </Link>
                    </td>
                    <td>{b.dateOfBirth ? formatCalendarDate(b.dateOfBirth, i18n.language) : '—'}</td>
                    <td>{b.sex ? t(`sexes.${b.sex}`) : '—'}</td>
                    <td>
                      {b.citizenships.map((c) => countryName(c, i18n.language)).join(t('common.separator')) || '—'}
                    </td>
                    <td>
                      {b.country ? countryName(b.country, i18n.language) : '—'}
                      {b.pcode && (
                        <span className="muted" dir="ltr">
                          {' '}
                          {b.pcode}
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
                {list.data.items.length === 0 && (
                  <tr>
                    <td colSpan={5}>{t('common.none')}</td>
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
