import { CRISIS_STATUSES, type Crisis, type CrisisList, EMERGENCY_LEVELS } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { query } from '../api/client.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { ExportLinks } from '../components/export-links.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatNumber } from '../i18n/format.ts';
import { code, issuesAt, OpsProblem, useWrite } from '../movements/ops-ui.tsx';
import { CountrySelect } from '../places/country-fields.tsx';

/** The form of a new crisis (operations officers and supervisors). */
function NewCrisisForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [f, setF] = useState({ code: '', name: '', country: '', areas: '', startedOn: '', level: 'L3' });
  const { problem, busy, write } = useWrite(onCreated);
  const set = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  const issues = issuesAt(problem, ['code', 'name', 'country', 'areas', 'startedOn', 'emergencyLevel']);
  return (
    <form
      className="form"
      data-testid="crisis-form"
      onSubmit={(e) => {
        e.preventDefault();
        void write('POST', '/api/crises', {
          code: code(f.code),
          name: f.name,
          country: code(f.country),
          areas: f.areas.split(/\s+/).filter(Boolean).map(code),
          startedOn: f.startedOn,
          emergencyLevel: f.level,
        });
      }}
    >
      <h2>{t('ops.crises.new')}</h2>
      <TextField
        label={t('ops.crises.code')}
        name="code"
        value={f.code}
        onChange={set('code')}
        hint={t('ops.crises.codeHint')}
        issues={issues.at('code')}
        required
        dir="ltr"
      />
      <TextField
        label={t('ops.crises.name')}
        name="name"
        value={f.name}
        onChange={set('name')}
        issues={issues.at('name')}
        required
      />
      <CountrySelect
        label={t('ops.crises.country')}
        name="country"
        value={f.country}
        onChange={set('country')}
        emptyLabel={t('common.choose')}
        issues={issues.at('country')}
        required
      />
      <TextField
        label={t('ops.crises.areas')}
        name="areas"
        value={f.areas}
        onChange={set('areas')}
        issues={issues.at('areas')}
        dir="ltr"
      />
      <TextField
        label={t('ops.crises.startedOn')}
        name="startedOn"
        type="date"
        value={f.startedOn}
        onChange={set('startedOn')}
        issues={issues.at('startedOn')}
        required
      />
      <SelectField
        label={t('ops.crises.level')}
        name="level"
        value={f.level}
        onChange={set('level')}
        options={['L1', 'L2', 'L3'].map((l) => ({ value: l, label: l }))}
        issues={issues.at('emergencyLevel')}
      />
      <OpsProblem problem={problem} shown={issues.shown} />
      <button className="button primary" type="submit" disabled={busy}>
        {t('ops.crises.create')}
      </button>
    </form>
  );
}

/** The crisis registry of the caller's organisation. */
export function CrisesPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const [status, setStatus] = useState('');
  const [level, setLevel] = useState('');
  const list = useResource<CrisisList>(
    `/api/crises${query({ status: status || undefined, level: level || undefined })}`,
  );
  const manage = canUse(session.user.roles, 'crisesManage');
  return (
    <>
      <PageHeading title={t('ops.crises.title')}>{t('ops.crises.title')}</PageHeading>
      <p>{t('ops.crises.intro')}</p>
      <div className="filters">
        <SelectField
          label={t('ops.crises.status')}
          name="filterStatus"
          value={status}
          onChange={setStatus}
          options={[
            { value: '', label: t('ops.movements.all') },
            ...CRISIS_STATUSES.map((x) => ({ value: x, label: t(`ops.crises.statuses.${x}`) })),
          ]}
        />
        <SelectField
          label={t('ops.crises.level')}
          name="filterLevel"
          value={level}
          onChange={setLevel}
          options={[
            { value: '', label: t('ops.movements.all') },
            ...EMERGENCY_LEVELS.map((x) => ({ value: x, label: x })),
          ]}
        />
      </div>
      <ExportLinks
        path="/api/crises/export"
        body={{ ...(status ? { status } : {}), ...(level ? { level } : {}) }}
        name="crises"
        testId="export-crises"
      />
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {list.data === null ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <p>{t('ops.crises.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="crises-table">
            <thead>
              <tr>
                <th scope="col">{t('ops.crises.code')}</th>
                <th scope="col">{t('ops.crises.name')}</th>
                <th scope="col">{t('ops.crises.level')}</th>
                <th scope="col">{t('ops.crises.status')}</th>
                <th scope="col">{t('ops.crises.affected')}</th>
                <th scope="col">{t('ops.crises.openRequests')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c: Crisis) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/crises/${c.id}`}>
                      <bdi dir="ltr">{c.code}</bdi>
                    </Link>
                  </td>
                  <td>
                    <bdi>{c.name}</bdi>
                  </td>
                  <td>{c.emergencyLevel}</td>
                  <td>{t(`ops.crises.statuses.${c.status}`)}</td>
                  <td>{formatNumber(c.affectedMigrants, i18n.language)}</td>
                  <td>{formatNumber(c.openRequests, i18n.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {manage && <NewCrisisForm onCreated={list.reload} />}
    </>
  );
}
