// The 5W table (who, what, where, when, for whom) of an organisation's projects with the HXL hashtag row under
// the header, as humanitarian partners exchange it (https://hxlstandard.org/standard/1-1final/dictionary/).
// One row per activity report: counts only, never a person.
import type { ProjectPartner, ProjectPlace } from '@corridor/contracts';
import type { Db } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import type { TableCell } from '../imports/tabular.ts';

export const FIVE_W_HEADER = [
  ['Project code', '#activity+code'],
  ['Country', '#country+code'],
  ['Organisation', '#org+impl+name'],
  ['Organisation type', '#org+impl+type'],
  ['Donor', '#org+funder+name'],
  ['Cluster/Sector', '#sector+cluster'],
  ['Activity', '#activity+name'],
  ['Region', '#adm1+name'],
  ['Region p-code', '#adm1+code'],
  ['District', '#adm2+name'],
  ['District p-code', '#adm2+code'],
  ['Status', '#status'],
  ['Start date', '#date+start'],
  ['End date', '#date+end'],
  ['Targeted (people)', '#targeted+ind'],
  ['Reached (women)', '#reached+f+adults'],
  ['Reached (men)', '#reached+m+adults'],
  ['Reached (girls)', '#reached+f+children'],
  ['Reached (boys)', '#reached+m+children'],
  ['Population group', '#beneficiary+type'],
] as const;

const STATUS: Record<string, string> = {
  planned: 'Planned',
  ongoing: 'Ongoing',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** The 5W rows (header, HXL tags, then one row per report) of the caller's organisation, filtered. */
export async function fiveWRows(
  db: Db,
  p: Principal,
  f: { country?: string | undefined; from?: string | undefined; to?: string | undefined },
  maxRows: number,
): Promise<TableCell[][]> {
  let q = db
    .selectFrom('project_reports')
    .innerJoin('projects', 'projects.id', 'project_reports.project_id')
    .select([
      'projects.code',
      'projects.country',
      'projects.sector',
      'projects.status',
      'projects.partners',
      'projects.places',
      'project_reports.activity',
      'project_reports.pcode',
      'project_reports.partner',
      'project_reports.period_start',
      'project_reports.period_end',
      'project_reports.targeted',
      'project_reports.reached_women',
      'project_reports.reached_men',
      'project_reports.reached_girls',
      'project_reports.reached_boys',
      'project_reports.beneficiary_type',
    ])
    .where('project_reports.organisation_id', '=', p.organisationId);
  if (f.country) q = q.where('projects.country', '=', f.country);
  if (f.from) q = q.where('project_reports.period_end', '>=', f.from);
  if (f.to) q = q.where('project_reports.period_start', '<=', f.to);
  const rows = await q
    .orderBy('projects.code')
    .orderBy('project_reports.period_start')
    .orderBy('project_reports.activity')
    .limit(maxRows + 1)
    .execute();
  if (rows.length > maxRows)
    throw new DomainError('export_too_large', `The 5W table has more than ${maxRows} rows; narrow the filters.`);
  const out: TableCell[][] = [FIVE_W_HEADER.map((h) => h[0]), FIVE_W_HEADER.map((h) => h[1])];
  for (const r of rows) {
    const partners = JSON.parse(r.partners) as ProjectPartner[];
    const places = JSON.parse(r.places) as ProjectPlace[];
    const impl = partners.find((x) => x.name === r.partner);
    const donors = partners.filter((x) => x.role === 'funding').map((x) => x.name);
    const place = places.find((x) => x.pcode === r.pcode);
    const adm1 = place?.adminLevel === 2 ? { name: place.parentName ?? '', code: place.parentPcode ?? '' } : place;
    const adm2 = place?.adminLevel === 2 ? place : null;
    out.push([
      r.code,
      r.country,
      r.partner,
      impl?.type ?? '',
      donors.join('; '),
      r.sector,
      r.activity,
      adm1?.name ?? '',
      adm1 && 'pcode' in adm1 ? adm1.pcode : (adm1?.code ?? ''),
      adm2?.name ?? '',
      adm2?.pcode ?? '',
      STATUS[r.status] ?? r.status,
      r.period_start,
      r.period_end,
      r.targeted,
      r.reached_women,
      r.reached_men,
      r.reached_girls,
      r.reached_boys,
      r.beneficiary_type,
    ]);
  }
  return out;
}
