import type { Notification } from '@corridor/contracts';
import type { TFunction } from 'i18next';
import { en } from '../i18n/en.ts';

// The kinds the app words, by area (`referral.received`: area `referral`); others (from contexts that have not
// added their wording yet) get a generic line.
const KINDS = en.notifications.kinds;
type Area = Exclude<keyof typeof KINDS, 'other'>;

const isKind = <A extends Area>(area: A, what: string): what is keyof (typeof KINDS)[A] & string =>
  Object.hasOwn(KINDS[area], what);

/** A notification's line in the reader's language; the reference is the only detail it carries. */
export function notificationText(n: Notification, t: TFunction): string {
  const reference = n.subject.reference ?? '—';
  const [area = '', what = ''] = n.kind.split('.', 2);
  if (area === 'referral' && isKind(area, what)) return t(`notifications.kinds.referral.${what}`, { reference });
  if (area === 'case' && isKind(area, what)) return t(`notifications.kinds.case.${what}`, { reference });
  if (area === 'grievance' && isKind(area, what)) return t(`notifications.kinds.grievance.${what}`, { reference });
  return t('notifications.kinds.other', { reference });
}
