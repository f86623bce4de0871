// Generated RPW-format price files for the remittances benchmark: `corridors` corridors x `firms` services x
// `quarters` quarters, one row each, with the World Bank's column names. Deterministic (seeded), with a few
// negative FX margins and outliers (about 1 row in 1,000 each) so that the exclusion path runs too.
import fs from 'node:fs';

const SENDERS = 'ARE SAU USA GBR QAT KWT OMN BHR DEU FRA ITA ESP CAN AUS JPN KOR SGP MYS ZAF RUS'.split(' ');
const RECEIVERS = (
  'BGD PHL PAK IND NPL LKA IDN VNM EGY JOR LBN MAR TUN NGA GHA KEN UGA ETH SOM SEN MLI ' +
  'JAM MEX GTM HND SLV COL PER ECU BOL HTI DOM NIC CHN THA MMR KHM UZB TJK KGZ ARM GEO UKR MDA ALB ' +
  'SRB BIH TUR IRQ YEM SDN SSD ZWE ZMB MWI MOZ TZA RWA BDI CMR CIV TGO BEN NER BFA LBR SLE GIN'
).split(' ');

/** The first `n` corridors, sender-major (20 senders x 69 receivers = 1,380 at most). */
export function corridors(n: number): [string, string][] {
  const out: [string, string][] = [];
  for (const r of RECEIVERS)
    for (const s of SENDERS) {
      if (out.length === n) return out;
      out.push([s, r]);
    }
  if (out.length < n) throw new Error(`at most ${out.length} corridors`);
  return out;
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const quarterList = (n: number, lastYear = 2026): string[] => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = 4 * lastYear + 3 - i;
    out.unshift(`${Math.floor(k / 4)}_${(k % 4) + 1}Q`);
  }
  return out;
};

const SPEEDS = ['Less than one hour', 'Same day', 'Next day', '2 days', '3-5 days', '6 days or more'];
const HEADER =
  'period,source_code,destination_code,firm,firm_type,product,payment instrument,access point,speed actual,cc1 lcu amount,cc1 lcu fee,cc1 fx margin,cc1 total cost %,cc2 lcu amount,cc2 lcu fee,cc2 fx margin,cc2 total cost %';

/** Writes the file and returns its row count. */
export function writeRpwFile(file: string, o: { corridors: number; firms: number; quarters: number }): number {
  const rand = rng(2024);
  const fd = fs.openSync(file, 'w');
  let buf = `${HEADER}\n`;
  let rows = 0;
  const cs = corridors(o.corridors);
  for (const period of quarterList(o.quarters))
    for (const [s, d] of cs)
      for (let f = 0; f < o.firms; f++) {
        const lcu = 200 * (1 + (s.charCodeAt(0) % 7));
        const cost = 1 + rand() * 9;
        const share = 0.3 + rand() * 0.5;
        const odd = rand();
        let margin = Math.round(cost * (1 - share) * 100) / 100;
        let fee = Math.round(((cost * share * lcu) / 100) * 100) / 100;
        if (odd < 0.001) margin = -0.5;
        else if (odd < 0.002) fee = lcu * 0.6; // a 60% fee: an outlier
        buf += `${period},${s},${d},Firm ${f + 1} ${d},Money Transfer Operator,,Cash,Cash pickup,${SPEEDS[f % SPEEDS.length]},${lcu},${fee},${margin},,${lcu * 2.5},${fee},${margin},\n`;
        rows++;
        if (buf.length > 1 << 20) {
          fs.writeSync(fd, buf);
          buf = '';
        }
      }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return rows;
}
