// @ts-check
'use strict';
/**
 * webpack loader for the entries the CSE webpack plugin generates (`./generated-clientside-extension/*.js`):
 * they import the extension file by absolute path, which would put the checkout directory into the
 * bundles' module ids and source maps. Rewriting it relative keeps the JAR the same bytes anywhere.
 * @this {{ rootContext: string }}
 * @param {string} source
 */
module.exports = function relativeExtensionImport(source) {
  return source.split(`'${this.rootContext}/`).join(`'../`);
};
