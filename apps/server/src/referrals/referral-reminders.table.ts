/** A reminder sent for one referral at one stage; the primary key makes it once only. */
export interface ReferralReminderTable {
  referral_id: string;
  /** `response_due`, `response_overdue`, `delivery_due` or `delivery_overdue`. */
  stage: string;
  created_at: string;
}
