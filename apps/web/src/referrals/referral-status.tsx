import type { ReferralStatus } from '@corridor/contracts';
import { useTranslation } from 'react-i18next';

const TONE: Record<ReferralStatus, string> = {
  sent: 'badge',
  accepted: 'badge ok-badge',
  declined: 'badge danger-badge',
  service_delivered: 'badge ok-badge',
  closed: 'badge muted-badge',
  revoked: 'badge danger-badge',
};

/** A referral's status as a badge, with "overdue" beside it when its due date has passed unanswered. */
export function ReferralStatusBadge({ status, overdue }: { status: ReferralStatus; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={TONE[status]} data-testid="referral-status" data-status={status}>
        {t(`referralStatuses.${status}`)}
      </span>
      {overdue && (
        <span className="badge danger-badge" data-testid="referral-overdue">
          {t('referrals.overdue')}
        </span>
      )}
    </>
  );
}
