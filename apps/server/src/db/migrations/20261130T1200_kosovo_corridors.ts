// Frozen: corridor histories loaded with the World Bank's code for Kosovo (KSV) take Corridor's own (XKX), as the
// loaders now store it (remittances/rpw-row.ts corridorCountry), so that a corridor's prices and its history are one
// corridor. A quarter already held under XKX wins over the same quarter under KSV. Not reversible in meaning (which
// rows came as KSV is not kept); down does nothing. Kysely<any> and portable SQL only.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const [column, other] of [
    ['source_code', 'destination_code'],
    ['destination_code', 'source_code'],
  ] as const) {
    await db
      .deleteFrom('remittance_corridor_history as h')
      .where(`h.${column}`, '=', 'KSV')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('remittance_corridor_history as x')
            .select('x.period')
            .where(`x.${column}`, '=', 'XKX')
            .whereRef(`x.${other}`, '=', `h.${other}`)
            .whereRef('x.period', '=', 'h.period'),
        ),
      )
      .execute();
    await db.updateTable('remittance_corridor_history').set(column, 'XKX').where(column, '=', 'KSV').execute();
  }
}

export async function down(): Promise<void> {}
