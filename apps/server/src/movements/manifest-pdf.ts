// A printable passenger manifest as PDF (landscape A4), written with pdf-lib and a Unicode TrueType font embedded as
// a subset (DejaVu Sans from Debian's fonts-dejavu-core), so names print in the script they are written in: Latin,
// Cyrillic, Greek, Arabic, Hebrew... Text is shaped by fontkit (Arabic letters take their joined forms) and each
// cell is split into runs of one direction, placed by a small form of the Unicode bidirectional algorithm (UAX #9:
// strong right-to-left letters, strong others, neutrals taking the direction around them), so an Arabic name reads
// right to left inside a left-to-right table and copying text out of the PDF gives the name back (ToUnicode map).
// Scripts the font does not cover (CJK, most Indic scripts) print as empty boxes; the CSV and XLSX exports carry them.
import fs from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import {
  beginText,
  endText,
  moveText,
  PDFDocument,
  type PDFFont,
  type PDFHexString,
  type PDFName,
  type PDFPage,
  rgb,
  setFontAndSize,
  showText,
} from 'pdf-lib';
import { DomainError } from '../errors.ts';

export type ManifestHeader = {
  title: string;
  lines: string[];
};

export type ManifestTable = {
  columns: { label: string; width: number }[];
  rows: string[][];
};

const PAGE_W = 842;
const PAGE_H = 595;
const MARGIN = 36;
const ROW_H = 14;
const FONT_SIZE = 8;

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONTS = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

let fontBytes: { regular: Buffer; bold: Buffer } | null = null;

/** The font files, read once per process; refused with report_renderer_unavailable when they are not installed. */
function fonts(): { regular: Buffer; bold: Buffer } {
  if (fontBytes) return fontBytes;
  try {
    fontBytes = {
      regular: fs.readFileSync(`${FONT_DIR}/${FONTS.regular}`),
      bold: fs.readFileSync(`${FONT_DIR}/${FONTS.bold}`),
    };
    return fontBytes;
  } catch {
    throw new DomainError(
      'report_renderer_unavailable',
      `Manifest PDFs need the DejaVu fonts in ${FONT_DIR} (Debian: apt-get install fonts-dejavu-core).`,
    );
  }
}

// Scripts written right to left, and what counts as a strong letter or digit of any other script.
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const STRONG = /[\p{L}\p{N}]/u;
const MIRROR: Readonly<Record<string, string>> = {
  '(': ')',
  ')': '(',
  '[': ']',
  ']': '[',
  '{': '}',
  '}': '{',
  '<': '>',
  '>': '<',
  '«': '»',
  '»': '«',
};

/** One piece of a line in one direction, in the order it is drawn from left to right. */
export type Run = { text: string; rtl: boolean };

/**
 * The runs of a line in visual order (left to right). The line takes the direction of its first strong character;
 * a neutral (space, punctuation) between two right-to-left characters joins them, any other takes the line's
 * direction; right-to-left runs have their brackets mirrored and are laid out right to left by the font engine.
 */
export function visualRuns(line: string): Run[] {
  const chars = [...line];
  const kind = chars.map((c) => (RTL.test(c) ? 'R' : STRONG.test(c) ? 'L' : 'N'));
  const first = kind.find((k) => k !== 'N');
  const base = first === 'R' ? 'R' : 'L';
  // The nearest strong character before and after each position.
  const before: string[] = [];
  let prev = base;
  for (const k of kind) {
    before.push(prev);
    if (k !== 'N') prev = k;
  }
  const after: string[] = new Array(kind.length);
  let next = base;
  for (let i = kind.length - 1; i >= 0; i--) {
    after[i] = next;
    if (kind[i] !== 'N') next = kind[i]!;
  }
  const resolved = kind.map((k, i) => (k !== 'N' ? k : before[i] === 'R' && after[i] === 'R' ? 'R' : base));
  const runs: Run[] = [];
  chars.forEach((c, i) => {
    const rtl = resolved[i] === 'R';
    const ch = rtl ? (MIRROR[c] ?? c) : c;
    const last = runs.at(-1);
    if (last && last.rtl === rtl) last.text += ch;
    else runs.push({ text: ch, rtl });
  });
  return base === 'R' ? runs.reverse() : runs;
}

/**
 * A font of the document with what was already shaped: each distinct text is laid out once (its glyphs, which the
 * subset keeps, and its width), since a manifest repeats most cells (sex, dates, statuses, document types).
 */
class Face {
  private readonly shaped = new Map<string, { hex: PDFHexString; em: number }>();
  constructor(readonly font: PDFFont) {}

  private get(text: string) {
    let s = this.shaped.get(text);
    if (!s) {
      s = { hex: this.font.encodeText(text), em: this.font.widthOfTextAtSize(text, 1) };
      this.shaped.set(text, s);
    }
    return s;
  }

  /** The width of `text` at `size` points. */
  width(text: string, size: number): number {
    return this.get(text).em * size;
  }

  /** The PDF operators that show `text` with its left edge at (x, y); `key` is the font's name on the page. */
  show(key: PDFName, size: number, x: number, y: number, text: string) {
    return [beginText(), setFontAndSize(key, size), moveText(x, y), showText(this.get(text).hex), endText()];
  }
}

/** A page and the names its fonts have there. */
type Sheet = { page: PDFPage; keys: Map<Face, PDFName> };

/** Draws a line of text with its left edge at x, run by run in visual order. */
function drawLine(sheet: Sheet, face: Face, size: number, x: number, y: number, line: string): void {
  let key = sheet.keys.get(face);
  if (!key) {
    key = sheet.page.node.newFontDictionary(face.font.name, face.font.ref);
    sheet.keys.set(face, key);
  }
  let at = x;
  const runs = visualRuns(line);
  runs.forEach((run, i) => {
    sheet.page.pushOperators(...face.show(key, size, at, y, run.text));
    if (i < runs.length - 1) at += face.width(run.text, size);
  });
}

/** The text cut (with an ellipsis) to fit `width` points. */
function fit(face: Face, size: number, text: string, width: number): string {
  if (face.width(text, size) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (face.width(`${chars.slice(0, mid).join('')}…`, size) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('')}…`;
}

/** The manifest as a PDF file: header on every page, column heads, rows, a page number. */
export async function manifestPdf(h: ManifestHeader, t: ManifestTable): Promise<Buffer> {
  const bytes = fonts();
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(h.title);
  doc.setProducer('Corridor');
  const regular = new Face(await doc.embedFont(bytes.regular, { subset: true }));
  const bold = new Face(await doc.embedFont(bytes.bold, { subset: true }));
  const headH = 18 + h.lines.length * 11 + 10;
  const perPage = Math.max(1, Math.floor((PAGE_H - 2 * MARGIN - headH - ROW_H - 14) / ROW_H));
  const pages = Math.max(1, Math.ceil(t.rows.length / perPage));
  const textWidth = PAGE_W - 2 * MARGIN;
  for (let p = 0; p < pages; p++) {
    const sheet: Sheet = { page: doc.addPage([PAGE_W, PAGE_H]), keys: new Map() };
    let y = PAGE_H - MARGIN - 12;
    drawLine(sheet, bold, 13, MARGIN, y, fit(bold, 13, h.title, textWidth));
    for (const line of h.lines) {
      y -= 11;
      drawLine(sheet, regular, 9, MARGIN, y, fit(regular, 9, line, textWidth));
    }
    y -= 18;
    sheet.page.drawRectangle({ x: MARGIN, y: y - 4, width: textWidth, height: ROW_H, color: rgb(0.85, 0.85, 0.85) });
    let x = MARGIN;
    for (const c of t.columns) {
      drawLine(sheet, bold, FONT_SIZE, x + 2, y, fit(bold, FONT_SIZE, c.label, c.width - 4));
      x += c.width;
    }
    for (const r of t.rows.slice(p * perPage, (p + 1) * perPage)) {
      y -= ROW_H;
      x = MARGIN;
      r.forEach((cell, i) => {
        const w = t.columns[i]?.width ?? 60;
        if (cell) drawLine(sheet, regular, FONT_SIZE, x + 2, y, fit(regular, FONT_SIZE, cell, w - 4));
        x += w;
      });
      sheet.page.drawLine({
        start: { x: MARGIN, y: y - 4 },
        end: { x: PAGE_W - MARGIN, y: y - 4 },
        thickness: 0.3,
        color: rgb(0.8, 0.8, 0.8),
      });
    }
    drawLine(sheet, regular, FONT_SIZE, PAGE_W - MARGIN - 60, MARGIN - 12, `${p + 1} / ${pages}`);
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
