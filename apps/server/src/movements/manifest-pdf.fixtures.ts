// Reading a PDF's text back in tests (not a test file itself): poppler's pdftotext (Debian's poppler-utils) gives
// the text through the embedded fonts' ToUnicode maps, without the directional marks it adds around right-to-left
// text.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** True when pdftotext is installed. */
export const hasPdftotext = !spawnSync('pdftotext', ['-v']).error;

/** The text of a PDF, as a reader copying it out would get it. */
export function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'manifest-'));
  try {
    const file = path.join(dir, 'm.pdf');
    fs.writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
      /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
      '',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
