// A migration that changes what the aggregate cells hold in a way SQL cannot redo (only the indicators' derivation
// can) leaves the deployment setting `evidence_rebuild_required` (the first: migration 20261201T0800, amounts count
// their records). The next start, `corridor migrate` or any command that migrates rebuilds the cells from the
// records once, removing the setting in the rebuild's own transaction.
import type { Db } from '../db/database.ts';
import { rebuildEvidence } from './verify.ts';

export const REBUILD_REQUIRED = 'evidence_rebuild_required';

/** Rebuilds the cells when a migration asked for it: the number of cells, or null when nothing was asked. */
export async function rebuildIfRequired(db: Db, now: Date): Promise<number | null> {
  const asked = await db
    .selectFrom('deployment_settings')
    .select('value')
    .where('name', '=', REBUILD_REQUIRED)
    .executeTakeFirst();
  if (!asked) return null;
  return rebuildEvidence(db, now, {
    inTransaction: async (trx) => {
      await trx.deleteFrom('deployment_settings').where('name', '=', REBUILD_REQUIRED).execute();
    },
  });
}
