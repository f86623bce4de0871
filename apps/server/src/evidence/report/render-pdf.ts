// The report's PDF: the HTML rendering printed by the system's chromium in headless mode (Debian's /usr/bin/chromium,
// never a downloaded browser), so the PDF shows exactly the HTML with its server-drawn SVG charts. The page may load
// nothing from anywhere: every request it would make is refused, and JavaScript is off.
import fs from 'node:fs';
import { DomainError } from '../../errors.ts';

/** Prints a self-contained HTML document to an A4 PDF with the chromium at `executablePath`. */
export async function renderPdf(html: string, executablePath: string): Promise<Buffer> {
  if (!fs.existsSync(executablePath))
    throw new DomainError(
      'report_renderer_unavailable',
      `PDF reports need chromium at ${executablePath} (Debian: apt-get install chromium; or set CORRIDOR_CHROMIUM_PATH).`,
    );
  // Loaded on demand: only PDF rendering needs it.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ['--disable-gpu'] });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
