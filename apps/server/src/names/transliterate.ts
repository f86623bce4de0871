// Arabic-script and Cyrillic names to Latin letters, for search (not for passports). The tables are our own,
// close to the common renderings people and registration staff actually type (Mohamed, Hussein, Youssef) rather
// than a scholarly system with diacritics: ALA-LC and BGN/PCGN for the letters, with ASCII-only choices.
// Arabic script writes no short vowels, so "محمد" becomes "mhmd"; the phonetic key (phonetic.ts), which ignores
// vowels, and the variant groups (variant-groups.ts) carry the match across scripts.

// Arabic letters (with the Persian and Urdu additions used in Afghanistan, Iran and Pakistan).
const ARABIC: Record<string, string> = {
  '\u0621': '', // ء hamza on the line: not written in common renderings
  '\u0622': 'a', // آ
  '\u0623': 'a', // أ
  '\u0624': 'u', // ؤ
  '\u0625': 'i', // إ
  '\u0626': 'i', // ئ
  '\u0627': 'a', // ا
  '\u0628': 'b', // ب
  '\u0629': 'a', // ة ta marbuta: Fatima, Khadija
  '\u062A': 't', // ت
  '\u062B': 'th', // ث
  '\u062C': 'j', // ج
  '\u062D': 'h', // ح
  '\u062E': 'kh', // خ
  '\u062F': 'd', // د
  '\u0630': 'dh', // ذ
  '\u0631': 'r', // ر
  '\u0632': 'z', // ز
  '\u0633': 's', // س
  '\u0634': 'sh', // ش
  '\u0635': 's', // ص
  '\u0636': 'd', // ض
  '\u0637': 't', // ط
  '\u0638': 'z', // ظ
  '\u0639': 'a', // ع ayn: written as a vowel in common renderings (Ali, Omar, Said)
  '\u063A': 'gh', // غ
  '\u0641': 'f', // ف
  '\u0642': 'q', // ق
  '\u0643': 'k', // ك
  '\u0644': 'l', // ل
  '\u0645': 'm', // م
  '\u0646': 'n', // ن
  '\u0647': 'h', // ه
  '\u0649': 'a', // ى alef maqsura: Mustafa, Yahya, Musa
  '\u0671': 'a', // ٱ alef wasla
  '\u067E': 'p', // پ
  '\u0686': 'ch', // چ
  '\u0698': 'zh', // ژ
  '\u06A9': 'k', // ک
  '\u06AF': 'g', // گ
  '\u06C0': 'a', // ۀ
  '\u06C1': 'h', // ہ
  '\u06D5': 'a', // ە
};
const WAW = new Set(['\u0648']); // و
const YEH = new Set(['\u064A', '\u06CC', '\u06D2']); // ي ی ے
const ALEF_LIKE = new Set(['\u0627', '\u0622', '\u0623', '\u0625', '\u0649', '\u0648', '\u064A', '\u06CC']);
// Short-vowel marks, shadda, sukun, tanwin, superscript alef and tatweel carry nothing the renderings keep.
const ARABIC_SILENT = /[\u0610-\u061A\u0640\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const ARABIC_LETTER = /[\u0621-\u064A\u0671-\u06D5]/;

/** Transliterates one Arabic-script word (no spaces) to lower-case Latin letters. */
function arabicWord(word: string): string {
  const letters = [...word.replace(ARABIC_SILENT, '')];
  let out = '';
  let i = 0;
  // The definite article ال at the start of a word: "al-" (the hyphen later splits it off as a particle).
  if (letters.length > 3 && letters[0] === '\u0627' && letters[1] === '\u0644') {
    out = 'al-';
    i = 2;
  }
  for (; i < letters.length; i++) {
    const c = letters[i]!;
    const next = letters[i + 1];
    const atStart = i === 0 || out.endsWith('-');
    // s, z or k before h would read as the digraphs sh, zh, kh: Latin renderings write a vowel there
    // (Sahar, Suhail, Zahra), so one is supplied.
    if (/[szk]$/.test(out) && (c === '\u062D' || c === '\u0647') && !out.endsWith('sh') && !out.endsWith('kh'))
      out += 'a';
    if (WAW.has(c)) out += atStart || (next !== undefined && next === '\u0627') ? 'w' : 'u';
    else if (YEH.has(c)) out += atStart || (next !== undefined && ALEF_LIKE.has(next)) ? 'y' : 'i';
    else out += ARABIC[c] ?? c;
  }
  // Long vowels written next to an ayn or a hamza seat double up (ع + ا): keep one.
  return out.replace(/([aiu])\1+/g, '$1');
}

// Cyrillic: Russian, Ukrainian, and the letters of Central Asian and Caucasus languages that use it.
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  ў: 'u',
  ә: 'a',
  ғ: 'gh',
  қ: 'q',
  ң: 'ng',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  ҳ: 'h',
  ҷ: 'j',
  ӣ: 'i',
  ӯ: 'u',
  ҝ: 'k',
};
const CYRILLIC_LETTER = /[\u0400-\u04FF]/;

/**
 * Replaces Arabic-script and Cyrillic letters with Latin ones; anything else passes through unchanged.
 * Expects NFC input (so й and ё are single letters) and lower-case Cyrillic or Arabic.
 */
export function transliterate(text: string): string {
  let s = text;
  if (ARABIC_LETTER.test(s)) {
    s = s.replace(/[\u0600-\u06FF]+/g, (w) => arabicWord(w));
  }
  if (CYRILLIC_LETTER.test(s)) {
    s = [...s.toLowerCase()].map((c) => CYRILLIC[c] ?? c).join('');
  }
  return s;
}

/** True when the text holds Arabic-script or Cyrillic letters. */
export const hasNonLatinScript = (text: string): boolean => ARABIC_LETTER.test(text) || CYRILLIC_LETTER.test(text);
