import type { Selectable } from 'kysely';

/** One price quote (RPW row): a service in a corridor in a quarter, for USD 200 (cc1) and USD 500 (cc2). */
export interface RemittanceQuoteTable {
  id: string;
  /** The organisation that recorded it (only it may change or delete it); never shown to others. */
  organisation_id: string;
  /** The quarter as RPW writes it: 2025_1Q. */
  period: string;
  source_code: string;
  destination_code: string;
  firm: string;
  firm_type: string;
  /** The product name; '' when the firm has one product in the corridor. */
  product: string;
  payment_instrument: string;
  access_point: string;
  /** The speed as given (e.g. "Next day"), and the days it means (the upper bound) for SmaRT. */
  speed: string;
  speed_days: number;
  transparent: number;
  accessible: number;
  cc1_amount_lcu: number | null;
  cc1_fee_lcu: number | null;
  cc1_fx_margin: number;
  cc1_total_cost: number;
  cc2_amount_lcu: number | null;
  cc2_fee_lcu: number | null;
  cc2_fx_margin: number | null;
  cc2_total_cost: number | null;
  entered_by: 'import' | 'manual';
  created_by: string | null;
  created_at: string;
  updated_at: string;
}
export type RemittanceQuoteRow = Selectable<RemittanceQuoteTable>;

/** Corridor averages per quarter from an outside series (the RPW history). */
export interface RemittanceCorridorHistoryTable {
  period: string;
  source_code: string;
  destination_code: string;
  avg_cost_200: number | null;
  avg_cost_500: number | null;
  avg_fx_margin_200: number | null;
  avg_fx_margin_500: number | null;
  providers: number | null;
  dataset: string;
  loaded_at: string;
}

/** One worker's answer to a recruitment-cost survey (SDG 10.7.1). */
export interface RecruitmentCostResponseTable {
  id: string;
  organisation_id: string;
  survey: string;
  respondent_ref: string | null;
  origin_code: string;
  destination_code: string;
  survey_year: number;
  sector: string | null;
  costs_paid: number;
  costs_currency: string;
  costs_usd_rate: number;
  monthly_earnings: number;
  earnings_currency: string;
  earnings_usd_rate: number;
  created_by: string | null;
  created_at: string;
}
export type RecruitmentCostResponseRow = Selectable<RecruitmentCostResponseTable>;
