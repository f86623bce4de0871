import type { AuditEntry, Problem, Role } from '@corridor/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../api/client.ts';
import { problemOf, splitIssues } from '../api/problem.ts';
import { useResource } from '../api/use-resource.ts';
import { canUse, isRole } from '../auth/access.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FormActions, SelectField, TextField } from '../components/fields.tsx';
import { CheckField } from '../components/form-fields.tsx';
import { Loading } from '../components/loading.tsx';
import { PageHeading } from '../components/page-heading.tsx';
import { FormStatus } from '../components/problem-message.tsx';
import { formatDateTime, formatNumber } from '../i18n/format.ts';
import { ActionLabel, knownActions, useActionName } from './audit-action.tsx';
import { isAuditPurpose } from './audit-purposes.ts';

type AuditPage = { items: AuditEntry[]; next: number | null };
type Verification = { ok: boolean; checked: number; firstBadSeq: number | null; reason: string | null };

type Filters = {
  action: string;
  entityType: string;
  entityId: string;
  actorUserId: string;
  from: string;
  to: string;
  limit: string;
  sensitiveOnly: boolean;
};

const NO_FILTERS: Filters = {
  action: '',
  entityType: '',
  entityId: '',
  actorUserId: '',
  from: '',
  to: '',
  limit: '50',
  sensitiveOnly: false,
};

/** The filters an address carries (`?action=…&sensitiveOnly=1`), so that a reload or a shared link keeps them. */
function filtersOf(search: string): Filters {
  const q = new URLSearchParams(search);
  const text = (k: Exclude<keyof Filters, 'sensitiveOnly'>) => q.get(k) ?? NO_FILTERS[k];
  return {
    action: text('action'),
    entityType: text('entityType'),
    entityId: text('entityId'),
    actorUserId: text('actorUserId'),
    from: text('from'),
    to: text('to'),
    limit: text('limit'),
    sensitiveOnly: q.get('sensitiveOnly') === '1',
  };
}

/** The address of the filters applied (only those set). */
function addressOf(f: Filters): string {
  return query({
    action: f.action.trim() || undefined,
    entityType: f.entityType.trim() || undefined,
    entityId: f.entityId.trim() || undefined,
    actorUserId: f.actorUserId.trim() || undefined,
    from: f.from || undefined,
    to: f.to || undefined,
    limit: f.limit !== NO_FILTERS.limit ? f.limit : undefined,
    sensitiveOnly: f.sensitiveOnly ? '1' : undefined,
  });
}

/** A datetime-local value (the person's local time) as the ISO instant the API expects. */
function toInstant(local: string): string | undefined {
  if (!local) return undefined;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The filters the form shows, as the API names them in its query. */
const FILTER_FIELDS = ['action', 'entityType', 'entityId', 'actorUserId', 'from', 'to', 'limit'] as const;

/**
 * The server's refusal of the filters, in words the page has in each language: a user identifier that is not one
 * (zod's "Invalid UUID"). An end before the start names its rule (`not_before`), which every page words.
 */
function filterProblem(problem: Problem): Problem {
  if (!problem.errors) return problem;
  return {
    ...problem,
    errors: problem.errors.map((issue) => {
      if (issue.code === 'invalid_format' && issue.params?.format === 'uuid')
        return {
          location: issue.location,
          pointer: issue.pointer,
          code: 'invalid_identifier',
          message: 'This is not a Corridor identifier; it looks like 3f2c9a1e-5b7d-4c1a-9e2f-0a1b2c3d4e5f.',
        };
      return issue;
    }),
  };
}

/** The audit log: filter, read newest first, page to older entries; auditors can verify the hash chain. */
export function AuditPage() {
  const { t, i18n: i18next } = useTranslation();
  const session = useSignedIn();
  const actionName = useActionName();
  // The actions to filter by, by name in the page's language; each code follows its name, isolated left to right.
  const collator = new Intl.Collator(i18next.language);
  const actionOptions = knownActions()
    .map((code) => ({ value: code, label: `${actionName(code) ?? code} (\u2066${code}\u2069)` }))
    .sort((a, b) => collator.compare(a.label, b.label));
  const [draft, setDraft] = useState<Filters>(() => filtersOf(window.location.search));
  const [filters, setFilters] = useState<Filters>(() => filtersOf(window.location.search));
  // The `before` values of the pages shown so far, so "newer" can step back without the server keeping state.
  const [pages, setPages] = useState<number[]>([]);
  const before = pages.at(-1);

  const path = `/api/audit${query({
    limit: filters.limit,
    before,
    action: filters.action.trim(),
    entityType: filters.entityType.trim(),
    entityId: filters.entityId.trim(),
    actorUserId: filters.actorUserId.trim(),
    from: toInstant(filters.from),
    to: toInstant(filters.to),
    sensitiveRead: filters.sensitiveOnly ? 'true' : undefined,
  })}`;
  const log = useResource<AuditPage>(path);
  // Filters the server refused: each issue under its field, those of no field with the list's problem.
  const { byField, rest } = splitIssues(log.status === 'error' ? filterProblem(log.problem) : null, FILTER_FIELDS);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setPages([]);
    setFilters(draft);
    window.history.replaceState(null, '', `${window.location.pathname}${addressOf(draft)}`);
  };
  const set = (key: Exclude<keyof Filters, 'sensitiveOnly'>) => (value: string) => setDraft({ ...draft, [key]: value });

  return (
    <>
      <PageHeading title={t('audit.title')}>{t('audit.title')}</PageHeading>
      <p>{t('audit.intro')}</p>
      {canUse(session.user.roles, 'verifyAudit') && <VerifyChain />}

      <form onSubmit={apply} className="form filters" aria-label={t('audit.filters')}>
        <SelectField
          label={t('audit.action')}
          name="action"
          value={draft.action}
          onChange={set('action')}
          issues={byField.action}
          options={[{ value: '', label: t('auditActions.all') }, ...actionOptions]}
        />
        <TextField
          label={t('audit.entityType')}
          name="entityType"
          dir="ltr"
          autoComplete="off"
          maxLength={100}
          value={draft.entityType}
          onChange={set('entityType')}
          issues={byField.entityType}
        />
        <TextField
          label={t('audit.entityId')}
          name="entityId"
          dir="ltr"
          autoComplete="off"
          maxLength={100}
          value={draft.entityId}
          onChange={set('entityId')}
          issues={byField.entityId}
        />
        <TextField
          label={t('audit.actorUserId')}
          name="actorUserId"
          dir="ltr"
          autoComplete="off"
          value={draft.actorUserId}
          onChange={set('actorUserId')}
          issues={byField.actorUserId}
        />
        <TextField
          label={t('audit.from')}
          name="from"
          type="datetime-local"
          step={1}
          value={draft.from}
          onChange={set('from')}
          issues={byField.from}
        />
        <TextField
          label={t('audit.to')}
          name="to"
          type="datetime-local"
          step={1}
          value={draft.to}
          onChange={set('to')}
          issues={byField.to}
        />
        <SelectField
          label={t('audit.limit')}
          name="limit"
          value={draft.limit}
          onChange={set('limit')}
          issues={byField.limit}
          options={['25', '50', '100', '200'].map((n) => ({ value: n, label: n }))}
        />
        <CheckField
          label={t('audit.sensitiveOnly')}
          name="sensitiveOnly"
          checked={draft.sensitiveOnly}
          onChange={(sensitiveOnly) => setDraft({ ...draft, sensitiveOnly })}
        />
        <FormActions>
          <button type="submit" className="button primary">
            {t('audit.apply')}
          </button>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              setDraft(NO_FILTERS);
              setFilters(NO_FILTERS);
              setPages([]);
            }}
          >
            {t('audit.clear')}
          </button>
        </FormActions>
      </form>

      <section aria-labelledby="audit-list-title">
        <h2 id="audit-list-title">{t('audit.entries')}</h2>
        {log.status === 'error' && <FormStatus problem={log.problem} rest={rest} />}
        {log.status === 'loading' && !log.data && <Loading />}
        {log.data && <AuditTable entries={log.data.items} busy={log.status === 'loading'} />}
        <nav className="pager" aria-label={t('audit.paging')}>
          {pages.length > 0 && (
            <>
              <button type="button" className="button secondary" onClick={() => setPages([])}>
                {t('audit.newest')}
              </button>
              <button type="button" className="button secondary" onClick={() => setPages((p) => p.slice(0, -1))}>
                {t('audit.newer')}
              </button>
            </>
          )}
          {log.data?.next != null && (
            <button
              type="button"
              className="button secondary"
              data-testid="audit-older"
              onClick={() => {
                const next = log.data?.next;
                if (next != null) setPages((p) => [...p, next]);
              }}
            >
              {t('audit.older')}
            </button>
          )}
        </nav>
      </section>
    </>
  );
}

type Named = { id: string; name?: string; displayName?: string };

// Who may list users (GET /api/users); others see actors as short identifiers.
const USER_READERS: readonly Role[] = ['platform_admin', 'admin', 'supervisor', 'auditor'];

/** Names for the identifiers in the log, from what the caller may read anyway; unknown ones stay identifiers. */
function useNames(): { organisation: (id: string) => string | undefined; user: (id: string) => string | undefined } {
  const session = useSignedIn();
  const mayReadUsers = session.user.roles.some((r) => USER_READERS.includes(r));
  const orgs = useResource<{ items: Named[] }>('/api/organisations?limit=200');
  const users = useResource<{ items: Named[] }>(mayReadUsers ? '/api/users?limit=200' : null);
  const lookup = (items: Named[] | undefined, id: string) => {
    const found = items?.find((x) => x.id === id);
    return found?.name ?? found?.displayName;
  };
  return {
    organisation: (id) => (id === session.organisation.id ? session.organisation.name : lookup(orgs.data?.items, id)),
    user: (id) => (id === session.user.id ? undefined : lookup(users.data?.items, id)),
  };
}

function AuditTable({ entries, busy }: { entries: AuditEntry[]; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const session = useSignedIn();
  const names = useNames();
  const orgName = (id: string | null) => {
    if (!id) return '—';
    const name = names.organisation(id);
    return name ? <bdi title={id}>{name}</bdi> : <ShortId id={id} />;
  };
  // An entity type by name in the page's language (its code on hover, as the filter takes it); a type without a name
  // here keeps its code.
  const entityLabel = (type: string) =>
    i18n.exists(`audit.entities.${type}`) ? (
      <span title={type}>{t(`audit.entities.${type}` as 'audit.entities.case')}</span>
    ) : (
      <span dir="ltr">{type}</span>
    );
  const actor = (entry: AuditEntry) => {
    if (!entry.actorUserId) return entry.actorRoles.includes('anonymous') ? t('audit.anonymous') : t('audit.system');
    if (entry.actorUserId === session.user.id) return t('audit.you');
    const name = names.user(entry.actorUserId);
    return name ? <bdi title={entry.actorUserId}>{name}</bdi> : <ShortId id={entry.actorUserId} />;
  };

  return (
    <div className="table-wrap">
      <table className="audit-table" aria-busy={busy}>
        <thead>
          <tr>
            <th scope="col">{t('audit.seq')}</th>
            <th scope="col">{t('audit.time')}</th>
            <th scope="col">{t('audit.action')}</th>
            <th scope="col">{t('audit.entity')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.organisation')}</th>
            <th scope="col">{t('audit.purpose')}</th>
            <th scope="col">{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq} data-testid="audit-row" className={entry.sensitiveRead ? 'sensitive' : undefined}>
              <td>{formatNumber(entry.seq, i18n.language)}</td>
              <td>
                <time dateTime={entry.at}>{formatDateTime(entry.at, i18n.language)}</time>
              </td>
              <td>
                <ActionLabel code={entry.action} />
                {entry.sensitiveRead && (
                  <span className="badge danger-badge" title={t('audit.sensitiveReadHelp')}>
                    {t('audit.sensitiveRead')}
                  </span>
                )}
              </td>
              <td>
                {entityLabel(entry.entityType)}
                {entry.entityId && (
                  <>
                    {' '}
                    <ShortId id={entry.entityId} />
                  </>
                )}
              </td>
              <td>
                {actor(entry)}
                {entry.actorUserId && entry.actorRoles.length > 0 && (
                  <span className="muted small-text">
                    {' '}
                    ({entry.actorRoles.map((r) => (isRole(r) ? t(`roles.${r}`) : r)).join(t('common.separator'))})
                  </span>
                )}
              </td>
              <td>{orgName(entry.organisationId)}</td>
              <td>
                {entry.purpose === null
                  ? '—'
                  : isAuditPurpose(entry.purpose)
                    ? t(`purposes.${entry.purpose}`)
                    : entry.purpose}
              </td>
              <td>
                {Object.keys(entry.details).length > 0 ? (
                  <details>
                    <summary>{t('audit.show')}</summary>
                    <pre dir="ltr">{JSON.stringify(entry.details, null, 2)}</pre>
                  </details>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
          {entries.length === 0 && (
            <tr>
              <td colSpan={8}>{t('audit.empty')}</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** A long identifier shortened for the table; the full value stays available to copy and to assistive technology. */
function ShortId({ id }: { id: string }) {
  return (
    <code className="short-id" title={id} dir="ltr">
      <span aria-hidden="true">{id.length > 12 ? `${id.slice(0, 8)}…` : id}</span>
      <span className="visually-hidden">{id}</span>
    </code>
  );
}

function VerifyChain() {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Verification | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const verify = async () => {
    setBusy(true);
    setResult(null);
    setProblem(null);
    try {
      setResult((await api<Verification>('GET', '/api/audit/verify')).data);
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="verify-title" className="verify">
      <h2 id="verify-title">{t('audit.verifyTitle')}</h2>
      <p>{t('audit.verifyText')}</p>
      <button
        type="button"
        className="button secondary"
        onClick={() => void verify()}
        disabled={busy}
        data-testid="audit-verify"
      >
        {busy ? t('audit.verifying') : t('audit.verify')}
      </button>
      <FormStatus problem={problem} />
      <div aria-live="polite" data-testid="audit-verify-result">
        {result &&
          (result.ok ? (
            <p className="notice ok">{t('audit.verifyOk', { checked: formatNumber(result.checked, i18n.language) })}</p>
          ) : (
            <p className="problem">
              {t('audit.verifyBad', {
                checked: formatNumber(result.checked, i18n.language),
                seq: result.firstBadSeq === null ? '—' : formatNumber(result.firstBadSeq, i18n.language),
              })}
              {result.reason && (
                <>
                  {' '}
                  <span lang="en">{result.reason}</span>
                </>
              )}
            </p>
          ))}
      </div>
    </section>
  );
}
