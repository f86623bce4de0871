import 'i18next';
import type { AuditMessages } from '../admin/messages/en.ts';
import type { CentreMessages } from '../centres/messages/en.ts';
import type { EvidenceMessages } from '../evidence/messages/en.ts';
import type { FundMessages } from '../funds/messages/en.ts';
import type { GrievanceMessages } from '../grievances/messages/en.ts';
import type { DuplicateMessages } from '../linkage/messages/en.ts';
import type { LinkageMessages } from '../linkage-projects/messages/en.ts';
import type { OpsMessages } from '../movements/messages/en.ts';
import type { RecruitmentMessages } from '../recruitment/messages/en.ts';
import type { RemittanceMessages } from '../remittances/messages/en.ts';
import type { CaseWorkMessages } from './case-work/en.ts';
import type { Messages } from './en.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // Case-work messages are merged into the same namespace when their pages load (see case-work.ts).
    resources: {
      translation: Messages &
        CaseWorkMessages &
        GrievanceMessages &
        CentreMessages &
        RecruitmentMessages &
        RemittanceMessages &
        FundMessages &
        LinkageMessages &
        DuplicateMessages &
        EvidenceMessages &
        OpsMessages &
        AuditMessages;
    };
  }
}
