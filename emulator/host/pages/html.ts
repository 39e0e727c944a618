/** A tiny escaping HTML builder for server-rendered pages: values are escaped unless wrapped in `raw`. */

export class RawHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

type Value = RawHtml | string | number | boolean | null | undefined | Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof RawHtml) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(value);
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`. */
export function html(strings: TemplateStringsArray, ...values: Value[]): RawHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new RawHtml(out);
}

export const raw = (markup: string): RawHtml => new RawHtml(markup);

/** Only http(s) and same-origin relative URLs; anything else becomes `#`. */
export function safeUrl(url: unknown): string {
  if (typeof url !== 'string') return '#';
  const trimmed = url.trim();
  if (/^https?:\/\//i.test(trimmed)) return trimmed;
  if (!trimmed || trimmed.replace(/\\/g, '/').startsWith('//') || trimmed.startsWith('\\') || /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || /[\u0000-\u001f]/.test(trimmed)) return '#';
  return trimmed;
}

/** JSON for a `<script type="application/json">` block: `<` is escaped so no content can close it. */
export function jsonForScript(value: unknown): RawHtml {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}
