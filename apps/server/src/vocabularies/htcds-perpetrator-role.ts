import { defineVocabulary } from './vocabulary.ts';

/** HTCDS 2.0 `per_RoleInProcess`: the roles perpetrators played (several per case). */
export const perpetratorRole = defineVocabulary({
  id: 'htcds.perpetrator_role',
  title: 'Perpetrator role in the trafficking process',
  source: 'IOM Human Trafficking Case Data Standard 2.0, per_RoleInProcess',
  labels: {
    TravellingPartner: 'Travelling partner',
    Transporter: 'Transporter',
    RecruiterOrIntermediary: 'Recruiter or intermediary',
    BrokerTravelAgent: 'Broker or travel agent',
    TransferredIndividual: 'Transferred the individual',
    HarbouredIndividual: 'Harboured the individual',
    SoldIndividual: 'Sold the individual',
    BoughtIndividual: 'Bought the individual',
    ReceivedIndividual: 'Received the individual',
    ControlledIndividual: 'Controlled the individual',
    Smuggler: 'Smuggler',
    Abuser: 'Abuser',
    Kidnapper: 'Kidnapper',
    Exploiter: 'Exploiter',
    Other: 'Other',
  },
});
