import type { Appointment, DayView } from '@corridor/contracts';

type DaySlot = DayView['slots'][number];

export type AppointmentStep = 'check-in' | 'no-show' | 'cancel' | 'served';

/**
 * The steps the day view offers for an appointment, as the server allows them (appointments.service.ts
 * recordAttendance): check-in on the appointment's day only (`today`, the centre's day); a no-show from that day on,
 * shown but disabled until the slot has begun (`now`); neither when the centre is closed that day (`closed`: its
 * people are to be moved); served after check-in. Pure, for the centre page.
 */
export function appointmentSteps(
  a: Pick<Appointment, 'status' | 'day' | 'startsAt'>,
  today: string,
  now: number,
  closed = false,
): { step: AppointmentStep; disabled: boolean }[] {
  if (a.status === 'checked_in') return [{ step: 'served', disabled: false }];
  if (a.status !== 'booked') return [];
  return [
    ...(a.day === today && !closed ? [{ step: 'check-in' as const, disabled: false }] : []),
    ...(a.day <= today && !closed ? [{ step: 'no-show' as const, disabled: now < Date.parse(a.startsAt) }] : []),
    { step: 'cancel', disabled: false },
  ];
}

/**
 * The free slots an appointment may move to (POST /api/appointments/:id/reschedule): of its service, with a free
 * place, not yet begun (`now`), and not the slot it holds. Pure, for the centre page.
 */
export function moveTargets<S extends Pick<DaySlot, 'service' | 'start' | 'startsAt' | 'capacity' | 'booked'>>(
  a: Pick<Appointment, 'service' | 'day' | 'start'>,
  view: { day: string; closed: string | null; slots: readonly S[] },
  now: number,
): S[] {
  if (view.closed) return [];
  return view.slots.filter(
    (s) =>
      s.service === a.service &&
      s.booked < s.capacity &&
      Date.parse(s.startsAt) > now &&
      !(view.day === a.day && s.start === a.start),
  );
}
