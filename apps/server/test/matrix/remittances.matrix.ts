import { randomUUID } from 'node:crypto';
import type { MatrixPart } from './types.ts';

const base64 = (s: string) => Buffer.from(s).toString('base64');

const quote = (firm: string) => ({
  period: '2026_1Q',
  sourceCode: 'ARE',
  destinationCode: 'BGD',
  firm,
  firmType: 'Money Transfer Operator',
  paymentInstrument: 'Cash',
  accessPoint: 'Agent',
  speed: 'Next day',
  usd200: { amountLcu: 734.6, feeLcu: 15, fxMarginPct: 0.8 },
});

const survey = (name: string) => ({
  survey: name,
  originCode: 'BGD',
  destinationCode: 'ARE',
  surveyYear: 2025,
  costsPaid: 120000,
  costsCurrency: 'BDT',
  costsUsdRate: 120,
  monthlyEarnings: 1500,
  earningsCurrency: 'AED',
  earningsUsdRate: 3.6725,
});

/** Authorization rows of remittance prices, recruitment costs and the public comparison. */
export const remittancesMatrix: MatrixPart = {
  rows: {
    'GET /api/remittances/quotes': {
      anonymous: false,
      otherOrg: { none: 'prices are public data shared by all organisations; quotes never name who recorded them' },
    },
    'POST /api/remittances/quotes': {
      anonymous: false,
      otherOrg: { none: 'creates a quote; the remittances tests check duplicates of another organisation’s quote' },
      payload: quote(`Matrix ${randomUUID()}`),
    },
    'DELETE /api/remittances/quotes/:id': {
      anonymous: false,
      otherOrg: (o) => ({ url: `/api/remittances/quotes/${o.ids.remittanceQuoteId}` }),
    },
    'POST /api/remittances/imports': {
      anonymous: false,
      otherOrg: {
        none: 'imports into the caller’s organisation; a row for another organisation’s quote is refused (tests)',
      },
      payload: { filename: 'prices.csv', content: base64('period\n'), validateOnly: true },
    },
    'GET /api/remittances/sdg-10c1': {
      anonymous: false,
      otherOrg: { none: 'figures over public price data of all organisations' },
    },
    'POST /api/remittances/exports': {
      anonymous: false,
      otherOrg: { none: 'exports public prices, or the caller’s own 10.7.1 figures (tests check)' },
      payload: { list: 'quotes', format: 'csv' },
    },
    'GET /api/recruitment-costs': {
      anonymous: false,
      otherOrg: { none: 'lists the caller’s organisation’s responses only (the canary check covers it)' },
    },
    'POST /api/recruitment-costs': {
      anonymous: false,
      otherOrg: { none: 'creates in the caller’s organisation' },
      payload: survey('matrix survey'),
    },
    'POST /api/recruitment-costs/imports': {
      anonymous: false,
      otherOrg: { none: 'imports into the caller’s organisation' },
      payload: { filename: 'survey.csv', content: base64('survey\n'), validateOnly: true },
    },
    'GET /api/recruitment-costs/sdg-1071': {
      anonymous: false,
      otherOrg: { none: 'computed over the caller’s organisation’s responses only' },
    },
    'HEAD /api/remittances/quotes': { anonymous: false, otherOrg: { none: 'as GET' } },
    'HEAD /api/remittances/sdg-10c1': { anonymous: false, otherOrg: { none: 'as GET' } },
    'HEAD /api/recruitment-costs': { anonymous: false, otherOrg: { none: 'as GET' } },
    'HEAD /api/recruitment-costs/sdg-1071': { anonymous: false, otherOrg: { none: 'as GET' } },
    'GET /api/public/remittances': { anonymous: true, otherOrg: { none: 'public prices, no record' } },
    'HEAD /api/public/remittances': { anonymous: true, otherOrg: { none: 'public prices, no record' } },
    'GET /public/remittances': { anonymous: true, otherOrg: { none: 'public page, no record' } },
    'HEAD /public/remittances': { anonymous: true, otherOrg: { none: 'public page, no record' } },
  },
  async setup(t, fx) {
    const q = await t.app.inject({
      method: 'POST',
      url: '/api/remittances/quotes',
      headers: fx.session.headers,
      payload: quote(`Setup ${randomUUID()}`),
    });
    if (q.statusCode !== 201) throw new Error(`quote setup failed: ${q.body}`);
    // The survey's name carries the canary: another organisation's list must never show it.
    const s = await t.app.inject({
      method: 'POST',
      url: '/api/recruitment-costs',
      headers: fx.session.headers,
      payload: survey(`Survey ${fx.canary}`),
    });
    if (s.statusCode !== 201) throw new Error(`survey setup failed: ${s.body}`);
    return { remittanceQuoteId: q.json().id };
  },
};
