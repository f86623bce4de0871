// Country codes (ISO 3166-1 alpha-3, as Corridor stores them) and their names in the page's language. Node's ICU
// names regions by alpha-2 code, so each alpha-3 code keeps its alpha-2 twin. The pairs come from the country-codes
// data set (../shared/data/reference/datasets_country_codes.csv, ODC-PDDL-1.0), plus Kosovo (XKX).
const PAIRS =
  'ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASMAS ATAAQ ATFTF ATGAG AUSAU AUTAT ' +
  'AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY BLZBZ BMUBM BOLBO ' +
  'BRABR BRBBB BRNBN BTNBT BVTBV BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN CIVCI CMRCM CODCD COGCG ' +
  'COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO ' +
  'DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB ' +
  'GEOGE GGYGG GHAGH GIBGI GINGN GLPGP GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY ' +
  'HKGHK HMDHM HNDHN HRVHR HTIHT HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT ' +
  'JAMJM JEYJE JORJO JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY ' +
  'LCALC LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX MHLMH ' +
  'MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW MYSMY MYTYT NAMNA ' +
  'NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ OMNOM PAKPK PANPA PCNPN PERPE ' +
  'PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF QATQA REURE ROURO RUSRU RWARW SAUSA ' +
  'SDNSD SENSN SGPSG SGSGS SHNSH SJMSJ SLBSB SLESL SLVSV SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR ' +
  'SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO ' +
  'TTOTT TUNTN TURTR TUVTV TWNTW TZATZ UGAUG UKRUA UMIUM URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG ' +
  'VIRVI VNMVN VUTVU WLFWF WSMWS YEMYE ZAFZA ZMBZM ZWEZW XKXXK ';

const ALPHA2 = new Map<string, string>();
for (const p of PAIRS.split(' ')) if (p.length === 5) ALPHA2.set(p.slice(0, 3), p.slice(3));

/** True for a known ISO 3166-1 alpha-3 code. */
export const isCountryCode = (code: string): boolean => ALPHA2.has(code);

/** The ISO 3166-1 alpha-2 twin of an alpha-3 code (IATI and FTS use alpha-2), or null for an unknown code. */
export const alpha2Of = (code: string): string | null => ALPHA2.get(code) ?? null;

const names = new Map<string, Intl.DisplayNames>();

/** The country's name in `lang`, or its code when the runtime has no name for it. */
export function countryName(code: string, lang: string): string {
  const a2 = ALPHA2.get(code);
  if (!a2) return code;
  let dn = names.get(lang);
  if (!dn) {
    dn = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    names.set(lang, dn);
  }
  return dn.of(a2) ?? code;
}

const byName = new Map<string, readonly { code: string; name: string }[]>();

/** Every known country, sorted by its name in `lang` (a form's list to choose from); kept per language. */
export function countriesByName(lang: string): readonly { code: string; name: string }[] {
  let list = byName.get(lang);
  if (!list) {
    const collator = new Intl.Collator(lang);
    list = [...ALPHA2.keys()]
      .map((code) => ({ code, name: countryName(code, lang) }))
      .sort((a, b) => collator.compare(a.name, b.name));
    byName.set(lang, list);
  }
  return list;
}
