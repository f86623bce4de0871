// Countries as Corridor stores them (ISO 3166-1 alpha-3, like the API) with their alpha-2 twin, which is what the
// browser's Intl.DisplayNames needs to name a country in the interface language. The pairs are the UN M49 list
// (../shared/data/reference/unsd_m49_methodology_en.csv) plus Kosovo (XKX), used by UN agencies.

// Five letters per country: the alpha-3 code then the alpha-2 code ("AFGAF" is Afghanistan).
const PAIRS =
  'ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT AZEAZ ' +
  'BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO BRABR BRBBB ' +
  'BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG COKCK COLCO COMKM ' +
  'CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO DZADZ ECUEC EGYEG ERIER ' +
  'ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB GEOGE GGYGG GHAGH GIBGI GINGN ' +
  'GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU ' +
  'IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG ' +
  'KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO ' +
  'MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR ' +
  'MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR ' +
  'NZLNZ OMNOM PAKPK PANPA PCNPN PERPE PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA ' +
  'REURE ROURO RUSRU RWARW SAUSA SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM ' +
  'SRBRS SSDSS STPST SURSR SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK ' +
  'TKMTM TLSTL TONTO TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC ' +
  'VENVE VGBVG VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW ' +
  'XKXXK';

const ALPHA2 = new Map<string, string>();
for (const pair of PAIRS.split(' ')) {
  if (pair.length === 5) ALPHA2.set(pair.slice(0, 3), pair.slice(3));
}

/** Every country code the pickers offer (ISO 3166-1 alpha-3). */
export const COUNTRY_CODES: readonly string[] = [...ALPHA2.keys()];

const namesCache = new Map<string, Intl.DisplayNames | null>();

function displayNames(lng: string): Intl.DisplayNames | null {
  if (!namesCache.has(lng)) {
    try {
      namesCache.set(lng, new Intl.DisplayNames([lng], { type: 'region', fallback: 'none' }));
    } catch {
      namesCache.set(lng, null);
    }
  }
  return namesCache.get(lng) ?? null;
}

/** The country's name in the interface language ("Soudan" for SDN in French), or the code when unknown. */
export function countryName(code: string, lng: string): string {
  const alpha2 = ALPHA2.get(code);
  if (!alpha2) return code;
  return displayNames(lng)?.of(alpha2) ?? code;
}

/** Countries with their names, sorted for the language, for a select. */
export function countryOptions(lng: string): { value: string; label: string }[] {
  const collator = new Intl.Collator(lng);
  return COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code, lng) })).sort((a, b) =>
    collator.compare(a.label, b.label),
  );
}

const languageCache = new Map<string, Intl.DisplayNames | null>();

/** A language's name in the interface language ("Tigrinya" for `ti`), or the code itself. */
export function languageName(code: string, lng: string): string {
  if (!languageCache.has(lng)) {
    try {
      languageCache.set(lng, new Intl.DisplayNames([lng], { type: 'language', fallback: 'none' }));
    } catch {
      languageCache.set(lng, null);
    }
  }
  try {
    return languageCache.get(lng)?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** ISO 4217 currencies the browser knows, with their names in the interface language, for a select. */
export function currencyOptions(lng: string): { value: string; label: string }[] {
  let codes: string[] = [];
  try {
    codes = Intl.supportedValuesOf('currency');
  } catch {
    codes = ['USD', 'EUR'];
  }
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([lng], { type: 'currency', fallback: 'code' });
  } catch {
    names = null;
  }
  return codes.map((code) => ({ value: code, label: `${code} · ${names?.of(code) ?? code}` }));
}

/** Countries named in the interface language, joined by the language's separator (`, `, `، ` in Arabic). */
export function countryNames(codes: readonly string[], lng: string, separator: string): string {
  return codes.map((c) => countryName(c, lng)).join(separator);
}

/** Origin-to-destination pairs by name, with the arrow of the reading direction, joined by `separator`. */
export function corridorNames(
  corridors: readonly { origin: string; destination: string }[],
  lng: string,
  arrow: string,
  separator: string,
): string {
  return corridors
    .map((c) => `${countryName(c.origin, lng)} ${arrow} ${countryName(c.destination, lng)}`)
    .join(separator);
}
