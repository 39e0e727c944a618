/**
 * WRM's `jsI18n` transformation (host-anatomy.md §3.10): at serve time every literal
 * `<ident>.I18n.getText("key")` becomes the translated string, and `<ident>.I18n.getText("key", …)`
 * becomes `<ident>.format("pattern", …)`. Same matching rules as Atlassian's JsI18nTransformer /
 * `@atlassian/i18n-properties-loader`: an optional identifier, `.I18n` or `["I18n"]`, `.getText(`,
 * then a quoted key of `[\w.\-\s]`.
 */
import format from '../../../test/fake-host/modules/wrm-format';

/** group 1: receiver prefix (`o.` / `o["I18n"]`-style) or empty; 2: receiver ident; 3: quote; 4: key; 5: `)` or `,`. */
const GET_TEXT = /(([\w$]+)\s*(?:\.\s*I18n|\[\s*(["'])I18n\3\s*\])|\bI18n)\s*\.\s*getText\s*\(\s*(["'])([\w.\-\s]+)\4\s*([),])/g;

export interface I18nCall {
  key: string;
  /** Whether arguments follow the key (the call becomes `format(…)`). */
  hasArguments: boolean;
  /** Offset of the match in the source. */
  index: number;
}

/** Every literal-key `I18n.getText(...)` call WRM's transformer would see, in source order. */
export function findI18nCalls(source: string): I18nCall[] {
  const calls: I18nCall[] = [];
  for (const match of source.matchAll(GET_TEXT)) {
    calls.push({ key: match[5].trim(), hasArguments: match[6] === ',', index: match.index ?? 0 });
  }
  return calls;
}

/** The distinct keys used, in first-use order. */
export function findI18nKeys(source: string): string[] {
  return [...new Set(findI18nCalls(source).map((call) => call.key))];
}

/**
 * Java `MessageFormat` applied with no arguments, as WRM's resolver does for `getText(key)`:
 * quotes are unescaped (`''` → `'`, `'{x}'` → `{x}`) and each placeholder becomes `{index}`.
 */
export function formatWithoutArguments(pattern: string): string {
  return format(pattern);
}

/** Serialises for a JS string literal; `</script>` and line separators stay inert. */
function jsString(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029').replace(/<\//g, '<\\/');
}

/**
 * Applies the transformation. Unknown keys translate to the key itself (what WRM's resolver returns).
 * A bare `I18n.getText("k", a)` without receiver becomes `AJS.format(...)`, the global WRM falls back to.
 */
export function transformJsI18n(source: string, bundle: Readonly<Record<string, string>>): string {
  return source.replace(GET_TEXT, (_whole, _receiver: string, ident: string | undefined, _q1, _q2, rawKey: string, terminator: string) => {
    const key = rawKey.trim();
    const message = Object.prototype.hasOwnProperty.call(bundle, key) ? bundle[key] : key;
    if (terminator === ')') return jsString(formatWithoutArguments(message));
    return `${ident ?? 'AJS'}.format(${jsString(message)},`;
  });
}
