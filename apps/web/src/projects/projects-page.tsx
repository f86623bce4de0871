import type { ActivityReport, Problem, Project, ProjectFigures } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey, query } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField, TextField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { RecordPicker } from '../components/record-picker.tsx';
import { downloadExport } from '../grievances/download.ts';
import { formatCalendarDate, formatNumber, readDecimal } from '../i18n/format.ts';
import { DateRangeFields, DecimalField } from '../operations/ops-fields.tsx';
import { fundSource } from '../operations/sources.ts';
import { CountrySelect, CurrencySelect } from '../places/country-fields.tsx';
import { PcodeField } from '../places/pcode-field.tsx';

const KINDS = ['capacity_building', 'development_grant', 'integration', 'regional_consultative_process'] as const;
const STATUSES = ['planned', 'ongoing', 'completed', 'cancelled'] as const;
type Filters = { kind: string; status: string; country: string };

const total = (r: Project['reached']) => r.women + r.men + r.girls + r.boys;

function FiguresPanel() {
  const { t, i18n } = useTranslation();
  const year = new Date().getUTCFullYear();
  const f = useResource<ProjectFigures>(`/api/project-figures${query({ from: `${year}-01-01`, to: `${year}-12-31` })}`);
  if (!f.data) return f.status === 'error' ? <FormStatus problem={f.problem} /> : <Loading />;
  const n = (x: number) => formatNumber(x, i18n.language);
  return (
    <section aria-labelledby="project-figures">
      <h2 id="project-figures">{t('projects.figures')}</h2>
      <dl className="facts" data-testid="project-figures">
        <dt>{t('projects.active')}</dt>
        <dd>{n(f.data.projectsActive)}</dd>
        <dt>{t('projects.countries')}</dt>
        <dd>{n(f.data.countries)}</dd>
        <dt>{t('projects.reachedTotal')}</dt>
        <dd>
          {n(f.data.reachedTotal)} (
          {[
            `${t('projects.women')} ${n(f.data.reached.women)}`,
            `${t('projects.men')} ${n(f.data.reached.men)}`,
            `${t('projects.girls')} ${n(f.data.reached.girls)}`,
            `${t('projects.boys')} ${n(f.data.reached.boys)}`,
          ].join(t('common.separator'))}
          )
        </dd>
      </dl>
    </section>
  );
}

function NewProjectForm({ onCreated }: { onCreated: () => void }) {
  const { t, i18n } = useTranslation();
  const [v, setV] = useState({
    code: '',
    title: '',
    kind: 'integration',
    status: 'ongoing',
    country: '',
    sector: 'Protection',
    startDate: '',
    endDate: '',
    budget: '',
    currency: 'USD',
    usdRate: '1',
    partner: '',
    partnerType: '',
    donor: '',
    pcode: '',
    placeName: '',
  });
  const [fundId, setFundId] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });
  const submit = async () => {
    setProblem(null);
    try {
      await api('POST', '/api/projects', {
        idempotencyKey: key,
        body: {
          code: v.code.trim().toUpperCase(),
          title: v.title,
          kind: v.kind,
          status: v.status,
          fundId,
          country: v.country.trim().toUpperCase(),
          sector: v.sector,
          startDate: v.startDate,
          endDate: v.endDate,
          budget: readDecimal(v.budget, i18n.language),
          currency: v.currency.trim().toUpperCase(),
          usdRate: readDecimal(v.usdRate, i18n.language),
          partners: [
            { name: v.partner, type: v.partnerType, role: 'implementing' },
            ...(v.donor.trim() ? [{ name: v.donor.trim(), type: 'Donor', role: 'funding' }] : []),
          ],
          places: [{ pcode: v.pcode.trim().toUpperCase(), name: v.placeName, adminLevel: 1 }],
          targets: [],
        },
      });
      setKey(newIdempotencyKey());
      onCreated();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <form
      className="form"
      data-testid="project-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('projects.newProject')}</h2>
      <TextField label={t('projects.code')} name="code" value={v.code} onChange={set('code')} required dir="ltr" />
      <TextField label={t('projects.titleField')} name="title" value={v.title} onChange={set('title')} required />
      <SelectField
        label={t('projects.kind')}
        name="kind"
        value={v.kind}
        onChange={set('kind')}
        options={KINDS.map((k) => ({ value: k, label: t(`projects.kinds.${k}`) }))}
      />
      <SelectField
        label={t('projects.status')}
        name="status"
        value={v.status}
        onChange={set('status')}
        options={STATUSES.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) }))}
      />
      <CountrySelect
        label={t('projects.country')}
        name="country"
        value={v.country}
        onChange={set('country')}
        emptyLabel={t('common.choose')}
        required
      />
      <RecordPicker label={t('projects.fund')} name="fundId" source={fundSource} value={fundId} onChange={setFundId} />
      <TextField label={t('projects.sector')} name="sector" value={v.sector} onChange={set('sector')} required />
      <DateRangeFields
        start={{ label: t('projects.startDate'), name: 'startDate', value: v.startDate, onChange: set('startDate') }}
        end={{ label: t('projects.endDate'), name: 'endDate', value: v.endDate, onChange: set('endDate') }}
      />
      <DecimalField label={t('projects.budget')} name="budget" value={v.budget} onChange={set('budget')} required />
      <CurrencySelect label={t('projects.currency')} name="currency" value={v.currency} onChange={set('currency')} />
      <DecimalField label={t('projects.usdRate')} name="usdRate" value={v.usdRate} onChange={set('usdRate')} />
      <TextField label={t('projects.partner')} name="partner" value={v.partner} onChange={set('partner')} required />
      <TextField
        label={t('projects.partnerType')}
        name="partnerType"
        value={v.partnerType}
        onChange={set('partnerType')}
        required
      />
      <TextField label={t('projects.donor')} name="donor" value={v.donor} onChange={set('donor')} />
      <PcodeField
        label={t('projects.pcode')}
        name="pcode"
        country={v.country}
        value={v.pcode}
        onChange={set('pcode')}
        required
      />
      <TextField
        label={t('projects.placeName')}
        name="placeName"
        value={v.placeName}
        onChange={set('placeName')}
        required
      />
      <FormStatus problem={problem} />
      <div className="form-actions">
        <button type="submit" className="button primary" data-testid="project-create">
          {t('projects.create')}
        </button>
      </div>
    </form>
  );
}

/** One project's reports by period, and the form to add one. */
function ProjectReports({ project, onChanged }: { project: Project; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const lng = i18n.language;
  const reports = useResource<{ items: ActivityReport[] }>(`/api/projects/${project.id}/reports`);
  const [v, setV] = useState({
    periodStart: '',
    periodEnd: '',
    activity: '',
    pcode: project.places[0]?.pcode ?? '',
    partner: project.partners.find((p) => p.role === 'implementing')?.name ?? '',
    targeted: '0',
    women: '0',
    men: '0',
    girls: '0',
    boys: '0',
  });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const set = (k: keyof typeof v) => (x: string) => setV({ ...v, [k]: x });
  const submit = async () => {
    setProblem(null);
    setNotice(null);
    try {
      await api('POST', `/api/projects/${project.id}/reports`, {
        idempotencyKey: newIdempotencyKey(),
        body: {
          periodStart: v.periodStart,
          periodEnd: v.periodEnd,
          activity: v.activity,
          pcode: v.pcode,
          partner: v.partner,
          targeted: Number(v.targeted),
          reached: { women: Number(v.women), men: Number(v.men), girls: Number(v.girls), boys: Number(v.boys) },
        },
      });
      reports.reload();
      onChanged();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <section aria-labelledby="project-reports" data-testid="project-reports">
      <h2 id="project-reports">
        {t('projects.reports')}
        {t('common.colon')} <bdi>{project.title}</bdi>
      </h2>
      {reports.data && reports.data.items.length === 0 && <p>{t('projects.noReports')}</p>}
      {reports.data && reports.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('projects.period')}</th>
                <th scope="col">{t('projects.activity')}</th>
                <th scope="col">{t('projects.place')}</th>
                <th scope="col">{t('projects.partner')}</th>
                <th scope="col">{t('projects.women')}</th>
                <th scope="col">{t('projects.men')}</th>
                <th scope="col">{t('projects.girls')}</th>
                <th scope="col">{t('projects.boys')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.data.items.map((r) => (
                <tr key={r.id}>
                  <td>
                    {formatCalendarDate(r.periodStart, lng)} – {formatCalendarDate(r.periodEnd, lng)}
                  </td>
                  <td>
                    <bdi>{r.activity}</bdi>
                  </td>
                  <td>
                    <bdi>{r.placeName}</bdi> (<bdi>{r.pcode}</bdi>)
                  </td>
                  <td>
                    <bdi>{r.partner}</bdi>
                  </td>
                  <td>{formatNumber(r.reached.women, lng)}</td>
                  <td>{formatNumber(r.reached.men, lng)}</td>
                  <td>{formatNumber(r.reached.girls, lng)}</td>
                  <td>{formatNumber(r.reached.boys, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canUse(user.roles, 'projectsReport') && (
        <form
          className="form"
          data-testid="report-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h3>{t('projects.newReport')}</h3>
          <DateRangeFields
            start={{
              label: t('projects.periodStart'),
              name: 'periodStart',
              value: v.periodStart,
              onChange: set('periodStart'),
            }}
            end={{ label: t('projects.periodEnd'), name: 'periodEnd', value: v.periodEnd, onChange: set('periodEnd') }}
          />
          <TextField
            label={t('projects.activity')}
            name="activity"
            value={v.activity}
            onChange={set('activity')}
            required
          />
          <SelectField
            label={t('projects.place')}
            name="pcode"
            value={v.pcode}
            onChange={set('pcode')}
            options={project.places.map((p) => ({ value: p.pcode, label: `${p.name} (${p.pcode})` }))}
          />
          <SelectField
            label={t('projects.partner')}
            name="partner"
            value={v.partner}
            onChange={set('partner')}
            options={project.partners.map((p) => ({ value: p.name, label: p.name }))}
          />
          {(['targeted', 'women', 'men', 'girls', 'boys'] as const).map((k) => (
            <TextField
              key={k}
              label={t(`projects.${k}`)}
              name={k}
              type="number"
              min={0}
              value={v[k]}
              onChange={set(k)}
            />
          ))}
          <FormStatus problem={problem} />
          <Notice message={notice} />
          <div className="form-actions">
            <button type="submit" className="button primary" data-testid="report-add">
              {t('projects.addReport')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Projects and partners' 5W: lists, filters, reports by period, figures and the 5W export. */
export function ProjectsPage() {
  const { t, i18n } = useTranslation();
  const { user } = useSignedIn();
  const lng = i18n.language;
  const [filters, setFilters] = useState<Filters>({ kind: '', status: '', country: '' });
  const [draft, setDraft] = useState<Filters>(filters);
  const [generation, setGeneration] = useState(0);
  const list = useResource<{ items: Project[]; next: string | null }>(
    `/api/projects${query({ kind: filters.kind || undefined, status: filters.status || undefined, country: filters.country || undefined })}`,
  );
  // After a change: the list read again, the figures panel mounted afresh.
  const changed = () => {
    setGeneration((g) => g + 1);
    list.reload();
  };
  const [selected, setSelected] = useState<string | null>(null);
  const [exportProblem, setExportProblem] = useState<Problem | null>(null);
  const project = list.data?.items.find((p) => p.id === selected) ?? null;
  const figures = canUse(user.roles, 'fundsFigures');
  return (
    <>
      <PageHeading title={t('projects.title')} testId="projects-title">
        {t('projects.title')}
      </PageHeading>
      <p className="lead">{t('projects.intro')}</p>
      {figures && <FiguresPanel key={generation} />}
      <form
        className="filters"
        data-testid="project-filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ ...draft, country: draft.country.trim().toUpperCase() });
        }}
      >
        <SelectField
          label={t('projects.kind')}
          name="kind"
          value={draft.kind}
          onChange={(kind) => setDraft({ ...draft, kind })}
          options={[
            { value: '', label: t('projects.all') },
            ...KINDS.map((k) => ({ value: k, label: t(`projects.kinds.${k}`) })),
          ]}
        />
        <SelectField
          label={t('projects.status')}
          name="status"
          value={draft.status}
          onChange={(status) => setDraft({ ...draft, status })}
          options={[
            { value: '', label: t('projects.all') },
            ...STATUSES.map((s) => ({ value: s, label: t(`projects.statuses.${s}`) })),
          ]}
        />
        <CountrySelect
          label={t('projects.country')}
          name="country"
          value={draft.country}
          onChange={(country) => setDraft({ ...draft, country })}
          emptyLabel={t('projects.all')}
        />
        <button type="submit" className="button secondary">
          {t('projects.filter')}
        </button>
      </form>
      {list.status === 'error' && <FormStatus problem={list.problem} />}
      {!list.data && list.status === 'loading' && <Loading />}
      {list.data && list.data.items.length === 0 && <p>{t('projects.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="project-list">
            <thead>
              <tr>
                <th scope="col">{t('projects.code')}</th>
                <th scope="col">{t('projects.titleField')}</th>
                <th scope="col">{t('projects.kind')}</th>
                <th scope="col">{t('projects.status')}</th>
                <th scope="col">{t('projects.period')}</th>
                <th scope="col">{t('projects.budgetUsd')}</th>
                <th scope="col">{t('projects.reached')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <bdi>{p.code}</bdi>
                  </td>
                  <td>
                    <bdi>{p.title}</bdi>
                  </td>
                  <td>{t(`projects.kinds.${p.kind}`)}</td>
                  <td>{t(`projects.statuses.${p.status}`)}</td>
                  <td>
                    {formatCalendarDate(p.startDate, lng)} – {formatCalendarDate(p.endDate, lng)}
                  </td>
                  <td>{formatNumber(Number(p.budgetUsd), lng)}</td>
                  <td>{formatNumber(total(p.reached), lng)}</td>
                  <td>
                    <button type="button" className="button secondary" onClick={() => setSelected(p.id)}>
                      {t('projects.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {project && <ProjectReports key={project.id} project={project} onChanged={changed} />}
      {figures && (
        <section aria-labelledby="export-5w">
          <h2 id="export-5w">{t('projects.export5w')}</h2>
          <FormStatus problem={exportProblem} />
          <div className="form-actions">
            {(['csv', 'xlsx'] as const).map((format) => (
              <button
                key={format}
                type="button"
                className="button secondary"
                data-testid={`export-5w-${format}`}
                onClick={() =>
                  void downloadExport(
                    '/api/projects/5w/export',
                    { format, ...(filters.country ? { country: filters.country } : {}) },
                    `5w.${format}`,
                  ).then(setExportProblem)
                }
              >
                {t(`projects.${format}`)}
              </button>
            ))}
          </div>
        </section>
      )}
      {canUse(user.roles, 'projectsManage') && <NewProjectForm onCreated={changed} />}
    </>
  );
}
