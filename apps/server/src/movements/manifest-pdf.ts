// A printable passenger manifest as PDF, written directly (PDF 1.4, ISO 32000-1): landscape A4 pages of text in the
// standard Helvetica fonts, which every PDF reader has, so no font is embedded and no browser is started (a
// 300-passenger manifest takes milliseconds). Text is encoded in WinAnsi; a character outside it (the manifest uses
// the Latin form of names, so this is rare) is printed as "?".

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

// Windows-1252 positions 0x80-0x9F that differ from Latin-1.
const WIN_ANSI_EXTRA: Readonly<Record<string, number>> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/** A PDF string literal of `s` in WinAnsi bytes (as a latin1 JS string), with (, ) and \ escaped. */
function pdfString(s: string): string {
  let out = '(';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    let b: number;
    if (cp >= 0x20 && cp <= 0x7e) b = cp;
    else if (cp >= 0xa0 && cp <= 0xff) b = cp;
    else b = WIN_ANSI_EXTRA[ch] ?? 0x3f;
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
}

// Helvetica advance widths are close to 0.5 em on average for mixed text; cells are clipped by characters.
const fits = (s: string, width: number): string => {
  const max = Math.max(1, Math.floor(width / (FONT_SIZE * 0.5)));
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
};

const text = (x: number, y: number, s: string, font: 'F1' | 'F2', size = FONT_SIZE) =>
  `BT /${font} ${size} Tf ${x.toFixed(1)} ${y.toFixed(1)} Td ${pdfString(s)} Tj ET\n`;

/** The content streams of the pages: header on every page, column heads, rows, a page number. */
function pageStreams(h: ManifestHeader, t: ManifestTable): string[] {
  const headH = 18 + h.lines.length * 11 + 10;
  const perPage = Math.max(1, Math.floor((PAGE_H - 2 * MARGIN - headH - ROW_H - 14) / ROW_H));
  const pages = Math.max(1, Math.ceil(t.rows.length / perPage));
  const out: string[] = [];
  for (let p = 0; p < pages; p++) {
    let s = '';
    let y = PAGE_H - MARGIN - 12;
    s += text(MARGIN, y, h.title, 'F2', 13);
    for (const line of h.lines) {
      y -= 11;
      s += text(MARGIN, y, line, 'F1', 9);
    }
    y -= 18;
    let x = MARGIN;
    s += `0.85 g ${MARGIN} ${(y - 4).toFixed(1)} ${PAGE_W - 2 * MARGIN} ${ROW_H} re f 0 g\n`;
    for (const c of t.columns) {
      s += text(x + 2, y, fits(c.label, c.width - 4), 'F2');
      x += c.width;
    }
    for (const r of t.rows.slice(p * perPage, (p + 1) * perPage)) {
      y -= ROW_H;
      x = MARGIN;
      r.forEach((cell, i) => {
        const w = t.columns[i]?.width ?? 60;
        s += text(x + 2, y, fits(cell, w - 4), 'F1');
        x += w;
      });
      s += `0.8 G 0.3 w ${MARGIN} ${(y - 4).toFixed(1)} m ${PAGE_W - MARGIN} ${(y - 4).toFixed(1)} l S\n`;
    }
    s += text(PAGE_W - MARGIN - 60, MARGIN - 12, `${p + 1} / ${pages}`, 'F1');
    out.push(s);
  }
  return out;
}

/** The manifest as a PDF file. */
export function manifestPdf(h: ManifestHeader, t: ManifestTable): Buffer {
  const streams = pageStreams(h, t);
  const objects: string[] = [];
  // 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, then page i at 5+2i and its content at 6+2i.
  const kids = streams.map((_, i) => `${5 + 2 * i} 0 R`).join(' ');
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Kids [${kids}] /Count ${streams.length} >>`);
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  streams.forEach((content, i) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${6 + 2 * i} 0 R >>`,
    );
    objects.push(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`);
  });
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
