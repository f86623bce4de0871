/**
 * HTML for the public pages, escaped by construction: `html` is a tagged template whose interpolated values are
 * escaped unless they are already `SafeHtml` (another `html` fragment). Arrays are joined (each element escaped
 * the same way); null, undefined and false render nothing. There is no way to insert unescaped text except
 * `trustedHtml`, meant for constant markup written in the source, never for input.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

/** Builds an HTML fragment; every interpolated value is escaped unless it is itself SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks constant markup from the source as safe. Never pass anything that came from a request or the database. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Builds a query string (`?a=1&b=2`, or '' when empty) from the defined entries, URL-encoded. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
