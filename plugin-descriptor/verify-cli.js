// @ts-check
'use strict';
/** `npm run verify [jar]`: prints every problem of the built JAR; exits 1 if there is any. */
const path = require('path');
const { PLUGIN_KEY, PLUGIN_VERSION } = require('./modules');
const { readJar } = require('./jar');
const { verifyPlugin } = require('./verify');

const jar = process.argv[2] ?? path.resolve(__dirname, '..', 'target', `${PLUGIN_KEY}-${PLUGIN_VERSION}.jar`);
readJar(jar).then((entries) => {
  const { problems, summary } = verifyPlugin(entries);
  for (const p of problems) console.error(`✗ [${p.rule}] ${p.message}`);
  console.log(`${path.basename(jar)}: ${summary.webResources} web-resources, ${summary.webItems} web-items, AMD ${summary.amdModules.join(', ')}, ${summary.i18nKeys} i18n keys; ${problems.length} problem(s)`);
  process.exit(problems.length ? 1 : 0);
});
