import type { Beneficiary, BeneficiarySummary, CandidatePair, Problem } from '@corridor/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { type ResourceHandle, useResource } from '../api/use-resource.ts';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { ConfirmBox } from '../components/confirm-box.tsx';
import { SelectField } from '../components/fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { formatCalendarDate, formatDateTime, formatNumber, isolate } from '../i18n/format.ts';
import { DocumentLines } from '../people/person-facts.tsx';
import { SummaryName } from '../people/person-name.tsx';
import { countryName } from '../places/countries.ts';

const STATUSES = ['open', 'merged', 'distinct'] as const;
type Status = (typeof STATUSES)[number];
type FieldKey = keyof typeof import('./messages/en.ts').en.duplicates.fields;
type LevelKey = keyof typeof import('./messages/en.ts').en.duplicates.levels;

/** A record's id as the page shows it: its first eight characters, enough to tell two records apart. */
const shortId = (id: string) => id.slice(0, 8);

/**
 * Which record of a pair a merge keeps, by the server's rule (decidePair in apps/server/src/linkage/review.service.ts):
 * the one registered first, comparing the registration timestamps as the server does; on a tie, the pair's first
 * record. `tie` says the two were registered at the same moment (an import), so "older" would not be true. Null
 * while either record is unknown (still loading, or not readable on its own).
 */
function survivorOf(a: Beneficiary | null, b: Beneficiary | null): { kept: 'a' | 'b'; tie: boolean } | null {
  if (!a || !b) return null;
  return { kept: a.createdAt <= b.createdAt ? 'a' : 'b', tie: a.createdAt === b.createdAt };
}

/** Each person of a pair with the record read in full, and the part they play in a merge (once known). */
type Side = {
  person: BeneficiarySummary;
  record: ResourceHandle<Beneficiary>;
  heading: string;
  role: 'kept' | 'merged' | null;
};

/** One person of a pair: what identifies them and tells them from the other, and a link to their record. */
function PersonFacts({ side, tie }: { side: Side; tie: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const { person, record, heading, role } = side;
  const full = record.data;
  // Facts only the full record holds: while it loads, an ellipsis; when it cannot be read, a dash.
  const pending = record.status === 'loading' ? '…' : '—';
  return (
    <div className="pair-person" data-testid="pair-person" data-person={person.id} data-role={role ?? undefined}>
      <h4>{heading}</h4>
      {role && (
        <p className={role === 'kept' ? 'notice ok' : 'notice'} data-testid="pair-role">
          <strong>
            {role === 'kept'
              ? t(tie ? 'duplicates.keptTie' : 'duplicates.kept')
              : t(tie ? 'duplicates.mergedIntoTie' : 'duplicates.mergedInto')}
          </strong>
        </p>
      )}
      <p>
        <Link to={`/people/${person.id}`}>
          {person.anonymised ? <SummaryName person={person} /> : <bdi>{person.nameLatin}</bdi>}
        </Link>
      </p>
      <dl className="facts">
        <dt>{t('duplicates.recordId')}</dt>
        <dd data-testid="pair-record-id">
          <bdi dir="ltr">{shortId(person.id)}</bdi>
        </dd>
        <dt>{t('duplicates.registered')}</dt>
        <dd data-testid="pair-registered">{full ? formatDateTime(full.createdAt, lng) : pending}</dd>
        {person.nameOriginal && (
          <>
            <dt>{t('duplicates.original')}</dt>
            <dd>
              <bdi>{person.nameOriginal}</bdi>
            </dd>
          </>
        )}
        <dt>{t('duplicates.born')}</dt>
        <dd>{person.dateOfBirth ? formatCalendarDate(person.dateOfBirth, lng) : '—'}</dd>
        <dt>{t('duplicates.sex')}</dt>
        <dd>{person.sex ? t(`sexes.${person.sex}`) : '—'}</dd>
        <dt>{t('duplicates.nationality')}</dt>
        <dd>{person.citizenships.map((c) => countryName(c, lng)).join(t('common.separator')) || '—'}</dd>
        <dt>{t('duplicates.documents')}</dt>
        <dd>{!full ? pending : full.documents.length === 0 ? '—' : <DocumentLines documents={full.documents} />}</dd>
        <dt>{t('duplicates.phone')}</dt>
        <dd>{!full ? pending : full.phone ? <bdi dir="ltr">{full.phone}</bdi> : '—'}</dd>
      </dl>
      {record.status === 'error' && !full && <p className="muted">{t('duplicates.recordUnavailable')}</p>}
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

/**
 * One pair with its explanation and the decisions open to the caller. Both records are read in full, for what tells
 * them apart (registration time, documents, phone) and for which one a merge keeps; a merge or its undoing is
 * confirmed first, naming both records.
 */
function PairCard({ pair, onChanged }: { pair: CandidatePair; onChanged: (message: string) => void }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const session = useSignedIn();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<'merge' | 'unmerge' | null>(null);
  // The button that opened the confirmation takes the focus back when it is cancelled.
  const opener = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (confirming === null && refocus.current) {
      refocus.current = false;
      opener.current?.focus();
    }
  }, [confirming]);
  const cancel = () => {
    refocus.current = true;
    setProblem(null);
    setConfirming(null);
  };
  const recordA = useResource<Beneficiary>(`/api/beneficiaries/${encodeURIComponent(pair.a.id)}`);
  const recordB = useResource<Beneficiary>(`/api/beneficiaries/${encodeURIComponent(pair.b.id)}`);
  const survivor = survivorOf(recordA.data, recordB.data);
  const roleOf = (x: 'a' | 'b') => (survivor ? (survivor.kept === x ? 'kept' : 'merged') : null);
  const a: Side = { person: pair.a, record: recordA, heading: t('duplicates.personA'), role: roleOf('a') };
  const b: Side = { person: pair.b, record: recordB, heading: t('duplicates.personB'), role: roleOf('b') };
  const kept = survivor ? (survivor.kept === 'a' ? a : b) : null;
  const mergedSide = survivor ? (survivor.kept === 'a' ? b : a) : null;
  // A record as a confirmation names it: which of the two, the name, the short id and when it was registered.
  const describe = (side: Side) =>
    t('duplicates.recordRef', {
      heading: side.heading,
      // An anonymised person's stored name is one English name for all of them: worded in the page's language.
      name: side.person.anonymised ? t('subjectRights.anonymisedName') : isolate(side.person.nameLatin),
      id: isolate(shortId(side.person.id)),
      registered: side.record.data ? formatDateTime(side.record.data.createdAt, lng) : '—',
    });

  const run = async (fn: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setProblem(null);
    try {
      await fn();
      setConfirming(null);
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
          // The record the confirmation named as kept is the one kept, whatever the server's default.
          body: decision === 'same' && kept ? { decision, survivorId: kept.person.id } : { decision },
          ifMatch: `"v${pair.version}"`,
        }),
      decision === 'same' ? t('duplicates.merged') : t('duplicates.markedDistinct'),
    );
  const unmerge = () => run(() => api('POST', `/api/linkage/merges/${pair.mergeId}/unmerge`), t('duplicates.unmerged'));
  const percent = new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 1 });
  const confirmId = `confirm-${pair.id}`;
  return (
    <li className="card" data-testid="duplicate-pair" data-pair={pair.id}>
      <p>
        <strong>{t('duplicates.probability', { p: percent.format(pair.probability) })}</strong> ·{' '}
        {t(`duplicates.foundBy.${pair.foundBy}`)}
      </p>
      <div className="pair-people">
        <PersonFacts side={a} tie={survivor?.tie ?? false} />
        <PersonFacts side={b} tie={survivor?.tie ?? false} />
      </div>
      <Explanation pair={pair} />
      <FormStatus problem={confirming ? null : problem} />
      {confirming === 'merge' && (
        <ConfirmBox
          id={confirmId}
          title={t('duplicates.confirmMerge.title')}
          confirmLabel={t('duplicates.confirmMerge.submit')}
          busy={busy}
          problem={problem}
          onConfirm={() => void decide('same')}
          onCancel={cancel}
          testId="confirm-merge"
        >
          {kept && mergedSide ? (
            <ul>
              <li data-testid="confirm-merge-kept">{t('duplicates.confirmMerge.kept', { record: describe(kept) })}</li>
              <li data-testid="confirm-merge-merged">
                {t('duplicates.confirmMerge.mergedInto', { record: describe(mergedSide) })}
              </li>
            </ul>
          ) : (
            <p>{t('duplicates.confirmMerge.olderKept')}</p>
          )}
          <p>{t('duplicates.confirmMerge.moves')}</p>
        </ConfirmBox>
      )}
      {confirming === 'unmerge' && (
        <ConfirmBox
          id={confirmId}
          title={t('duplicates.confirmUnmerge.title')}
          confirmLabel={t('duplicates.unmerge')}
          busy={busy}
          problem={problem}
          onConfirm={() => void unmerge()}
          onCancel={cancel}
          testId="confirm-unmerge"
        >
          {kept && mergedSide && (
            <ul>
              <li data-testid="confirm-unmerge-kept">
                {t('duplicates.confirmUnmerge.kept', { record: describe(kept) })}
              </li>
              <li data-testid="confirm-unmerge-merged">
                {t('duplicates.confirmUnmerge.merged', { record: describe(mergedSide) })}
              </li>
            </ul>
          )}
          <p>{t('duplicates.confirmUnmerge.text')}</p>
        </ConfirmBox>
      )}
      {!confirming && (
        <div className="actions">
          {pair.status === 'open' && (
            <>
              <button
                className="button primary"
                type="button"
                data-testid="decide-same"
                ref={opener}
                disabled={busy}
                onClick={() => {
                  setProblem(null);
                  setConfirming('merge');
                }}
              >
                {t('duplicates.same')}
              </button>
              <button
                type="button"
                className="button secondary"
                data-testid="decide-distinct"
                disabled={busy}
                onClick={() => void decide('distinct')}
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
                void run(
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
              ref={opener}
              disabled={busy}
              onClick={() => {
                setProblem(null);
                setConfirming('unmerge');
              }}
            >
              {t('duplicates.unmerge')}
            </button>
          )}
        </div>
      )}
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
