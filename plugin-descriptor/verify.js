// @ts-check
'use strict';
/**
 * Checks a built plugin JAR the way Bitbucket and WRM would fail it at install or page load.
 * Every check is a rule with a stable id, so tests can plant one defect and expect exactly it.
 */
const { XMLParser, XMLValidator } = require('fast-xml-parser');
const { PLUGIN_KEY, PLUGIN_VERSION, AMD_PREFIX, HOST_MODULES, I18N_BUNDLE } = require('./modules');
const { parseProperties } = require('./properties');
const { parseManifest } = require('./jar');
const { findI18nKeys } = require('./js-i18n-calls');

/** Web-resource keys of the host that our bundles may depend on (host-anatomy.md §1.7). */
const HOST_WEB_RESOURCES = new Set(Object.values(HOST_MODULES));
/** Host AMD ids our bundles may require. */
const HOST_AMD_IDS = new Set(Object.keys(HOST_MODULES));

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/**
 * @typedef {{ rule: string, message: string }} Problem
 * @typedef {{ name: string, deps: string[], kind: 'define' | 'require', file: string }} AmdUnit
 */

/**
 * `define("id", [deps], …)` or `require([deps], …)` at the start of a webpack AMD bundle.
 * @param {string} file @param {string} source @returns {AmdUnit | null}
 */
function amdUnitOf(file, source) {
  const define = /^\s*define\(\s*"([^"]+)"\s*,\s*\[([^\]]*)\]/.exec(source);
  if (define) return { kind: 'define', name: define[1], deps: stringList(define[2]), file };
  const req = /^\s*require\(\s*\[([^\]]*)\]/.exec(source);
  if (req) return { kind: 'require', name: '', deps: stringList(req[1]), file };
  return null;
}

function stringList(/** @type {string} */ text) {
  return [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

/**
 * @param {Map<string, Buffer>} entries JAR contents
 * @returns {{ problems: Problem[], summary: { webResources: number, webItems: number, amdModules: string[], i18nKeys: number } }}
 */
function verifyPlugin(entries) {
  /** @type {Problem[]} */
  const problems = [];
  const problem = (/** @type {string} */ rule, /** @type {string} */ message) => problems.push({ rule, message });
  const text = (/** @type {string} */ name) => entries.get(name)?.toString('utf8');

  // Manifest: what the plugin framework needs to load a transformerless plugin.
  const manifestBytes = entries.get('META-INF/MANIFEST.MF');
  if (!manifestBytes) problem('manifest', 'META-INF/MANIFEST.MF is missing');
  else {
    const headers = parseManifest(manifestBytes);
    for (const header of ['Manifest-Version', 'Bundle-ManifestVersion', 'Bundle-SymbolicName', 'Bundle-Version', 'Atlassian-Plugin-Key']) {
      if (!headers[header]) problem('manifest', `MANIFEST.MF lacks ${header}`);
    }
    if (headers['Atlassian-Plugin-Key'] && headers['Atlassian-Plugin-Key'] !== PLUGIN_KEY) {
      problem('manifest', `Atlassian-Plugin-Key ${headers['Atlassian-Plugin-Key']} is not ${PLUGIN_KEY}`);
    }
  }

  const xml = text('atlassian-plugin.xml');
  const empty = { problems, summary: { webResources: 0, webItems: 0, amdModules: [], i18nKeys: 0 } };
  if (!xml) {
    problem('descriptor', 'atlassian-plugin.xml is missing from the JAR root');
    return empty;
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    problem('descriptor', `atlassian-plugin.xml is not well-formed: ${valid.err.msg} (line ${valid.err.line})`);
    return empty;
  }
  const root = parser.parse(xml)['atlassian-plugin']?.[0];
  if (!root) {
    problem('descriptor', 'root element is not <atlassian-plugin>');
    return empty;
  }
  if (root['@key'] !== PLUGIN_KEY) problem('descriptor', `plugin key is ${root['@key']}, expected ${PLUGIN_KEY}`);
  if (root['@plugins-version'] !== '2') problem('descriptor', 'plugins-version must be "2"');
  const info = root['plugin-info']?.[0];
  if (!info) problem('descriptor', '<plugin-info> is missing');
  else {
    if (String(info.version?.[0]) !== PLUGIN_VERSION) problem('descriptor', `plugin-info version ${info.version?.[0]} is not package.json's ${PLUGIN_VERSION}`);
    if (!info.vendor?.[0]?.['@name']) problem('descriptor', '<vendor name> is missing');
    const params = Object.fromEntries((info.param ?? []).map((/** @type {any} */ p) => [p['@name'], String(p['#text'])]));
    if (params['atlassian-data-center-status'] !== 'compatible') problem('descriptor', 'missing param atlassian-data-center-status=compatible');
    if (params['atlassian-data-center-compatible'] !== 'true') problem('descriptor', 'missing param atlassian-data-center-compatible=true');
  }

  // Module keys are unique across all module types.
  /** @type {Map<string, number>} */
  const keyCounts = new Map();
  for (const [type, list] of Object.entries(root)) {
    if (type.startsWith('@') || type === 'plugin-info' || !Array.isArray(list)) continue;
    for (const module of list) {
      const key = module?.['@key'];
      if (key) keyCounts.set(key, (keyCounts.get(key) ?? 0) + 1);
    }
  }
  for (const [key, count] of keyCounts) if (count > 1) problem('duplicate-key', `module key "${key}" is used ${count} times`);

  // i18n bundle.
  const i18nResource = (root.resource ?? []).find((/** @type {any} */ r) => r['@type'] === 'i18n');
  /** @type {Record<string, string>} */
  let bundle = {};
  if (!i18nResource) problem('i18n', 'no <resource type="i18n"> in the descriptor');
  else {
    const file = `${i18nResource['@location']}.properties`;
    const properties = text(file);
    if (properties === undefined) problem('missing-resource', `i18n bundle ${file} is not in the JAR`);
    else bundle = parseProperties(properties);
    if (i18nResource['@location'] !== I18N_BUNDLE) problem('i18n', `i18n location ${i18nResource['@location']} is not ${I18N_BUNDLE}`);
  }

  // Web-resources: resources exist, dependencies resolve, AMD wiring is complete.
  const webResources = root['web-resource'] ?? [];
  const ownKeys = new Set(webResources.map((/** @type {any} */ w) => `${PLUGIN_KEY}:${w['@key']}`));
  /** @type {Map<string, string>} AMD id → web-resource that defines it */
  const definedBy = new Map();
  /** @type {{ unit: AmdUnit, webResource: string, dependencies: Set<string> }[]} */
  const units = [];
  const usedKeys = new Set();

  for (const wr of webResources) {
    const key = wr['@key'];
    const resources = wr.resource ?? [];
    if (resources.length === 0) problem('empty-web-resource', `web-resource "${key}" has no resources`);
    const dependencies = new Set((wr.dependency ?? []).map(String));
    for (const dependency of dependencies) {
      if (!ownKeys.has(dependency) && !HOST_WEB_RESOURCES.has(dependency)) {
        problem('unknown-dependency', `web-resource "${key}" depends on "${dependency}", which is neither ours nor a documented host web-resource`);
      }
    }
    for (const resource of resources) {
      const location = resource['@location'];
      const content = text(location);
      if (content === undefined) {
        problem('missing-resource', `web-resource "${key}" resource ${location} is not in the JAR`);
        continue;
      }
      if (!location.endsWith('.js')) continue;
      if (/\beval\s*\(|\bnew\s+Function\s*\(|\bFunction\s*\(\s*["']/.test(content)) {
        problem('eval', `${location} contains eval or new Function`);
      }
      if (!entries.has(`${location}.map`)) problem('missing-resource', `${location} ships without its source map`);
      for (const k of findI18nKeys(content)) usedKeys.add(k);
      const unit = amdUnitOf(location, content);
      if (!unit) {
        problem('amd', `${location} is neither a named define() nor a require([...]) wrapper`);
        continue;
      }
      if (unit.kind === 'define') {
        if (!unit.name.startsWith(AMD_PREFIX)) problem('amd-namespace', `${location} defines "${unit.name}", outside ${AMD_PREFIX}`);
        if (definedBy.has(unit.name)) problem('amd', `AMD module "${unit.name}" is defined twice`);
        definedBy.set(unit.name, `${PLUGIN_KEY}:${key}`);
      }
      units.push({ unit, webResource: key, dependencies });
    }
  }

  for (const { unit, webResource, dependencies } of units) {
    for (const dep of unit.deps) {
      if (HOST_AMD_IDS.has(dep)) {
        if (!dependencies.has(HOST_MODULES[/** @type {keyof typeof HOST_MODULES} */ (dep)])) {
          problem('amd-dependency', `${unit.file} requires "${dep}" but web-resource "${webResource}" does not depend on ${HOST_MODULES[/** @type {keyof typeof HOST_MODULES} */ (dep)]}`);
        }
        continue;
      }
      const provider = definedBy.get(dep);
      if (!provider) {
        problem('amd-dependency', `${unit.file} requires "${dep}", which none of our modules defines and the host does not document`);
      } else if (!dependencies.has(provider)) {
        problem('amd-dependency', `${unit.file} requires "${dep}" but web-resource "${webResource}" does not depend on ${provider}`);
      }
    }
  }

  if (root['@i18n-name-key']) usedKeys.add(root['@i18n-name-key']);
  // Web-items: label keys must translate; CSE entries must be loaded at their extension point.
  const webItems = root['web-item'] ?? [];
  const contexts = new Set(webResources.flatMap((/** @type {any} */ w) => (w.context ?? []).map(String)));
  for (const item of webItems) {
    for (const tag of ['label', 'tooltip']) {
      const labelKey = item[tag]?.[0]?.['@key'];
      if (labelKey) usedKeys.add(labelKey);
    }
    if (!item['@section']) problem('web-item', `web-item "${item['@key']}" has no section`);
    const isCse = !item.link;
    if (isCse && !contexts.has(item['@section'])) {
      problem('web-item', `extension "${item['@key']}" at ${item['@section']} has no web-resource in that context`);
    }
  }

  for (const key of usedKeys) {
    if (!Object.prototype.hasOwnProperty.call(bundle, key)) problem('i18n-missing', `i18n key "${key}" is used but not in the properties file`);
  }
  for (const key of Object.keys(bundle)) {
    if (!usedKeys.has(key)) problem('i18n-unused', `i18n key "${key}" is in the properties file but never used`);
  }

  return {
    problems,
    summary: { webResources: webResources.length, webItems: webItems.length, amdModules: [...definedBy.keys()].sort(), i18nKeys: usedKeys.size },
  };
}

module.exports = { verifyPlugin, amdUnitOf };
