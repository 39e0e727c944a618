// @ts-check
'use strict';
/**
 * The app's names, from package.json's `bitbucketApp` block, and the one mapping from the names the
 * sources are written with (`yourcompany/…`, `com.yourcompany.bitbucket.insights`, `YourCompany`, …) to
 * the configured ones. The build applies `renameSources` to everything it ships (our .ts through
 * plugin-descriptor/rename-loader.js, CSS, .properties, the descriptor template); every other name —
 * AMD prefix, web-resource keys, JAR file, manifest, certificate, printed URLs — derives from `APP`.
 *
 * `node plugin-descriptor/app-identity.js` checks the block and says what is wrong (the build runs it first).
 */

/** @typedef {{ key: string, namespace: string, name: string, vendor: { name: string, url: string } }} AppIdentity */

/** The names the sources are written with. With these configured, the mapping changes nothing. */
const SOURCE_NAMES = Object.freeze({
  key: 'com.yourcompany.bitbucket.insights',
  namespace: 'yourcompany',
  name: 'Insights for Bitbucket',
  vendor: Object.freeze({ name: 'YourCompany', url: 'https://www.example.com' }),
});

const KEY_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const NAMESPACE_PATTERN = /^[a-z][a-z0-9-]*$/;
/** Namespaces whose AMD modules the host already defines (or keeps to itself). */
const RESERVED_NAMESPACES = {
  bitbucket: "Bitbucket's own AMD modules are bitbucket/…",
  atlassian: "Atlassian's own",
  internal: 'Bitbucket keeps internal/… to itself',
  aui: "AUI's AMD modules are aui/…",
  wrm: "the web-resource manager's AMD modules are wrm/…",
};

class AppIdentityError extends Error {}

/** @param {unknown} value */
const isText = (value) => typeof value === 'string' && value.trim() !== '' && value === value.trim() && !/[\u0000-\u001f\u007f]/.test(value);

/**
 * The `bitbucketApp` block of a package.json, checked; throws an AppIdentityError naming every bad value.
 * @param {{ bitbucketApp?: unknown }} pkg
 * @returns {AppIdentity}
 */
function readAppIdentity(pkg) {
  const block = /** @type {any} */ (pkg.bitbucketApp);
  if (!block || typeof block !== 'object') {
    throw new AppIdentityError('package.json has no "bitbucketApp" block: add { "key", "namespace", "name", "vendor": { "name", "url" } } (README, "Make it yours")');
  }
  const problems = [];
  const { key, namespace, name, vendor } = block;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    problems.push(`key ${JSON.stringify(key)} is not a dotted Java-package-style id: two or more lowercase segments (letters, digits, _; each starting with a letter) joined by dots, e.g. "com.example.bitbucket.insights"`);
  }
  if (typeof namespace !== 'string' || !NAMESPACE_PATTERN.test(namespace)) {
    problems.push(`namespace ${JSON.stringify(namespace)} must be lowercase letters, digits and "-", starting with a letter ([a-z][a-z0-9-]*), e.g. "acme"`);
  } else if (Object.prototype.hasOwnProperty.call(RESERVED_NAMESPACES, namespace)) {
    problems.push(`namespace "${namespace}" is taken (${RESERVED_NAMESPACES[/** @type {keyof typeof RESERVED_NAMESPACES} */ (namespace)]}): use your company's name`);
  }
  if (!isText(name)) problems.push(`name ${JSON.stringify(name)} must be a non-empty one-line text without leading or trailing spaces (the app's name in Manage apps)`);
  if (!vendor || typeof vendor !== 'object') problems.push('vendor must be { "name": "…", "url": "https://…" }');
  else {
    if (!isText(vendor.name)) problems.push(`vendor.name ${JSON.stringify(vendor.name)} must be a non-empty one-line text without leading or trailing spaces`);
    if (!isHttpUrl(vendor.url)) problems.push(`vendor.url ${JSON.stringify(vendor.url)} must be an http:// or https:// URL`);
  }
  if (problems.length) throw new AppIdentityError(problems.map((p) => `package.json bitbucketApp.${p}`).join('\n'));
  return { key, namespace, name, vendor: { name: vendor.name, url: vendor.url } };
}

/** @param {unknown} value */
function isHttpUrl(value) {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !/\s/.test(value);
  } catch {
    return false;
  }
}

/** @param {string} s */
const regExpOf = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** How a configured name is written into each kind of file the build ships. */
const ESCAPE = {
  /** TypeScript and CSS, inside string literals or comments. */
  source: (/** @type {string} */ s) => s.replace(/[\\'"`$]/g, '\\$&'),
  xml: (/** @type {string} */ s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
  /** Java .properties values (ISO-8859-1 files: everything else as \uXXXX). */
  properties: (/** @type {string} */ s) => s.replace(/\\/g, '\\\\').replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
};

/**
 * The mapping source names → configured names, for text of one kind. One pass, so a configured name
 * is never renamed again. The namespace is replaced as a whole lowercase word:
 * AMD ids `yourcompany/…`, i18n and storage keys `yourcompany.…`, the route and DOM names `yourcompany-…`.
 * @param {AppIdentity} app
 * @param {keyof typeof ESCAPE} kind
 * @returns {(text: string) => string}
 */
function renameSources(app, kind) {
  const escape = ESCAPE[kind];
  /** @type {[RegExp, string][]} */
  const rules = [
    [new RegExp(regExpOf(SOURCE_NAMES.key)), app.key],
    [new RegExp(regExpOf(SOURCE_NAMES.vendor.url)), escape(app.vendor.url)],
    [new RegExp(regExpOf(SOURCE_NAMES.name)), escape(app.name)],
    [new RegExp(`\\b${regExpOf(SOURCE_NAMES.vendor.name)}\\b`), escape(app.vendor.name)],
    [new RegExp(`\\b${regExpOf(SOURCE_NAMES.namespace)}\\b`), app.namespace],
  ];
  const pattern = new RegExp(rules.map(([re]) => `(${re.source})`).join('|'), 'g');
  return (text) =>
    text.replace(pattern, (...groups) => {
      const index = groups.slice(1, rules.length + 1).findIndex((g) => g !== undefined);
      return rules[index][1];
    });
}

if (require.main === module) {
  try {
    readAppIdentity(require('../package.json'));
  } catch (error) {
    if (!(error instanceof AppIdentityError)) throw error;
    process.stderr.write(`${error.message}\nNothing was built. See README, "Make it yours".\n`);
    process.exit(1);
  }
}

module.exports = { readAppIdentity, renameSources, AppIdentityError, SOURCE_NAMES };
