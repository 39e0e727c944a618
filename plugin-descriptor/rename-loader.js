// @ts-check
'use strict';
/**
 * webpack loader applied first to our own TypeScript: the sources' names (`yourcompany/…` AMD ids,
 * i18n keys, the route, the plugin key) become package.json's `bitbucketApp` names (app-identity.js).
 * It runs before ts-loader, so the shipped source maps hold the renamed text too.
 */
const { APP } = require('./modules');
const { renameSources } = require('./app-identity');

const rename = renameSources(APP, 'source');

/** @param {string} source */
module.exports = function renameLoader(source) {
  return rename(source);
};
