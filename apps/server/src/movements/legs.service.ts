// Changing a movement's legs before they depart: If-Match on the leg's version, capacity never below the seats
// booked (one conditional UPDATE decides against the latest committed bookings), times kept in travel order.
import type { UpdateLeg } from '@corridor/contracts';
import type { Trx } from '../db/database.ts';
import { type CheckRule, DomainError, invalidFields, notFound, type ValidationIssue } from '../errors.ts';
import type { Principal } from '../http/principal.ts';
import * as repo from './movements.repository.ts';
import { getMovement } from './movements.service.ts';
import type { MovementLegRow } from './movements.table.ts';

/**
 * Changes a leg's mode, carrier, places, times or capacity (If-Match on the leg's version). Refused with
 * invalid_transition once the leg has departed (its departure time has passed, or passengers already departed on the
 * first leg) or the movement is over; with capacity_below_booked when the new capacity is below the seats booked
 * (the database checks it against the latest bookings); dates must keep the legs in travel order.
 */
export async function updateLeg(
  trx: Trx,
  p: Principal,
  movementId: string,
  legId: string,
  ifMatch: number,
  patch: UpdateLeg,
  now: Date,
): Promise<{ before: MovementLegRow; after: MovementLegRow }> {
  const m = await getMovement(trx, p, movementId);
  const leg = await repo.findLeg(trx, legId);
  if (!leg || leg.movement_id !== m.id) throw notFound('leg');
  if (m.status === 'completed' || m.status === 'cancelled')
    throw new DomainError('invalid_transition', 'The movement is over; its legs no longer change.');
  const legs = (await repo.legsOf(trx, [m.id])).get(m.id) ?? [];
  const departed =
    Date.parse(leg.departs_at) <= now.getTime() ||
    (leg.seq === legs[0]?.seq && (await repo.departedCount(trx, m.id)) > 0);
  if (departed) throw new DomainError('invalid_transition', 'The leg has departed; it can no longer be changed.');
  if (leg.version !== ifMatch)
    throw new DomainError('precondition_failed', 'The leg changed meanwhile; read it again.');
  const departsAt = patch.departsAt === undefined ? leg.departs_at : new Date(patch.departsAt).toISOString();
  const arrivesAt = patch.arrivesAt === undefined ? leg.arrives_at : new Date(patch.arrivesAt).toISOString();
  const errors: ValidationIssue[] = [];
  const issue = (pointer: string, message: string, rule: CheckRule) =>
    errors.push({ location: 'body', pointer, message, code: 'custom', params: { rule } });
  if (Date.parse(departsAt) <= now.getTime()) issue('/departsAt', 'must be in the future', 'in_future');
  if (Date.parse(arrivesAt) <= Date.parse(departsAt)) issue('/arrivesAt', 'must be after departsAt', 'not_before');
  const i = legs.findIndex((l) => l.id === leg.id);
  const prev = legs[i - 1];
  const next = legs[i + 1];
  if (prev && Date.parse(departsAt) < Date.parse(prev.arrives_at))
    issue('/departsAt', 'must not be before the previous leg arrives', 'leg_order');
  if (next && Date.parse(arrivesAt) > Date.parse(next.departs_at))
    issue('/arrivesAt', 'must not be after the next leg departs', 'leg_order');
  // The first leg leaves from the movement's origin country and the last arrives in its destination country, as
  // when the movement was created.
  if (i === 0 && patch.fromCountry !== undefined && patch.fromCountry !== m.origin_country)
    issue('/fromCountry', 'must be the movement’s origin country', 'leg_country');
  if (i === legs.length - 1 && patch.toCountry !== undefined && patch.toCountry !== m.destination_country)
    issue('/toCountry', 'must be the movement’s destination country', 'leg_country');
  if (errors.length) throw invalidFields(errors);
  const capacity = patch.capacity ?? leg.capacity;
  const changes = {
    ...(patch.mode !== undefined ? { mode: patch.mode } : {}),
    ...(patch.carrier !== undefined ? { carrier: patch.carrier } : {}),
    ...(patch.serviceNumber !== undefined ? { service_number: patch.serviceNumber } : {}),
    ...(patch.fromPlace !== undefined ? { from_place: patch.fromPlace } : {}),
    ...(patch.fromCountry !== undefined ? { from_country: patch.fromCountry } : {}),
    ...(patch.toPlace !== undefined ? { to_place: patch.toPlace } : {}),
    ...(patch.toCountry !== undefined ? { to_country: patch.toCountry } : {}),
    departs_at: departsAt,
    arrives_at: arrivesAt,
    updated_at: now.toISOString(),
  };
  if (!(await repo.updateLeg(trx, leg.id, ifMatch, changes, capacity))) {
    const fresh = (await repo.findLeg(trx, leg.id))!;
    if (fresh.version !== ifMatch)
      throw new DomainError('precondition_failed', 'The leg changed meanwhile; read it again.');
    throw new DomainError(
      'capacity_below_booked',
      `${fresh.booked} seats are booked on this leg; the capacity cannot be lower.`,
    );
  }
  return { before: leg, after: (await repo.findLeg(trx, leg.id))! };
}
