// @ts-check
'use strict';
/**
 * Which `I18n.getText(…)` calls WRM's `jsI18n` transformer rewrites (host-anatomy.md §3.10), the same
 * matching rule as Atlassian's JsI18nTransformer / `@atlassian/i18n-properties-loader`: an optional
 * identifier, `.I18n` or `["I18n"]`, `.getText(`, then a quoted key of `[\w.\-\s]`. The descriptor verifier
 * reads the keys a bundle uses with it, and the emulator's WRM applies the transformation with it.
 *
 * Groups: 1 receiver prefix (`o.` / `o["I18n"]`-style) or bare `I18n`; 2 receiver ident; 3 quote;
 * 4 quote; 5 key; 6 `)` or `,`.
 */
const GET_TEXT = /(([\w$]+)\s*(?:\.\s*I18n|\[\s*(["'])I18n\3\s*\])|\bI18n)\s*\.\s*getText\s*\(\s*(["'])([\w.\-\s]+)\4\s*([),])/g;

/**
 * @typedef {{ key: string, hasArguments: boolean, index: number }} I18nCall
 * `hasArguments`: arguments follow the key (the call becomes `format(…)`); `index`: offset in the source.
 */

/**
 * Every literal-key call the transformer would see, in source order.
 * @param {string} source
 * @returns {I18nCall[]}
 */
function findI18nCalls(source) {
  return [...source.matchAll(GET_TEXT)].map((match) => ({ key: match[5].trim(), hasArguments: match[6] === ',', index: match.index ?? 0 }));
}

/**
 * The distinct keys used, in first-use order.
 * @param {string} source
 */
function findI18nKeys(source) {
  return [...new Set(findI18nCalls(source).map((call) => call.key))];
}

module.exports = { GET_TEXT, findI18nCalls, findI18nKeys };
