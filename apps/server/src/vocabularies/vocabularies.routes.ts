import { VocabularyList } from '@corridor/contracts';
import { casePolicies as policy } from '../cases/cases.policy.ts';
import { defineRoute } from '../http/route.ts';
import { VOCABULARIES } from './index.ts';

export const vocabularyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/vocabularies',
    operationId: 'listVocabularies',
    summary: 'Every controlled vocabulary (HTCDS 2.0, GBVIMS, Corridor): codes with English labels and sources',
    tags: ['cases'],
    policy: policy.vocabularies,
    response: { status: 200, schema: VocabularyList, description: 'The vocabularies, in documentation order.' },
    handler: async () => ({
      body: {
        items: VOCABULARIES.map((v) => ({
          id: v.id,
          title: v.title,
          source: v.source,
          entries: v.codes.map((code) => ({ code, label: v.labels[code] })),
        })),
      },
    }),
  }),
];
