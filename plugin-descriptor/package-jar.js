// @ts-check
'use strict';
/**
 * `npm run package`: target/classes → target/<plugin-key>-<version>.jar, with a manifest that makes
 * it a transformerless OSGi bundle (host-anatomy.md §4.2): no Java, so no Import-Package and no
 * Spring-Context; the plugin framework reads atlassian-plugin.xml from the JAR root.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { APP, PLUGIN_KEY, PLUGIN_VERSION } = require('./modules');
const { writeJar, manifest } = require('./jar');
const pkg = require('../package.json');

const ROOT = path.resolve(__dirname, '..');
const CLASSES = path.join(ROOT, 'target/classes');

/** OSGi versions are major.minor.micro[.qualifier]; npm's `1.2.3-rc.1` becomes `1.2.3.rc-1`. */
function osgiVersion(/** @type {string} */ version) {
  const [core, qualifier] = version.split(/-(.*)/s);
  const parts = core.split('.').concat(['0', '0']).slice(0, 3);
  return qualifier ? `${parts.join('.')}.${qualifier.replace(/[^A-Za-z0-9_-]/g, '-')}` : parts.join('.');
}

function pluginManifest() {
  return manifest([
    ['Manifest-Version', '1.0'],
    ['Bundle-ManifestVersion', '2'],
    ['Bundle-SymbolicName', PLUGIN_KEY],
    ['Bundle-Version', osgiVersion(PLUGIN_VERSION)],
    ['Bundle-Name', APP.name],
    ['Bundle-Vendor', APP.vendor.name],
    ['Bundle-Description', pkg.description],
    ['Atlassian-Plugin-Key', PLUGIN_KEY],
    ['Created-By', `${APP.namespace} plugin-descriptor/package-jar.js`],
  ]);
}

/** @param {string} dir @param {string} [prefix] @returns {string[]} */
function listFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/** The JAR `npm run package` writes. */
const JAR_FILE = path.join(ROOT, 'target', `${PLUGIN_KEY}-${PLUGIN_VERSION}.jar`);

/** Packages `classesDir` (default target/classes) into `jar` (default target/<key>-<version>.jar). */
async function packageJar(classesDir = CLASSES, jar = JAR_FILE) {
  if (!fs.existsSync(path.join(classesDir, 'atlassian-plugin.xml'))) throw new Error(`No atlassian-plugin.xml in ${classesDir}: run \`npm run build\` first`);
  /** @type {Map<string, Buffer>} */
  const entries = new Map([['META-INF/MANIFEST.MF', pluginManifest()]]);
  for (const file of listFiles(classesDir)) entries.set(file, fs.readFileSync(path.join(classesDir, file)));
  await writeJar(entries, jar);
  return jar;
}

if (require.main === module) {
  packageJar().then(
    (jar) => {
      const bytes = fs.readFileSync(jar);
      const sha = crypto.createHash('sha256').update(bytes).digest('hex');
      console.log(`${path.relative(ROOT, jar)}  ${bytes.length} bytes  sha256 ${sha}`);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

module.exports = { packageJar, osgiVersion, pluginManifest, JAR_FILE };
