// IATI 2.03 activity XML (https://iatistandard.org/en/iati-standard/203/activity-standard/): the organisation's
// funds and projects as activities, with budgets and the ledger's movements as transactions. Elements are written
// in the order the schema's sequences require. Identifiers use the prefix of `reportingRef` (an org-id.guide
// identifier in production; see docs/operations.md).
import type { ProjectPartner, ProjectPlace, ProjectTarget } from '@corridor/contracts';
import { alpha2Of } from '../lib/countries.ts';
import type { ProjectRow } from '../projects/projects.table.ts';
import type { FundEntryRow, FundRow } from './funds.table.ts';
import { fromMinor } from './money.ts';

/** Escapes text and attribute values for XML 1.0 (and drops characters XML 1.0 cannot carry). */
export function xmlEscape(s: string): string {
  return [...s]
    .filter((ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return (
        c === 0x09 ||
        c === 0x0a ||
        c === 0x0d ||
        (c >= 0x20 && c <= 0xd7ff) ||
        (c >= 0xe000 && c <= 0xfffd) ||
        c >= 0x10000
      );
    })
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

type Attrs = Record<string, string | number | null | undefined>;
const attrs = (a: Attrs) =>
  Object.entries(a)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
const el = (name: string, a: Attrs, ...children: string[]) =>
  children.length ? `<${name}${attrs(a)}>${children.join('')}</${name}>` : `<${name}${attrs(a)}/>`;
const text = (name: string, a: Attrs, value: string) => `<${name}${attrs(a)}>${xmlEscape(value)}</${name}>`;
const narrative = (value: string) => text('narrative', {}, value);

/** IATI OrganisationType for Corridor's kinds of organisation. */
const ORG_TYPE: Record<string, string> = {
  state_agency: '10',
  local_government: '11',
  international_organisation: '40',
  civil_society: '22',
  private_sector: '70',
};

/** IATI TransactionType for each kind of ledger entry (decommitments are reported as negative commitments). */
const TRANSACTION_TYPE: Record<string, string> = {
  pledge: '13',
  contribution: '1',
  pledge_payment: '1',
  reimbursement: '1',
  commitment: '2',
  decommitment: '2',
  disbursement: '3',
};

/** IATI ActivityStatus for a project's status. */
const ACTIVITY_STATUS: Record<string, string> = { planned: '1', ongoing: '2', completed: '3', cancelled: '5' };

/** DAC 5-digit purpose code 15190: facilitation of orderly, safe, regular and responsible migration and mobility. */
const MIGRATION_PURPOSE = '15190';

export type Publisher = { ref: string; name: string; kind: string };

const day = (iso: string) => iso.slice(0, 10);

function fundActivity(pub: Publisher, fund: FundRow, entries: FundEntryRow[]): string {
  const incoming = entries.filter((e) => TRANSACTION_TYPE[e.kind] === '1' || TRANSACTION_TYPE[e.kind] === '13');
  const start = entries[0] ? day(entries[0].posted_at) : day(fund.created_at);
  const donors = [...new Set(incoming.map((e) => e.counterparty))].sort();
  return el(
    'iati-activity',
    {
      'last-updated-datetime': fund.updated_at,
      'xml:lang': 'en',
      'default-currency': fund.currency,
      humanitarian: fund.kind === 'development' ? '0' : '1',
    },
    text('iati-identifier', {}, `${pub.ref}-${fund.code}`),
    el('reporting-org', { ref: pub.ref, type: ORG_TYPE[pub.kind] ?? '90' }, narrative(pub.name)),
    el('title', {}, narrative(fund.name)),
    el('description', { type: '1' }, narrative(`${fund.name} (${fund.kind.replace(/_/g, ' ')} fund)`)),
    ...donors.map((d) => el('participating-org', { role: '1' }, narrative(d))),
    el('participating-org', { ref: pub.ref, role: '2', type: ORG_TYPE[pub.kind] ?? '90' }, narrative(pub.name)),
    el('activity-status', { code: '2' }),
    el('activity-date', { type: '2', 'iso-date': start }),
    el('sector', { vocabulary: '1', code: MIGRATION_PURPOSE, percentage: '100' }),
    el('default-flow-type', { code: '10' }),
    el('default-finance-type', { code: '110' }),
    ...entries.map((e) => {
      const sign = e.kind === 'decommitment' ? -1 : 1;
      const party = text('narrative', {}, e.counterparty);
      const isIncoming = TRANSACTION_TYPE[e.kind] === '1' || TRANSACTION_TYPE[e.kind] === '13';
      return el(
        'transaction',
        { ref: e.id },
        el('transaction-type', { code: TRANSACTION_TYPE[e.kind] ?? '4' }),
        el('transaction-date', { 'iso-date': day(e.posted_at) }),
        text('value', { 'value-date': day(e.posted_at) }, fromMinor(sign * Number(e.amount_minor))),
        el(
          'description',
          {},
          narrative(`${e.kind.replace(/_/g, ' ')}; USD ${fromMinor(Number(e.amount_usd_minor))} at ${e.usd_rate}`),
        ),
        // A request's recipient is free text that may name a person: not published (the element is optional).
        isIncoming ? el('provider-org', {}, party) : e.request_id ? '' : el('receiver-org', {}, party),
      );
    }),
  );
}

function projectActivity(pub: Publisher, p: ProjectRow, reached: number | null): string {
  const partners = JSON.parse(p.partners) as ProjectPartner[];
  const places = JSON.parse(p.places) as ProjectPlace[];
  const targets = JSON.parse(p.targets) as ProjectTarget[];
  const role = { funding: '1', government: '2', implementing: '4' } as const;
  const a2 = alpha2Of(p.country);
  return el(
    'iati-activity',
    { 'last-updated-datetime': p.updated_at, 'xml:lang': 'en', 'default-currency': p.currency, humanitarian: '0' },
    text('iati-identifier', {}, `${pub.ref}-${p.code}`),
    el('reporting-org', { ref: pub.ref, type: ORG_TYPE[pub.kind] ?? '90' }, narrative(pub.name)),
    el('title', {}, narrative(p.title)),
    el('description', { type: '1' }, narrative(p.description || p.title)),
    el('participating-org', { ref: pub.ref, role: '2', type: ORG_TYPE[pub.kind] ?? '90' }, narrative(pub.name)),
    ...partners.map((x) => el('participating-org', { role: role[x.role] }, narrative(x.name))),
    el('activity-status', { code: ACTIVITY_STATUS[p.status] ?? '2' }),
    el('activity-date', { type: '1', 'iso-date': p.start_date }),
    el('activity-date', { type: '3', 'iso-date': p.end_date }),
    ...(a2 ? [el('recipient-country', { code: a2, percentage: '100' })] : []),
    // IATI has no p-code vocabulary: the p-code is the location's own reference.
    ...places.map((pl) => el('location', { ref: pl.pcode }, el('name', {}, narrative(pl.name)))),
    el('sector', { vocabulary: '1', code: MIGRATION_PURPOSE, percentage: '100' }),
    el(
      'budget',
      { type: '1', status: '2' },
      el('period-start', { 'iso-date': p.start_date }),
      el('period-end', { 'iso-date': p.end_date }),
      text('value', { 'value-date': p.start_date }, fromMinor(Number(p.budget_minor))),
    ),
    ...(targets.length
      ? [
          el(
            'result',
            { type: '1' },
            el('title', {}, narrative(p.title)),
            ...targets.map((t) =>
              el(
                'indicator',
                { measure: '1', ascending: '1' },
                el('title', {}, narrative(t.indicator)),
                el(
                  'period',
                  {},
                  el('period-start', { 'iso-date': p.start_date }),
                  el('period-end', { 'iso-date': p.end_date }),
                  el('target', { value: String(t.target) }),
                  ...(reached !== null && t.indicator === 'people_reached'
                    ? [el('actual', { value: String(reached) })]
                    : []),
                ),
              ),
            ),
          ),
        ]
      : []),
  );
}

/** The whole IATI activity file of an organisation: its funds, then its projects. */
export function iatiActivities(
  pub: Publisher,
  funds: { fund: FundRow; entries: FundEntryRow[] }[],
  projects: { project: ProjectRow; reached: number | null }[],
  now: Date,
): string {
  const generated = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${el(
    'iati-activities',
    { version: '2.03', 'generated-datetime': generated },
    ...funds.map((f) => `\n  ${fundActivity(pub, f.fund, f.entries)}`),
    ...projects.map((p) => `\n  ${projectActivity(pub, p.project, p.reached)}`),
    '\n',
  )}\n`;
}
