// @ts-check
'use strict';
const { AMD_PREFIX } = require('./modules');

/**
 * webpack loader for the entries the CSE webpack plugin generates (`./generated-clientside-extension/*.js`):
 * they import the extension file by absolute path, which would put the checkout directory into the
 * bundles' module ids and source maps. Rewriting it relative keeps the JAR the same bytes anywhere.
 * They also default-import the registry, an external that webpack cannot know is an ES module, so each
 * entry would carry webpack's interop runtime for it (~130 B gzip per entry script, all loaded on every PR
 * page); they call `registerExtension` from our `<namespace>/cse` instead, which resolves the registry once.
 * @this {{ rootContext: string }}
 * @param {string} source
 */
module.exports = function relativeExtensionImport(source) {
  const REGISTRY_IMPORT = "import registry from '@atlassian/clientside-extensions-registry';";
  if (!source.includes(REGISTRY_IMPORT) || !source.includes('registry.registerExtension(')) {
    throw new Error('relative-extension-import-loader: the CSE plugin generated an entry of an unknown shape');
  }
  return source
    .split(`'${this.rootContext}/`)
    .join(`'../`)
    .replace(REGISTRY_IMPORT, `import { registerExtension } from '${AMD_PREFIX}cse';`)
    .split('registry.registerExtension(')
    .join('registerExtension(');
};
