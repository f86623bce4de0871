import type { Agreement, AgreementList, LinkageProject, LinkageProjectList, Problem } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, newIdempotencyKey } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, SelectField, TextField } from '../components/fields.tsx';
import { CheckField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice, ProblemMessage } from '../components/problem-message.tsx';
import { formatCalendarDate, formatDateTime, isolate } from '../i18n/format.ts';

type Named = { id: string; name: string };

/** Linkage projects of the caller's organisation (all for platform administrators), and the agreements. */
export function LinkageProjectsPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const manage = canUse(session.user.roles, 'linkageManage');
  const list = useResource<LinkageProjectList>('/api/linkage-projects');
  const agreements = useResource<AgreementList>(
    canUse(session.user.roles, 'linkageAgreements') ? '/api/data-sharing-agreements' : null,
  );
  const orgs = useResource<{ items: Named[] }>(manage ? '/api/organisations?limit=200' : null);

  return (
    <>
      <PageHeading title={t('linkage.title')}>{t('linkage.title')}</PageHeading>
      <p>{t('linkage.intro')}</p>
      {list.status === 'error' && <ProblemMessage problem={list.problem} />}
      {list.status === 'loading' && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <p data-testid="linkage-empty">{t('linkage.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <ul className="card-list" data-testid="linkage-projects">
          {list.data.items.map((p) => (
            <ProjectCard key={p.id} project={p} lng={i18n.language} />
          ))}
        </ul>
      )}
      {manage && orgs.data && <CreateProject organisations={orgs.data.items} onCreated={list.reload} />}
      {agreements.data && (
        <section aria-labelledby="agreements-title">
          <h2 id="agreements-title">{t('linkage.agreements.title')}</h2>
          <p>{t('linkage.agreements.intro')}</p>
          {agreements.data.items.length === 0 ? (
            <p>{t('linkage.agreements.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="agreements">
                <thead>
                  <tr>
                    <th scope="col">{t('linkage.agreements.between')}</th>
                    <th scope="col">{t('linkage.agreements.period')}</th>
                  </tr>
                </thead>
                <tbody>
                  {agreements.data.items.map((a: Agreement) => (
                    <tr key={a.id}>
                      <td>
                        <bdi>{a.organisationAName}</bdi> – <bdi>{a.organisationBName}</bdi>
                      </td>
                      <td>
                        {formatCalendarDate(a.startsOn, i18n.language)}{' '}
                        {a.endsOn
                          ? t('linkage.agreements.until', { date: formatCalendarDate(a.endsOn, i18n.language) })
                          : t('linkage.agreements.openEnded')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {manage && orgs.data && (
            <RecordAgreementForm organisations={orgs.data.items} onRecorded={agreements.reload} />
          )}
        </section>
      )}
    </>
  );
}

function ProjectCard({ project: p, lng }: { project: LinkageProject; lng: string }) {
  const { t } = useTranslation();
  return (
    <li className="card">
      <h2>
        <Link to={`/linkage-projects/${p.id}`}>
          <bdi>{p.name}</bdi>
        </Link>
      </h2>
      <p>
        {t('linkage.members')}
        {t('common.colon')} {p.members.map((m) => isolate(m.name)).join(t('common.separator'))}
      </p>
      <p>
        {t('linkage.matchedAt')}
        {t('common.colon')} {p.matchedAt ? formatDateTime(p.matchedAt, lng) : t('linkage.never')}
      </p>
    </li>
  );
}

function CreateProject({ organisations, onCreated }: { organisations: Named[]; onCreated: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [custody, setCustody] = useState<'platform' | 'organisations'>('platform');
  const [threshold, setThreshold] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [key] = useState(newIdempotencyKey);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      await api('POST', '/api/linkage-projects', {
        idempotencyKey: `${key}-${name}-${members.join(',')}`,
        body: {
          name,
          memberOrganisationIds: members,
          secretCustody: custody,
          ...(threshold ? { threshold: Number(threshold) } : {}),
        },
      });
      setNotice(t('linkage.create.created'));
      setName('');
      setMembers([]);
      onCreated();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby="create-project-title" data-testid="create-linkage-project">
      <h2 id="create-project-title">{t('linkage.create.title')}</h2>
      <TextField label={t('linkage.create.name')} name="name" value={name} onChange={setName} required />
      <fieldset>
        <legend>{t('linkage.create.members')}</legend>
        {organisations.map((o) => (
          <CheckField
            key={o.id}
            label={o.name}
            name={`member-${o.id}`}
            checked={members.includes(o.id)}
            onChange={(on) => setMembers((m) => (on ? [...m, o.id] : m.filter((x) => x !== o.id)))}
          />
        ))}
      </fieldset>
      <SelectField
        label={t('linkage.create.custody')}
        name="custody"
        value={custody}
        onChange={(v) => setCustody(v === 'organisations' ? 'organisations' : 'platform')}
        options={[
          { value: 'platform', label: t('linkage.custodyPlatform') },
          { value: 'organisations', label: t('linkage.custodyOrganisations') },
        ]}
      />
      <TextField
        label={t('linkage.create.threshold')}
        name="threshold"
        value={threshold}
        onChange={setThreshold}
        inputMode="decimal"
        dir="ltr"
      />
      <FormActions>
        <button className="button primary" type="submit">
          {t('linkage.create.submit')}
        </button>
      </FormActions>
      <FormStatus problem={problem} />
      <Notice message={notice} />
    </form>
  );
}

function RecordAgreementForm({ organisations, onRecorded }: { organisations: Named[]; onRecorded: () => void }) {
  const { t } = useTranslation();
  const options = organisations.map((o) => ({ value: o.id, label: o.name }));
  const [a, setA] = useState(options[0]?.value ?? '');
  const [b, setB] = useState(options[1]?.value ?? '');
  const [startsOn, setStartsOn] = useState(new Date().toISOString().slice(0, 10));
  const [endsOn, setEndsOn] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      await api('POST', '/api/data-sharing-agreements', {
        idempotencyKey: newIdempotencyKey(),
        body: { organisationAId: a, organisationBId: b, purpose: 'record_linkage', startsOn, endsOn: endsOn || null },
      });
      setNotice(t('linkage.agreements.recorded'));
      onRecorded();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  return (
    <form onSubmit={submit} data-testid="record-agreement">
      <h3>{t('linkage.agreements.record')}</h3>
      <SelectField label={t('linkage.agreements.organisationA')} name="a" value={a} onChange={setA} options={options} />
      <SelectField label={t('linkage.agreements.organisationB')} name="b" value={b} onChange={setB} options={options} />
      <TextField
        label={t('linkage.agreements.startsOn')}
        name="startsOn"
        type="date"
        value={startsOn}
        onChange={setStartsOn}
      />
      <TextField label={t('linkage.agreements.endsOn')} name="endsOn" type="date" value={endsOn} onChange={setEndsOn} />
      <FormActions>
        <button className="button primary" type="submit">
          {t('linkage.agreements.submit')}
        </button>
      </FormActions>
      <FormStatus problem={problem} />
      <Notice message={notice} />
    </form>
  );
}
