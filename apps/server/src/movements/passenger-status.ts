// The per-passenger state machine of a movement (docs/operations.md):
//
//   booked --check_in--> checked_in --depart--> departed --arrive--> arrived
//     |  \                  |   \
//     |   no_show           |    no_show
//     cancel                cancel
//
// A passenger holds one seat on every leg while booked or checked in; cancelling or a no-show gives the seats back.
// Departed and arrived passengers keep theirs (they flew). arrived, no_show and cancelled are final.
import type { PassengerStatus, PassengerStep } from '@corridor/contracts';

/** For each step: the statuses it may start from and the status it leads to. */
export const STEPS: Readonly<Record<PassengerStep, { from: readonly PassengerStatus[]; to: PassengerStatus }>> = {
  check_in: { from: ['booked'], to: 'checked_in' },
  depart: { from: ['checked_in'], to: 'departed' },
  arrive: { from: ['departed'], to: 'arrived' },
  no_show: { from: ['booked', 'checked_in'], to: 'no_show' },
  cancel: { from: ['booked', 'checked_in'], to: 'cancelled' },
};

/** The timestamp column each status is stamped in. */
export const STAMP: Readonly<Record<PassengerStep, string>> = {
  check_in: 'checked_in_at',
  depart: 'departed_at',
  arrive: 'arrived_at',
  no_show: 'no_show_at',
  cancel: 'cancelled_at',
};

/** True while the passenger holds seats on the legs. */
export const holdsSeat = (s: PassengerStatus): boolean => s === 'booked' || s === 'checked_in';

/** Whether `step` may be taken from `status`. */
export const allowed = (status: PassengerStatus, step: PassengerStep): boolean => STEPS[step].from.includes(status);

/** Steps that give the seats back. */
export const releasesSeat = (step: PassengerStep): boolean => step === 'no_show' || step === 'cancel';
