// Every vocabulary Corridor speaks, by id. The API serves them (GET /api/vocabularies) and docs/cases.md lists
// them; a test keeps the two in step.
import { caseType } from './case-type.ts';
import { gbvContext } from './gbvims-context.ts';
import { gbvCoreType } from './gbvims-core-type.ts';
import { caseStatus } from './htcds-case-status.ts';
import { exploitationType } from './htcds-exploitation-type.ts';
import { forcedLabourIndustry } from './htcds-forced-labour-industry.ts';
import { methodOfControl } from './htcds-method-of-control.ts';
import { perpetratorRole } from './htcds-perpetrator-role.ts';
import { recruitmentMethod } from './htcds-recruitment-method.ts';
import { referralReason } from './htcds-referral-reason.ts';
import { sexualExploitationType } from './htcds-sexual-exploitation-type.ts';
import { statusDecisionBody } from './htcds-status-decision-body.ts';
import { supportPlanType } from './htcds-support-plan-type.ts';
import { traffickerRelationship } from './htcds-trafficker-relationship.ts';
import { traffickingEventType } from './htcds-trafficking-event-type.ts';
import { traffickingStatus } from './htcds-trafficking-status.ts';
import { vulnerability } from './htcds-vulnerability.ts';
import { serviceType } from './service-type.ts';
import type { Vocabulary } from './vocabulary.ts';

/** All vocabularies, in the order the documentation lists them. */
export const VOCABULARIES: readonly Vocabulary[] = [
  caseType,
  caseStatus,
  serviceType,
  supportPlanType,
  referralReason,
  traffickingStatus,
  statusDecisionBody,
  exploitationType,
  sexualExploitationType,
  forcedLabourIndustry,
  methodOfControl,
  recruitmentMethod,
  traffickerRelationship,
  vulnerability,
  perpetratorRole,
  traffickingEventType,
  gbvCoreType,
  gbvContext,
];
