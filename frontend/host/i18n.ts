/**
 * i18n the way WRM does it: at serve time its `jsI18n` transformer rewrites every literal
 * `I18n.getText("key")` into the translated string, and `x.I18n.getText("key", a)` into
 * `x.format("pattern", a)`. So callers always write `I18n.getText('literal.key', …)`, and this
 * module exports `format` next to `I18n`. The runtime `getText` only runs when nothing transformed
 * the file (unit tests, a dev build): it asks AUI's `AJS.I18n`, then falls back to the key.
 */

type AjsI18n = { I18n?: { getText?(key: string): string }; format?(pattern: string, ...args: unknown[]): string };

function ajs(): AjsI18n | undefined {
  return (globalThis as unknown as { AJS?: AjsI18n }).AJS;
}

/** MessageFormat subset used by Atlassian bundles: `{0}`, `{0,number}`, `{0,choice,0#none|1#one|1<{0} many}`, `''`. */
export function format(pattern: string, ...args: unknown[]): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out += "'";
        i += 2;
      } else if (end === -1) {
        out += pattern.slice(i + 1);
        break;
      } else {
        out += pattern.slice(i + 1, end);
        i = end + 1;
      }
    } else if (c === '{') {
      const end = matchingBrace(pattern, i);
      out += formatArgument(pattern.slice(i + 1, end), args);
      i = end + 1;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j;
  }
  return s.length - 1;
}

function formatArgument(spec: string, args: unknown[]): string {
  const [indexText, kind, ...rest] = spec.split(',');
  const value = args[Number(indexText.trim())];
  if (kind?.trim() === 'choice') {
    const n = Number(value);
    const options = rest.join(',').split('|');
    let chosen = options[0] ?? '';
    for (const option of options) {
      const m = /^\s*(-?[\d.]+)\s*([#<])(.*)$/s.exec(option);
      if (!m) continue;
      const limit = Number(m[1]);
      if (m[2] === '#' ? n >= limit : n > limit) chosen = m[3];
    }
    return format(chosen, ...args);
  }
  if (kind?.trim() === 'number' && typeof value === 'number') return value.toLocaleString();
  return value === undefined || value === null ? '' : String(value);
}

export const I18n = {
  getText(key: string, ...args: unknown[]): string {
    const host = ajs();
    const translated = host?.I18n?.getText?.(key);
    const pattern = translated && translated !== key ? translated : lookupFallback(key);
    return args.length ? format(pattern, ...args) : format(pattern);
  },
};

let fallbackBundle: Record<string, string> = {};

/** Lets unit tests and the dev harness supply the `.properties` bundle that WRM would inline. */
export function setFallbackBundle(bundle: Record<string, string>): void {
  fallbackBundle = bundle;
}

function lookupFallback(key: string): string {
  return Object.prototype.hasOwnProperty.call(fallbackBundle, key) ? fallbackBundle[key] : key;
}
