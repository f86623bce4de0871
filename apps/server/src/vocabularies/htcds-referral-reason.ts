import { defineVocabulary } from './vocabulary.ts';

/** HTCDS 2.0 `cas_ReasonForOutgoingReferral` / `cas_ReasonForIncomingReferral`. */
export const referralReason = defineVocabulary({
  id: 'htcds.referral_reason',
  title: 'Reason for referral',
  source: 'IOM Human Trafficking Case Data Standard 2.0, cas_ReasonForOutgoingReferral',
  labels: {
    AdditionalServicesRequired: 'Additional services required',
    MigrationOrChangeOfLocation: 'Migration or change of location',
    Other: 'Other',
  },
});
