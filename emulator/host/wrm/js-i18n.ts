/**
 * WRM's `jsI18n` transformation (host-anatomy.md §3.10): at serve time every literal
 * `<ident>.I18n.getText("key")` becomes the translated string, and `<ident>.I18n.getText("key", …)`
 * becomes `<ident>.format("pattern", …)`. Which calls match is `plugin-descriptor/js-i18n-calls.js`,
 * shared with the descriptor verifier.
 */
import format from '../../../test/fake-host/modules/wrm-format';
import { GET_TEXT, findI18nCalls, findI18nKeys } from '../../../plugin-descriptor/js-i18n-calls';

export { findI18nCalls, findI18nKeys };
export type { I18nCall } from '../../../plugin-descriptor/js-i18n-calls';

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
