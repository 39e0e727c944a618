/**
 * i18n the way WRM does it: at serve time its `jsI18n` transformer rewrites every literal
 * `I18n.getText("key")` into the translated string, and `x.I18n.getText("key", a)` into
 * `x.format("pattern", a)`. So callers always write `I18n.getText('literal.key', …)`, and this
 * module exports `format` next to `I18n`. The runtime `getText` only runs when nothing transformed
 * the file (unit tests, a dev build): it asks AUI's `AJS.I18n`, then falls back to the key.
 */

import wrmFormat from 'wrm/format';

type AjsI18n = { I18n?: { getText?(key: string): string } };

function ajs(): AjsI18n | undefined {
  return (globalThis as unknown as { AJS?: AjsI18n }).AJS;
}

/** The host's MessageFormat (`WRM.format`: `{0}`, `{0,number}`, `{0,choice,…}`, `''`). */
export function format(pattern: string, ...args: unknown[]): string {
  return wrmFormat(pattern, ...args);
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
