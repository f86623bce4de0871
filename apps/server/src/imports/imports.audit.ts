// The audit entries of imports and exports: what was done and how much, never a value of a file (SECURITY.md D9,
// D10). Shared by the API and the command line.
import type { ImportReport, TableFormat } from '@corridor/contracts';
import type { AuditEvent } from '../audit/audit.service.ts';
import type { ExportList } from './imports.policy.ts';

/** The audit entry of an import: counts only, never a value of the file. */
export function importAudit(
  organisationId: string,
  r: ImportReport,
  basis: string | null,
  via: 'api' | 'cli',
): AuditEvent {
  return {
    action: 'import.run',
    entityType: 'import',
    organisationId,
    purpose: 'assistance',
    details: {
      kind: r.kind,
      format: r.format,
      dryRun: r.dryRun,
      rows: r.rows,
      created: r.created,
      updated: r.updated,
      skipped: r.skipped,
      basis,
      via,
    },
  };
}

/** The audit entry of an export: the list, the format, the row count and which filters were used (not their values). */
export function exportAudit(
  organisationId: string,
  list: ExportList,
  format: TableFormat,
  rows: number,
  filters: Record<string, unknown>,
  via: 'api' | 'cli',
): AuditEvent {
  return {
    action: 'export.run',
    entityType: 'export',
    organisationId,
    details: {
      list,
      format,
      rows,
      filters: Object.keys(filters)
        .filter((k) => k !== 'format' && filters[k] !== undefined)
        .sort(),
      via,
    },
  };
}
