import type { Notification } from '@corridor/contracts';
import type { TFunction } from 'i18next';

// The kinds the app words; others (from contexts that have not added their wording yet) get a generic line.
const KNOWN = ['response_due', 'response_overdue', 'delivery_due', 'delivery_overdue'] as const;
type Known = (typeof KNOWN)[number];

/** A notification's line in the reader's language; the reference is the only detail it carries. */
export function notificationText(n: Notification, t: TFunction): string {
  const reference = n.subject.reference ?? '—';
  const [area, what] = n.kind.split('.', 2);
  if (area === 'referral' && (KNOWN as readonly string[]).includes(what ?? ''))
    return t(`notifications.kinds.referral.${what as Known}`, { reference });
  return t('notifications.kinds.other', { reference });
}
