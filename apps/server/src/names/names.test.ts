import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { compareTokens, latinFromOriginal, personKeys, personTokens, tokenInfo } from './name-keys.ts';
import { nameTokens, searchName } from './normalise.ts';
import { phoneticKey } from './phonetic.ts';
import { VARIANT_GROUPS } from './variant-groups.ts';
import { knownVariants, variantGroupOf } from './variants.ts';

const level = (a: string, b: string) => {
  const [x] = nameTokens(a);
  const [y] = nameTokens(b);
  return compareTokens(tokenInfo(x!), tokenInfo(y!));
};

describe('name normalisation', () => {
  test('lower case, no diacritics, no punctuation, single spaces', () => {
    assert.equal(searchName('  José   MÜLLER-Ødegård '), 'jose muller odegard');
    assert.equal(searchName("Sa'id Saʿīd O’Neil"), 'said said oneil');
    assert.equal(searchName('Łukasz Strauß'), 'lukasz strauss');
  });

  test('the Arabic article and "son of" are not names; Abd compounds are split the same way in every spelling', () => {
    assert.deepEqual(nameTokens('Al-Hassan bin Ali'), ['hassan', 'ali']);
    assert.deepEqual(nameTokens('Nour ed-Din'), ['nour', 'din']);
    for (const s of ['Abdelrahman', 'Abdulrahman', 'Abd al-Rahman', 'Abdel Rahman', 'Abdirahman', 'Abdurahman'])
      assert.deepEqual(nameTokens(s), ['abd', 'rahman'], s);
    assert.deepEqual(nameTokens('Abderrahmane'), ['abd', 'rahmane']);
    for (const s of ['Abdullah', 'Abd Allah', 'عبد الله']) assert.deepEqual(nameTokens(s), ['abdullah'], s);
    assert.deepEqual(nameTokens('Abdullahi Abdalla'), ['abdullahi', 'abdalla']);
  });

  test('Arabic script is transliterated: letters to common renderings, short vowels dropped, the article split off', () => {
    assert.deepEqual(nameTokens('مُحَمَّد'), ['mhmd']);
    assert.deepEqual(nameTokens('فاطمة الزهراء'), ['fatma', 'zahra']);
    assert.deepEqual(nameTokens('إبراهيم'), ['ibrahim']);
    assert.deepEqual(nameTokens('عائشة'), ['aisha']);
    assert.deepEqual(nameTokens('مصطفى'), ['mstfa']);
    assert.deepEqual(nameTokens('سحر'), ['sahr'], 's before h is not the digraph sh');
    assert.deepEqual(nameTokens('شريف'), ['shrif']);
    assert.deepEqual(nameTokens('غلام رضا'), ['ghlam', 'rda'], 'Persian letters and names');
  });

  test('Cyrillic is transliterated', () => {
    assert.deepEqual(nameTokens('Мухаммед Алиев'), ['mukhammed', 'aliev']);
    assert.deepEqual(nameTokens('Юлия Щербак'), ['yuliya', 'shcherbak']);
    assert.deepEqual(nameTokens('Ёлкин Йод'), ['elkin', 'yod']);
  });

  test('a Latin name is made from the original script, in the usual spellings', () => {
    assert.equal(latinFromOriginal('محمد علي حسن'), 'Muhammad Ali Hassan');
    assert.equal(latinFromOriginal('عبد الرحمن إدريس'), 'Abd al-Rahman Idris');
    assert.equal(latinFromOriginal('فاطمة الزهراء'), 'Fatima al-Zahra');
    assert.equal(latinFromOriginal('Юсуф Ибрагимов'), 'Yusuf Ibragimov');
  });
});

describe('phonetic keys', () => {
  test('spellings with and without vowels agree; similar consonants merge', () => {
    for (const s of ['Mohammed', 'Muhammad', 'Mohamed', 'Mohamad', 'Muhamed', 'محمد'])
      assert.equal(phoneticKey(nameTokens(s)[0]!), 'MHMT', s);
    for (const s of ['Omar', 'Umar', 'Omer', 'عمر']) assert.equal(phoneticKey(nameTokens(s)[0]!), 'AMR', s);
    for (const s of ['Youssef', 'Yusuf', 'Yousef', 'يوسف']) assert.equal(phoneticKey(nameTokens(s)[0]!), 'ASF', s);
    assert.equal(phoneticKey('gamal'), phoneticKey('jamal'));
    assert.equal(phoneticKey('fatimah'), phoneticKey('fatima'));
    assert.equal(phoneticKey('khaled'), phoneticKey('khalid'));
  });

  test('one-letter typos match at the typo level; different names do not match at all', () => {
    assert.equal(level('Mohanmed', 'Mohammed'), 'typo');
    assert.equal(level('Fatina', 'Fatima'), 'typo');
    assert.equal(level('Sulenman', 'Suleiman'), 'typo');
    assert.equal(level('Hasasn', 'Hassan'), 'phonetic');
    assert.equal(level('Tesfaye', 'Mohammed'), null);
    assert.equal(level('Ali', 'Omar'), null);
  });
});

describe('name-variant groups', () => {
  test('Mohammed/Muhammad/Mohamed/Mohamad/Muhamed/محمد share a group, and rank above phonetic matches', () => {
    for (const s of ['Mohammed', 'Muhammad', 'Mohamed', 'Mohamad', 'Muhamed', 'محمد', 'Мухаммед', 'Maxamed'])
      assert.equal(variantGroupOf(nameTokens(s)[0]!), 'muhammad', s);
    assert.equal(level('Mohamed', 'Mohamed'), 'exact');
    assert.equal(level('Mohamed', 'محمد'), 'variant');
    assert.equal(level('Mukhammed', 'Mohamed'), 'variant');
    assert.equal(level('Mahmoud', 'Mohamed'), 'phonetic', 'a different name: only the weaker phonetic level');
  });

  test('Arabic and Latin forms of common names agree', () => {
    const pairs: [string, string][] = [
      ['Ahmed', 'أحمد'],
      ['Hussein', 'حسين'],
      ['Hassan', 'حسن'],
      ['Fatima', 'فاطمة'],
      ['Khadija', 'خديجة'],
      ['Aisha', 'عائشة'],
      ['Youssef', 'يوسف'],
      ['Ibrahim', 'إبراهيم'],
      ['Mustafa', 'مصطفى'],
      ['Khalid', 'خالد'],
      ['Osman', 'عثمان'],
      ['Suleiman', 'سليمان'],
      ['Zainab', 'زينب'],
      ['Maryam', 'مريم'],
      ['Abdullah', 'عبدالله'],
      ['Omar', 'عمر'],
      ['Ali', 'علي'],
      ['Ismail', 'إسماعيل'],
      ['Yahya', 'يحيى'],
      ['Musa', 'موسى'],
      ['Idris', 'إدريس'],
      ['Tariq', 'طارق'],
      ['Rashid', 'رشيد'],
      ['Sahar', 'سحر'],
      ['Mansour', 'منصور'],
      ['Suhail', 'سهيل'],
    ];
    for (const [latin, arabic] of pairs) assert.ok(level(latin, arabic), `${latin} and ${arabic} do not match`);
  });

  test('every entry of the table is one name token, in one group only', () => {
    assert.ok(knownVariants().size > 300);
    for (const g of VARIANT_GROUPS) for (const m of g) assert.equal(nameTokens(m).length, 1, m);
  });

  test('the table agrees with the open Wikidata variant links where Wikidata knows both spellings', (t) => {
    // ../shared/data/linkage/names/name_variants_wikidata.csv: Wikidata P460 "said to be the same as", CC0.
    const file = path.resolve(
      import.meta.dirname,
      '../../../../../shared/data/linkage/names/name_variants_wikidata.csv',
    );
    if (!fs.existsSync(file)) return t.skip('the shared data set is not present');
    const linked = new Map<string, Set<string>>();
    const link = (a: string, b: string) => {
      const s = linked.get(a) ?? new Set<string>();
      s.add(b);
      linked.set(a, s);
    };
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trimEnd().split(',');
      if (cols.length !== 5 || cols[4] !== 'said_to_be_the_same_as') continue;
      const [a] = nameTokens(cols[2]!);
      const [b] = nameTokens(cols[3]!);
      if (!a || !b || a === b) continue;
      link(a, b);
      link(b, a);
    }
    // Pairs of the table that Wikidata also links directly: the table must not contradict it often, and the
    // well-known spellings of Muhammad must be among them.
    let both = 0;
    let agreed = 0;
    for (const g of VARIANT_GROUPS) {
      const members = [...new Set(g.flatMap((m) => nameTokens(m)))].filter((m) => linked.has(m));
      for (const a of members)
        for (const b of members) {
          if (a >= b) continue;
          both++;
          if (linked.get(a)!.has(b)) agreed++;
        }
    }
    assert.ok(both > 100, `only ${both} pairs known to Wikidata`);
    t.diagnostic(`table and Wikidata agree on ${agreed} of ${both} pairs`);
    assert.ok(agreed / both > 0.6, `the table and Wikidata agree on ${agreed} of ${both} pairs`);
    for (const v of ['mohammed', 'mohamed', 'mohamad', 'muhamed'])
      assert.ok(linked.get('muhammad')?.has(v), `Wikidata links muhammad and ${v}`);
  });
});

describe('person keys', () => {
  test('a person written in two scripts gets token, variant, phonetic and typo keys, without repeats', () => {
    const keys = personKeys(personTokens(['Mohammed Ali', 'محمد علي']));
    for (const k of ['t:mohammed', 't:mhmd', 't:ali', 'v:muhammad', 'v:ali', 'p:MHMT', 'p:AL', 'd:HMT'])
      assert.ok(keys.includes(k), k);
    assert.equal(new Set(keys).size, keys.length);
    assert.ok(keys.every((k) => k.length <= 64));
  });

  test('an article written joined to the name is also indexed without it', () => {
    const keys = personKeys(personTokens(['Alhassan Elhadi']));
    assert.ok(keys.includes('t:hassan') && keys.includes('t:hadi') && keys.includes('t:alhassan'));
  });
});
