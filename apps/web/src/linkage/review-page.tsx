import type { BeneficiarySummary, CandidatePair, Problem } from '@corridor/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { SelectField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatCalendarDate, formatNumber } from '../i18n/format.ts';

const STATUSES = ['open', 'merged', 'distinct'] as const;
type Status = (typeof STATUSES)[number];
type FieldKey = keyof typeof import('./messages/en.ts').en.duplicates.fields;
type LevelKey = keyof typeof import('./messages/en.ts').en.duplicates.levels;

/** One person of a pair: what identifies them, and a link to their record. */
function PersonFacts({ person, heading }: { person: BeneficiarySummary; heading: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="pair-person">
      <h4>{heading}</h4>
      <p>
        <Link to={`/people/${person.id}`}>
          <bdi>{person.nameLatin}</bdi>
        </Link>
      </p>
      <dl className="facts">
        {person.nameOriginal && (
          <>
            <dt>{t('duplicates.original')}</dt>
            <dd>
              <bdi>{person.nameOriginal}</bdi>
            </dd>
          </>
        )}
        <dt>{t('duplicates.born')}</dt>
        <dd>{person.dateOfBirth ? formatCalendarDate(person.dateOfBirth, i18n.language) : '—'}</dd>
        <dt>{t('duplicates.sex')}</dt>
        <dd>{person.sex ? t(`sexes.${person.sex}`) : '—'}</dd>
      </dl>
    </div>
  );
}

/** The explanation of a pair's score: each field's comparison level and weight. */
function Explanation({ pair }: { pair: CandidatePair }) {
  const { t, i18n } = useTranslation();
  const n = (x: number) => formatNumber(Math.round(x * 10) / 10, i18n.language);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="pair-explanation">
        <caption>{t('duplicates.explanation')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('duplicates.field')}</th>
            <th scope="col">{t('duplicates.comparison')}</th>
            <th scope="col">{t('duplicates.weight')}</th>
          </tr>
        </thead>
        <tbody>
          {pair.explanation.fields.map((f) => (
            <tr key={f.field} data-field={f.field} data-level={f.level}>
              <th scope="row">{t(`duplicates.fields.${f.field as FieldKey}`)}</th>
              <td>{t(`duplicates.levels.${f.level as LevelKey}`)}</td>
              <td>
                {n(f.weight)}
                {f.tfAdjustment !== 0 && ` (${t('duplicates.rarity')} ${n(f.tfAdjustment)})`}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={3}>
              {t('duplicates.total', { w: n(pair.explanation.weight), prior: n(pair.explanation.priorWeight) })}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** One pair with its explanation and the decisions open to the caller. */
function PairCard({ pair, onChanged }: { pair: CandidatePair; onChanged: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setProblem(null);
    try {
      await fn();
      onChanged(message);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  const decide = (decision: 'same' | 'distinct') =>
    run(
      () =>
        api('POST', `/api/linkage/candidates/${pair.id}/decision`, {
          body: { decision },
          ifMatch: `"v${pair.version}"`,
        }),
      decision === 'same' ? t('duplicates.merged') : t('duplicates.markedDistinct'),
    );
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <li className="card" data-testid="duplicate-pair" data-pair={pair.id}>
      <p>
        <strong>{t('duplicates.probability', { p: percent.format(pair.probability) })}</strong> ·{' '}
        {t(`duplicates.foundBy.${pair.foundBy}`)}
      </p>
      <div className="pair-people">
        <PersonFacts person={pair.a} heading={t('duplicates.personA')} />
        <PersonFacts person={pair.b} heading={t('duplicates.personB')} />
      </div>
      <Explanation pair={pair} />
      <FormStatus problem={problem} />
      <div className="actions">
        {pair.status === 'open' && (
          <>
            <button
              className="button primary"
              type="button"
              data-testid="decide-same"
              disabled={busy}
              onClick={() => decide('same')}
            >
              {t('duplicates.same')}
            </button>
            <button
              type="button"
              className="button secondary"
              data-testid="decide-distinct"
              disabled={busy}
              onClick={() => decide('distinct')}
            >
              {t('duplicates.distinct')}
            </button>
          </>
        )}
        {pair.status === 'distinct' && (
          <button
            type="button"
            className="button secondary"
            data-testid="reopen"
            disabled={busy}
            onClick={() =>
              run(
                () => api('POST', `/api/linkage/candidates/${pair.id}/reopen`, { ifMatch: `"v${pair.version}"` }),
                t('duplicates.reopened'),
              )
            }
          >
            {t('duplicates.reopen')}
          </button>
        )}
        {pair.status === 'merged' && pair.mergeId && canUse(session.user.roles, 'supervise') && (
          <button
            type="button"
            className="button secondary"
            data-testid="unmerge"
            disabled={busy}
            onClick={() =>
              run(() => api('POST', `/api/linkage/merges/${pair.mergeId}/unmerge`), t('duplicates.unmerged'))
            }
          >
            {t('duplicates.unmerge')}
          </button>
        )}
      </div>
    </li>
  );
}

/** The review queue of possible duplicates (docs/linkage.md). */
export function DuplicatesPage() {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const [status, setStatus] = useState<Status>('open');
  const [message, setMessage] = useState<string | null>(null);
  const [scanProblem, setScanProblem] = useState<Problem | null>(null);
  const [scanning, setScanning] = useState(false);
  const pairs = useResource<{ items: CandidatePair[]; total: number }>(`/api/linkage/candidates?status=${status}`);
  const changed = (m: string) => {
    setMessage(m);
    pairs.reload();
  };
  const scan = async () => {
    setScanning(true);
    setScanProblem(null);
    try {
      const r = await api<{ people: number; proposed: number }>('POST', '/api/linkage/scan');
      changed(
        t('duplicates.scanned', {
          people: formatNumber(r.data.people, i18n.language),
          proposed: formatNumber(r.data.proposed, i18n.language),
        }),
      );
    } catch (err) {
      setScanProblem(problemOf(err));
    } finally {
      setScanning(false);
    }
  };
  return (
    <>
      <PageHeading title={t('duplicates.title')} testId="duplicates-heading">
        {t('duplicates.title')}
      </PageHeading>
      <p className="lead">{t('duplicates.intro')}</p>
      <SelectField
        label={t('duplicates.status')}
        name="status"
        value={status}
        onChange={(v) => setStatus(v as Status)}
        options={STATUSES.map((s) => ({ value: s, label: t(`duplicates.statuses.${s}`) }))}
      />
      {canUse(session.user.roles, 'supervise') && (
        <p>
          <button type="button" className="button secondary" data-testid="scan" disabled={scanning} onClick={scan}>
            {scanning ? t('duplicates.scanning') : t('duplicates.scan')}
          </button>
        </p>
      )}
      <FormStatus problem={scanProblem} />
      <Notice message={message} />
      {!pairs.data ? (
        pairs.status === 'error' ? (
          <FormStatus problem={pairs.problem} />
        ) : (
          <Loading />
        )
      ) : pairs.data.items.length === 0 ? (
        <p data-testid="no-pairs">{t('duplicates.none')}</p>
      ) : (
        <>
          <p>{t('duplicates.count', { count: pairs.data.total })}</p>
          <ul className="cards" data-testid="duplicate-pairs">
            {pairs.data.items.map((p) => (
              <PairCard key={`${p.id}-${p.version}`} pair={p} onChanged={changed} />
            ))}
          </ul>
        </>
      )}
    </>
  );
}
