import type { Beneficiary, Problem } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { problemOf } from '../api/problem.ts';
import { Link } from '../app/router.tsx';
import { canUse } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, SelectField } from '../components/fields.tsx';
import { CheckField, RadioGroup } from '../components/form-fields.tsx';
import { FormStatus, Notice } from '../components/problem-message.tsx';
import { useAction } from '../protection/use-action.ts';
import { PersonRequests } from './subject-rights-requests.tsx';

/** The reason codes the server accepts (a code, never free text: it is audited and must identify no one). */
const REASONS = ['subject_request', 'consent_withdrawn', 'retention', 'legal_obligation', 'other'] as const;
type Reason = (typeof REASONS)[number];
type Mode = 'erase' | 'anonymise';

/** What the server answers after an erasure: per store, how many rows were removed or blanked. */
type ErasureResult = { mode: Mode; counts: Record<string, number> };

/** Says on the person's page that the record is anonymised and why it offers no editing. */
export function AnonymisedNotice() {
  const { t } = useTranslation();
  return (
    <p className="notice" data-testid="person-anonymised">
      {t('subjectRights.anonymisedRecord')}
    </p>
  );
}

/**
 * The person's rights over their data (docs/subject-rights.md), for supervisors only (the server refuses anyone
 * else): download everything held about them, and erase or anonymise them everywhere after a confirmation that
 * names the consequences.
 */
export function SubjectRightsPanel({
  person,
  etag,
  onDone,
  onConflict,
}: {
  person: Beneficiary;
  etag: string | null;
  onDone: (result: ErasureResult) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const { user } = useSignedIn();
  // A person with a sensitive case: the colleague on it files their requests, another supervisor decides them.
  if (!canUse(user.roles, 'supervise'))
    return person.restricted && canUse(user.roles, 'protection') ? <PersonRequests person={person} /> : null;
  return (
    <section aria-labelledby="subject-rights-title" className="panel" data-testid="subject-rights">
      <h2 id="subject-rights-title">{t('subjectRights.title')}</h2>
      <p>{t('subjectRights.intro')}</p>
      <ExportAll person={person} />
      <div>
        <h3>{t('subjectRights.copyLinkTitle')}</h3>
        <p>{t('subjectRights.copyLinkText')}</p>
        <Link
          to={`/people/${encodeURIComponent(person.id)}/subject-access`}
          className="button secondary"
          data-testid="subject-copy-link"
        >
          {t('subjectRights.copyLink')}
        </Link>
      </div>
      <EraseForm person={person} etag={etag} onDone={onDone} onConflict={onConflict} />
    </section>
  );
}

/** Downloads the subject access document as a JSON file (it is a POST: the answer must never be cached). */
function ExportAll({ person }: { person: Beneficiary }) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    setProblem(null);
    setNotice(null);
    try {
      const r = await api<unknown>('POST', `/api/beneficiaries/${encodeURIComponent(person.id)}/subject-access`);
      // The file goes straight to the user's downloads; nothing is kept in the page or in browser storage.
      const url = URL.createObjectURL(new Blob([JSON.stringify(r.data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `subject-access-${person.id}.json`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setNotice(t('subjectRights.exported'));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <h3>{t('subjectRights.exportTitle')}</h3>
      <p>{t('subjectRights.exportText')}</p>
      <FormStatus problem={problem} />
      <Notice message={notice} />
      <button
        type="button"
        className="button secondary"
        disabled={busy}
        onClick={() => void download()}
        data-testid="subject-export"
      >
        {t('subjectRights.exportButton')}
      </button>
    </div>
  );
}

/** Erase or anonymise: choose, give the reason, then confirm a summary of exactly what will happen. */
function EraseForm({
  person,
  etag,
  onDone,
  onConflict,
}: {
  person: Beneficiary;
  etag: string | null;
  onDone: (result: ErasureResult) => void;
  onConflict: () => void;
}) {
  const { t } = useTranslation();
  const action = useAction();
  const [mode, setMode] = useState<Mode | ''>('');
  const [reason, setReason] = useState<Reason | ''>('');
  const [confirming, setConfirming] = useState(false);
  const [understood, setUnderstood] = useState(false);
  // A person is anonymised once; after that only erasure is left (the server refuses a second anonymisation).
  const anonymised = person.anonymised;
  const name = anonymised
    ? t('subjectRights.anonymisedName')
    : person.nameOriginal
      ? `${person.nameOriginal} (${person.nameLatin})`
      : person.nameLatin;
  const version = etag ? Number(/^"v(\d+)"$/.exec(etag)?.[1] ?? person.version) : person.version;

  const review = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (mode && reason) setConfirming(true);
  };
  const confirm = async () => {
    const r = await action.run<ErasureResult>('POST', `/api/beneficiaries/${encodeURIComponent(person.id)}/erasure`, {
      body: { mode, reason },
      version,
      onConflict: () => {
        setConfirming(false);
        setUnderstood(false);
        onConflict();
      },
    });
    if (r) onDone(r);
  };

  return (
    <div>
      <h3>{t('subjectRights.eraseTitle')}</h3>
      {anonymised && <p>{t('subjectRights.anonymisedEraseOnly')}</p>}
      <form onSubmit={review} noValidate className="form" data-testid="subject-erase">
        <FormStatus problem={confirming ? null : action.problem} />
        <RadioGroup<Mode>
          label={t('subjectRights.mode')}
          name="mode"
          required
          value={mode}
          onChange={(m) => {
            setMode(m);
            setConfirming(false);
          }}
          options={[
            ...(anonymised
              ? []
              : [
                  {
                    value: 'anonymise' as const,
                    label: t('subjectRights.modeAnonymise'),
                    description: t('subjectRights.anonymiseHint'),
                  },
                ]),
            { value: 'erase', label: t('subjectRights.modeErase'), description: t('subjectRights.eraseHint') },
          ]}
        />
        <SelectField
          label={t('subjectRights.reason')}
          hint={t('subjectRights.reasonHint')}
          name="reason"
          required
          value={reason}
          onChange={(r) => {
            setReason(r as Reason);
            setConfirming(false);
          }}
          options={[
            { value: '', label: t('common.choose') },
            ...REASONS.map((r) => ({ value: r, label: t(`subjectRights.reasons.${r}`) })),
          ]}
        />
        {!confirming && (
          <FormActions>
            <button
              type="submit"
              className="button danger"
              disabled={!mode || !reason}
              data-testid="subject-erase-review"
            >
              {t('subjectRights.continue')}
            </button>
          </FormActions>
        )}
      </form>
      {confirming && mode && (
        <div
          className="notice warning"
          role="alertdialog"
          aria-labelledby="erase-confirm-title"
          data-testid="subject-erase-confirm"
        >
          <h4 id="erase-confirm-title">{t('subjectRights.confirmTitle')}</h4>
          <p data-testid="subject-erase-consequences">
            {mode === 'erase'
              ? t('subjectRights.consequencesErase', { name })
              : t('subjectRights.consequencesAnonymise', { name })}
          </p>
          <p>
            <strong>{t('subjectRights.irreversible')}</strong>
          </p>
          <FormStatus problem={action.problem} />
          <CheckField
            label={t('subjectRights.understand')}
            name="understood"
            checked={understood}
            onChange={setUnderstood}
          />
          <FormActions>
            <button
              type="button"
              className="button danger"
              disabled={!understood || action.busy}
              onClick={() => void confirm()}
              data-testid="subject-erase-confirm-submit"
            >
              {mode === 'erase' ? t('subjectRights.confirmErase') : t('subjectRights.confirmAnonymise')}
            </button>
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setConfirming(false);
                setUnderstood(false);
              }}
            >
              {t('common.cancel')}
            </button>
          </FormActions>
        </div>
      )}
    </div>
  );
}

/** What is left on the person's page once they were erased or anonymised. */
export function ErasureDone({ result }: { result: ErasureResult }) {
  const { t } = useTranslation();
  const total = Object.values(result.counts).reduce((a, b) => a + b, 0);
  return (
    <section className="panel" data-testid="subject-erased" data-mode={result.mode}>
      <p className="notice" role="status">
        {result.mode === 'erase'
          ? t('subjectRights.erasedDone', { count: total })
          : t('subjectRights.anonymisedDone', { count: total })}
      </p>
      <p>
        <Link to="/people">{t('subjectRights.backToPeople')}</Link>
      </p>
    </section>
  );
}
