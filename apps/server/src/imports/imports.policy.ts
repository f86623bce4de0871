import type { Role, TableFormat } from '@corridor/contracts';
import { forbidden } from '../errors.ts';
import { allowRoles } from '../http/policy.ts';
import { hasAnyRole, type Principal } from '../http/principal.ts';

/**
 * Route policies of bulk import and export. Importing registers people and opens cases, so it is for the staff
 * who do that one at a time: caseworkers and supervisors. Exporting takes personal data out of Corridor in bulk
 * (SECURITY.md D10): supervisors only, per list and per format below.
 */
export const importPolicies = {
  run: allowRoles(
    'imports-run',
    'Caseworkers and supervisors, into their own organisation.',
    'caseworker',
    'supervisor',
  ),
  export: allowRoles(
    'exports-run',
    'Supervisors, for the lists and formats EXPORT_PERMISSIONS allows; only records they may see.',
    'supervisor',
  ),
} as const;

/** The lists Corridor exports. */
export type ExportList = 'beneficiaries' | 'cases';

/** Who may export each list in each format (D10: permission per format). */
export const EXPORT_PERMISSIONS: Readonly<Record<ExportList, Readonly<Record<TableFormat, readonly Role[]>>>> = {
  beneficiaries: { csv: ['supervisor'], xlsx: ['supervisor'] },
  cases: { csv: ['supervisor'], xlsx: ['supervisor'] },
};

/** Throws forbidden unless the caller may export the list in the format. */
export function assertMayExport(p: Principal, list: ExportList, format: TableFormat): void {
  if (!hasAnyRole(p, ...EXPORT_PERMISSIONS[list][format]))
    throw forbidden('Your role may not export this list in this format.');
}
