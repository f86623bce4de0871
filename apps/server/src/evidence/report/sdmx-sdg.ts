// SDMX-CSV in the SDG data structure (the UN SDG data exchange's DF_SDG_GLH: the columns of
// ../shared/data/samples/sdg-10c1.sdmx.csv) for the tables of indicators that feed an SDG indicator with a series
// code Corridor knows and whose breakdowns that structure can express:
// - `sdg_10_c_1` without breakdown: SERIES SI_RMT_COST, the global average (REF_AREA 1, the world) per quarter;
// - `trafficking_victims_assisted` by form of exploitation, sex, age group or country: SERIES VC_HTF_DETV (all
//   forms) and VC_HTF_DETVFL (forced labour), VC_HTF_DETVSX (sexual exploitation), VC_HTF_DETVOG (organ removal).
//   Other forms are left out: they would pool into "other purposes" (DETVOP), and a victim of two forms would be
//   counted twice in a pooled value. REF_AREA is the country's M49 code (the country breakdown, else the
//   organisation's country; the world for the platform).
// Anything else (other indicators, corridors, p-codes, nationalities...) stays in Corridor's own dataflow. A
// withheld value has an empty OBS_VALUE and OBS_STATUS M; only published values leave, as in every export.
import { ALL } from '../dimensions.ts';
import type { ExportableTable } from './exports.ts';

/** ISO 3166-1 alpha-3 code and UN M49 numeric code, from ../shared/data/reference/datasets_country_codes.csv. */
const M49_PAIRS =
  'ABW533 AFG4 AGO24 AIA660 ALA248 ALB8 AND20 ARE784 ARG32 ARM51 ASM16 ATA10 ATF260 ATG28 AUS36 AUT40 ' +
  'AZE31 BDI108 BEL56 BEN204 BES535 BFA854 BGD50 BGR100 BHR48 BHS44 BIH70 BLM652 BLR112 BLZ84 BMU60 ' +
  'BOL68 BRA76 BRB52 BRN96 BTN64 BVT74 BWA72 CAF140 CAN124 CCK166 CHE756 CHL152 CHN156 CIV384 CMR120 ' +
  'COD180 COG178 COK184 COL170 COM174 CPV132 CRI188 CUB192 CUW531 CXR162 CYM136 CYP196 CZE203 DEU276 ' +
  'DJI262 DMA212 DNK208 DOM214 DZA12 ECU218 EGY818 ERI232 ESH732 ESP724 EST233 ETH231 FIN246 FJI242 ' +
  'FLK238 FRA250 FRO234 FSM583 GAB266 GBR826 GEO268 GGY831 GHA288 GIB292 GIN324 GLP312 GMB270 GNB624 ' +
  'GNQ226 GRC300 GRD308 GRL304 GTM320 GUF254 GUM316 GUY328 HKG344 HMD334 HND340 HRV191 HTI332 HUN348 ' +
  'IDN360 IMN833 IND356 IOT86 IRL372 IRN364 IRQ368 ISL352 ISR376 ITA380 JAM388 JEY832 JOR400 JPN392 ' +
  'KAZ398 KEN404 KGZ417 KHM116 KIR296 KNA659 KOR410 KWT414 LAO418 LBN422 LBR430 LBY434 LCA662 LIE438 ' +
  'LKA144 LSO426 LTU440 LUX442 LVA428 MAC446 MAF663 MAR504 MCO492 MDA498 MDG450 MDV462 MEX484 MHL584 ' +
  'MKD807 MLI466 MLT470 MMR104 MNE499 MNG496 MNP580 MOZ508 MRT478 MSR500 MTQ474 MUS480 MWI454 MYS458 ' +
  'MYT175 NAM516 NCL540 NER562 NFK574 NGA566 NIC558 NIU570 NLD528 NOR578 NPL524 NRU520 NZL554 OMN512 ' +
  'PAK586 PAN591 PCN612 PER604 PHL608 PLW585 PNG598 POL616 PRI630 PRK408 PRT620 PRY600 PSE275 PYF258 ' +
  'QAT634 REU638 ROU642 RUS643 RWA646 SAU682 SDN729 SEN686 SGP702 SGS239 SHN654 SJM744 SLB90 SLE694 ' +
  'SLV222 SMR674 SOM706 SPM666 SRB688 SSD728 STP678 SUR740 SVK703 SVN705 SWE752 SWZ748 SXM534 SYC690 ' +
  'SYR760 TCA796 TCD148 TGO768 THA764 TJK762 TKL772 TKM795 TLS626 TON776 TTO780 TUN788 TUR792 TUV798 ' +
  'TWN158 TZA834 UGA800 UKR804 UMI581 URY858 USA840 UZB860 VAT336 VCT670 VEN862 VGB92 VIR850 VNM704 ' +
  'VUT548 WLF876 WSM882 YEM887 ZAF710 ZMB894 ZWE716 ';

const M49 = new Map<string, string>();
for (const p of M49_PAIRS.split(' ')) if (p.length > 3) M49.set(p.slice(0, 3), p.slice(3));

/** The UN M49 code of an alpha-3 country code, or null. */
export const m49Of = (alpha3: string): string | null => M49.get(alpha3) ?? null;

/** The columns of the SDG data structure, in order. */
export const SDG_COLUMNS = [
  'DATAFLOW',
  'FREQ',
  'REPORTING_TYPE',
  'SERIES',
  'REF_AREA',
  'SEX',
  'AGE',
  'URBANISATION',
  'INCOME_WEALTH_QUANTILE',
  'EDUCATION_LEV',
  'OCCUPATION',
  'CUST_BREAKDOWN',
  'COMPOSITE_BREAKDOWN',
  'DISABILITY_STATUS',
  'ACTIVITY',
  'PRODUCT',
  'TIME_PERIOD',
  'OBS_VALUE',
  'UNIT_MEASURE',
  'UNIT_MULT',
  'NATURE',
  'OBS_STATUS',
] as const;

const DATAFLOW = 'IAEG-SDGs:DF_SDG_GLH(1.26)';
const WORLD = '1';
const FREQ = { year: 'A', quarter: 'Q', month: 'M' } as const;

const VICTIM_SERIES: Record<string, string> = {
  [ALL]: 'VC_HTF_DETV',
  ForcedLabour: 'VC_HTF_DETVFL',
  SexualExploitation: 'VC_HTF_DETVSX',
  OrganRemoval: 'VC_HTF_DETVOG',
};
const SEX: Record<string, string> = { [ALL]: '_T', female: 'F', male: 'M' };
const AGE: Record<string, string> = {
  [ALL]: '_T',
  '0-17': 'Y0T17',
  '18-24': 'Y18T24',
  '25-59': 'Y25T59',
  '60+': 'Y_GE60',
};

/** How a table maps to the SDG structure: its series, its unit and what it may be broken down by. */
type SdgMapping = {
  series: (values: Readonly<Record<string, string | undefined>>) => string | null;
  unit: string;
  reportingType: string;
  by: readonly string[];
  /** The series is a global figure: REF_AREA is the world (1) whoever exports it, not the organisation's country. */
  global?: true;
};

const MAPPINGS: Record<string, SdgMapping> = {
  sdg_10_c_1: {
    series: (v) => (v.corridor === undefined || v.corridor === ALL ? 'SI_RMT_COST' : null),
    unit: 'PT',
    reportingType: 'G',
    by: [],
    // The average over every corridor priced (SDG 10.c.1's global series), not a figure of one country.
    global: true,
  },
  trafficking_victims_assisted: {
    series: (v) => VICTIM_SERIES[v.exploitation_type ?? ALL] ?? null,
    unit: 'NUMBER',
    reportingType: 'N',
    by: ['exploitation_type', 'sex', 'age_group', 'country'],
  },
};

/**
 * Can this table be written in the SDG structure, with `area` the REF_AREA of the exporter (null: none has an M49
 * code)? A global series needs none.
 */
export function fitsSdgStructure(t: ExportableTable, area: string | null): boolean {
  const m = MAPPINGS[t.indicatorId];
  return m !== undefined && t.sdg !== null && t.by.every((d) => m.by.includes(d)) && (m.global || area !== null);
}

/**
 * The rows (header first) of a table in the SDG structure. `area` is the REF_AREA of the whole table (the
 * organisation's country, or the world); a country breakdown names its own.
 */
export function sdgRows(t: ExportableTable, area: string | null): string[][] {
  const m = MAPPINGS[t.indicatorId]!;
  const rows: string[][] = [[...SDG_COLUMNS]];
  for (const c of t.cells) {
    const series = m.series(c.values);
    const country = c.values.country;
    const ref = m.global ? WORLD : country === undefined || country === ALL ? area : m49Of(country);
    const sex = SEX[c.values.sex ?? ALL];
    const age = AGE[c.values.age_group ?? ALL];
    // A value the structure cannot name (another form, an unknown sex or age, a country without M49 code) is left out.
    if (!series || !ref || !sex || !age) continue;
    rows.push([
      DATAFLOW,
      FREQ[t.grain],
      m.reportingType,
      series,
      ref,
      sex,
      age,
      '_T',
      '_T',
      '_T',
      '_T',
      '_T',
      '_T',
      '_T',
      '_T',
      '_T',
      c.period,
      c.value === null ? '' : String(c.value),
      m.unit,
      '0',
      'C',
      c.value === null ? 'M' : 'A',
    ]);
  }
  return rows;
}
