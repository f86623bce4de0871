import { defineVocabulary } from './vocabulary.ts';

/**
 * HTCDS 2.0 `vic_RelationshipToTrafficker`. `Unaquainted` is the standard's own spelling of the code; it is kept
 * so that records exchanged with other HTCDS systems match.
 */
export const traffickerRelationship = defineVocabulary({
  id: 'htcds.trafficker_relationship',
  title: 'Relationship to trafficker',
  source: 'IOM Human Trafficking Case Data Standard 2.0, vic_RelationshipToTrafficker',
  labels: {
    Familial: 'Familial',
    Acquainted: 'Acquainted',
    Unaquainted: 'Unacquainted',
  },
});
