import { useEffect, useState } from 'react';

type Matrix = { size: number; dark: (row: number, col: number) => boolean };

/** The SVG path of the dark modules, one unit square each, offset by the 4-module quiet zone QR readers need. */
function pathOf(matrix: Matrix, quiet: number): string {
  const parts: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      if (matrix.dark(row, col)) parts.push(`M${col + quiet} ${row + quiet}h1v1h-1z`);
    }
  }
  return parts.join('');
}

/**
 * A QR code of `text`, drawn as SVG elements (no inline styles, so it passes the CSP). The encoder is loaded only
 * when a QR code is shown; if it cannot load, nothing is drawn and the secret and link remain.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const [matrix, setMatrix] = useState<Matrix | null>(null);
  useEffect(() => {
    let live = true;
    import('qrcode')
      .then((mod) => {
        const create = mod.create ?? mod.default.create;
        const qr = create(text, { errorCorrectionLevel: 'M' });
        const { size } = qr.modules;
        if (live) setMatrix({ size, dark: (row, col) => qr.modules.get(row, col) === 1 });
      })
      .catch(() => {
        if (live) setMatrix(null);
      });
    return () => {
      live = false;
    };
  }, [text]);

  if (!matrix) return null;
  const quiet = 4;
  const side = matrix.size + quiet * 2;
  return (
    <svg className="qr-code" viewBox={`0 0 ${side} ${side}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <title>{label}</title>
      <rect width={side} height={side} fill="#ffffff" />
      <path d={pathOf(matrix, quiet)} fill="#000000" />
    </svg>
  );
}
