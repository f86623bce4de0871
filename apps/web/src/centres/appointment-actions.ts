import type { Appointment } from '@corridor/contracts';

export type AppointmentStep = 'check-in' | 'no-show' | 'cancel' | 'served';

/**
 * The steps the day view offers for an appointment, as the server allows them (appointments.service.ts
 * recordAttendance): check-in on the appointment's day only (`today`, the centre's day); a no-show from that day on,
 * shown but disabled until the slot has begun (`now`); served after check-in. Pure, for the centre page.
 */
export function appointmentSteps(
  a: Pick<Appointment, 'status' | 'day' | 'startsAt'>,
  today: string,
  now: number,
): { step: AppointmentStep; disabled: boolean }[] {
  if (a.status === 'checked_in') return [{ step: 'served', disabled: false }];
  if (a.status !== 'booked') return [];
  return [
    ...(a.day === today ? [{ step: 'check-in' as const, disabled: false }] : []),
    ...(a.day <= today ? [{ step: 'no-show' as const, disabled: now < Date.parse(a.startsAt) }] : []),
    { step: 'cancel', disabled: false },
  ];
}
