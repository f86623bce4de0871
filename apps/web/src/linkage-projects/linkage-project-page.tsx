import { isRegistryField, type LinkageProject, type LinkageResults, type Problem } from '@corridor/contracts';
import { type ChangeEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FilePicker } from '../components/file-picker.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice, ProblemMessage } from '../components/problem-message.tsx';
import { formatDateTime, formatNumber } from '../i18n/format.ts';

/** One linkage project: its members and set-up, the caller's encodings, and the caller's own results. */
export function LinkageProjectPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const project = useResource<LinkageProject>(`/api/linkage-projects/${encodeURIComponent(id)}`);
  const p = project.data;
  const member = p?.members.find((m) => m.organisationId === session.organisation.id) ?? null;
  const results = useResource<LinkageResults>(
    member && canUse(session.user.roles, 'linkageResults')
      ? `/api/linkage-projects/${encodeURIComponent(id)}/results`
      : null,
  );
  const lng = i18n.language;

  return (
    <>
      <PageHeading title={p?.name ?? t('linkage.title')}>{p ? <bdi>{p.name}</bdi> : t('linkage.title')}</PageHeading>
      <p>
        <Link to="/linkage-projects">{t('linkage.title')}</Link>
      </p>
      {project.status === 'error' && <ProblemMessage problem={project.problem} />}
      {!p && project.status === 'loading' && <Loading />}
      {p && (
        <>
          <dl className="facts">
            <dt>{t('linkage.fields')}</dt>
            <dd>
              {p.features.map((f, i) => (
                <span key={f}>
                  {i > 0 && t('common.separator')}
                  {isRegistryField(f) ? t(`linkage.field.${f}`) : <bdi dir="ltr">{f}</bdi>}
                </span>
              ))}
            </dd>
            <dt>{t('linkage.threshold')}</dt>
            <dd>{formatNumber(p.threshold, lng)}</dd>
            <dt>{t('linkage.hardening')}</dt>
            <dd>
              {p.balanced ? t('linkage.balanced') : t('linkage.plain')}
              {p.xorFolds > 0 ? `, ${t('linkage.xorFolds', { count: p.xorFolds })}` : ''}
            </dd>
            <dt>{t('linkage.custody')}</dt>
            <dd>{p.secretCustody === 'platform' ? t('linkage.custodyPlatform') : t('linkage.custodyOrganisations')}</dd>
            <dt>{t('linkage.matchedAt')}</dt>
            <dd>{p.matchedAt ? formatDateTime(p.matchedAt, lng) : t('linkage.never')}</dd>
          </dl>
          <h2>{t('linkage.members')}</h2>
          <ul data-testid="linkage-members">
            {p.members.map((m) => (
              <li key={m.organisationId}>
                <bdi>{m.name}</bdi>:{' '}
                {m.encodedAt ? t('linkage.encoded', { count: m.encodedCount }) : t('linkage.notEncoded')}
                {m.source === 'file' ? ` (${t('linkage.sourceFile')})` : ''}
                {m.encodeRequestedAt ? ` · ${t('linkage.pending')}` : ''}
              </li>
            ))}
          </ul>
          {member && canUse(session.user.roles, 'linkageEncode') && (
            <Encodings
              project={p}
              encodedCount={member.encodedAt ? member.encodedCount : null}
              onChange={project.reload}
            />
          )}
          {results.data && <Results results={results.data} />}
          {results.status === 'error' && <ProblemMessage problem={results.problem} />}
        </>
      )}
    </>
  );
}

/** What the page read of a chosen encodings file before anything is sent. */
type PickedFile = { file: File; body: unknown; records: number; bits: number };

/** The file's keys, named for people (a problem from the server points at them). */
const FILE_KEYS = ['format', 'bits', 'schemaDigest', 'ids', 'clks'] as const;

/**
 * Reads a chosen file as an encodings file: JSON, the format `corridor linkage encode` writes, as many ids as
 * encodings. Answers the reason it is not, as a message key, or what it holds.
 */
async function readEncodingsFile(
  file: File,
): Promise<{ ok: true; picked: PickedFile } | { ok: false; reason: 'badFile' | 'notEncodings' | 'lengths' }> {
  let body: unknown;
  try {
    body = JSON.parse(await file.text());
  } catch {
    return { ok: false, reason: 'badFile' };
  }
  const f = body as Partial<Record<(typeof FILE_KEYS)[number], unknown>> | null;
  if (!f || typeof f !== 'object' || f.format !== 'corridor-clk/1') return { ok: false, reason: 'notEncodings' };
  if (!Array.isArray(f.ids) || !Array.isArray(f.clks) || f.ids.length !== f.clks.length)
    return { ok: false, reason: 'lengths' };
  return { ok: true, picked: { file, body, records: f.ids.length, bits: typeof f.bits === 'number' ? f.bits : 0 } };
}

function Encodings({
  project,
  encodedCount,
  onChange,
}: {
  project: LinkageProject;
  /** How many encodings the caller's organisation holds now (null: none yet). */
  encodedCount: number | null;
  onChange: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<File | null>(null);
  const [picked, setPicked] = useState<PickedFile | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/api/linkage-projects/${encodeURIComponent(project.id)}`;
  const labels = Object.fromEntries(FILE_KEYS.map((k) => [k, t(`linkage.project.fileKeys.${k}`)]));

  const encode = async () => {
    setProblem(null);
    try {
      await api('POST', `${base}/encode`);
      setNotice(t('linkage.project.encodeRequested'));
      onChange();
    } catch (err) {
      setProblem(problemOf(err));
    }
  };
  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // (the same file may be chosen again)
    setProblem(null);
    setNotice(null);
    setFileError(null);
    setPicked(null);
    setChosen(file ?? null);
    if (!file) return;
    const read = await readEncodingsFile(file);
    if (read.ok) setPicked(read.picked);
    else setFileError(t(`linkage.project.${read.reason}`));
  };
  const send = async () => {
    if (!picked) return;
    setBusy(true);
    setProblem(null);
    try {
      const r = await api<{ records: number }>('PUT', `${base}/encodings`, { body: picked.body });
      setNotice(t('linkage.project.imported', { count: r.data.records }));
      setPicked(null);
      setChosen(null);
      onChange();
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    setPicked(null);
    setChosen(null);
    setProblem(null);
  };
  return (
    <section aria-labelledby="encodings-title">
      <h2 id="encodings-title">{t('linkage.project.encodeTitle')}</h2>
      {project.secretCustody === 'platform' && (
        <>
          <p>{t('linkage.project.encodeHelp')}</p>
          <p>
            <button className="button primary" type="button" onClick={encode} data-testid="linkage-encode">
              {t('linkage.project.encode')}
            </button>
          </p>
        </>
      )}
      <p>
        <a href={`${base}/encodings`} download data-testid="linkage-export">
          {t('linkage.project.exportFile')}
        </a>
      </p>
      <div className="field">
        <label htmlFor="linkage-import">{t('linkage.project.importFile')}</label>
        <p className="hint" id="linkage-import-hint">
          {t('linkage.project.importHelp')}
        </p>
        <FilePicker
          file={chosen}
          id="linkage-import"
          accept="application/json,.json"
          aria-describedby={fileError ? 'linkage-import-hint linkage-import-error' : 'linkage-import-hint'}
          aria-invalid={fileError ? true : undefined}
          onChange={choose}
        />
        {fileError && (
          <ul className="field-issues" id="linkage-import-error" role="alert" data-testid="linkage-file-error">
            <li>{fileError}</li>
          </ul>
        )}
      </div>
      {picked && (
        <div data-testid="linkage-import-confirm">
          <p>
            {t('linkage.project.fileHolds', { records: formatNumber(picked.records, i18n.language) })}{' '}
            {encodedCount !== null
              ? t('linkage.project.replaces', { records: formatNumber(encodedCount, i18n.language) })
              : t('linkage.project.firstEncodings')}
          </p>
          <p className="form-actions">
            <button
              className="button primary"
              type="button"
              disabled={busy}
              onClick={send}
              data-testid="linkage-import-send"
            >
              {t('linkage.project.send')}
            </button>
            <button className="button secondary" type="button" disabled={busy} onClick={cancel}>
              {t('common.cancel')}
            </button>
          </p>
        </div>
      )}
      <FormStatus problem={problem} labels={labels} />
      <Notice message={notice} />
    </section>
  );
}

function Results({ results }: { results: LinkageResults }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t('linkage.project.resultsTitle')}</h2>
      <p>{t('linkage.project.resultsHelp')}</p>
      {results.items.length === 0 ? (
        <p data-testid="linkage-results-empty">{t('linkage.project.resultsEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="linkage-results">
            <thead>
              <tr>
                <th scope="col">{t('linkage.project.person')}</th>
                <th scope="col">{t('linkage.project.partners')}</th>
                <th scope="col">{t('linkage.project.action')}</th>
              </tr>
            </thead>
            <tbody>
              {results.items.map((r) => (
                <tr key={r.recordRef}>
                  <td>
                    {r.displayName ? (
                      <bdi>{r.displayName}</bdi>
                    ) : (
                      <>
                        {t('linkage.project.record')}{' '}
                        <bdi dir="ltr" className="muted">
                          {r.recordRef}
                        </bdi>
                      </>
                    )}
                  </td>
                  <td>
                    {r.partners.map((p, i) => (
                      <span key={p.organisationId}>
                        {i > 0 ? t('common.separator') : ''}
                        <bdi>{p.name}</bdi>
                      </span>
                    ))}
                  </td>
                  <td>
                    {r.caseId ? (
                      <Link to={`/cases/${r.caseId}`}>{t('linkage.project.refer')}</Link>
                    ) : r.beneficiaryId ? (
                      <Link to={`/people/${r.beneficiaryId}`}>{t('linkage.project.openPerson')}</Link>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
