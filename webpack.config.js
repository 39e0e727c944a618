'use strict';
const path = require('path');
const crypto = require('crypto');
const WrmPlugin = require('atlassian-webresource-webpack-plugin');
const ClientsideExtensionsWebpackPlugin = require('@atlassian/clientside-extensions-webpack-plugin');
const TerserPlugin = require('terser-webpack-plugin');
const {
  APP,
  PLUGIN_KEY,
  PLUGIN_VERSION,
  AMD_PREFIX,
  NAMED_MODULES,
  ENTRY_SCRIPTS,
  HOST_MODULES,
  moduleWebResourceKey,
} = require('./plugin-descriptor/modules');

const OUTPUT_DIR = path.resolve(__dirname, 'target/classes');
const GENERATED_DIR = path.resolve(__dirname, 'target/generated');

/** Every import the host or another of our bundles provides: bundled never, declared as `<dependency>`. */
function providedDependencies() {
  const provided = {};
  for (const [id, webResource] of Object.entries(HOST_MODULES)) {
    provided[id] = { dependency: webResource, import: { var: `require('${id}')`, amd: id } };
  }
  for (const name of Object.keys(NAMED_MODULES)) {
    const amd = AMD_PREFIX + name;
    provided[amd] = {
      dependency: `${PLUGIN_KEY}:${moduleWebResourceKey(name)}`,
      import: { var: `require('${amd}')`, amd },
    };
  }
  // The CSE factories are shared through our one `<namespace>/cse` module; the registry (in HOST_MODULES)
  // is the product's `window.____c_p_r` singleton from its CSE runtime.
  provided['@atlassian/clientside-extensions'] = provided[`${AMD_PREFIX}cse`];
  return provided;
}

module.exports = (env, argv) => {
  const production = argv.mode !== 'development';
  const cse = new ClientsideExtensionsWebpackPlugin({
    // Keys derive from the path below cwd: frontend/extensions/summary-insights.ts → summary-insights__ts.
    cwd: path.resolve(__dirname, 'frontend/extensions'),
    pattern: '*.ts',
    xmlDescriptors: path.join(GENERATED_DIR, 'wr-generated-clientside-extensions.xml'),
  });

  const entry = {};
  for (const name of Object.keys(NAMED_MODULES)) {
    entry[name] = `./frontend/${name}/index.ts`;
  }
  for (const name of Object.keys(ENTRY_SCRIPTS)) {
    entry[name] = { import: `./frontend/${name}/index.ts`, library: { type: 'amd-require' } };
  }
  for (const [name, file] of Object.entries(cse.generateEntrypoints())) {
    entry[name] = { import: file, library: { type: 'amd-require' } };
  }

  const contextMap = {};
  for (const [name, { contexts }] of Object.entries(ENTRY_SCRIPTS)) contextMap[name] = contexts;
  const webresourceKeyMap = {};
  for (const name of Object.keys(NAMED_MODULES)) webresourceKeyMap[name] = moduleWebResourceKey(name);

  const wrm = new WrmPlugin({
    pluginKey: PLUGIN_KEY,
    xmlDescriptors: path.join(GENERATED_DIR, 'wr-webpack-bundles.xml'),
    providedDependencies: providedDependencies(),
    contextMap,
    webresourceKeyMap,
    locationPrefix: 'js/',
    // WRM's own jsI18n transformer substitutes I18n.getText("key") at serve time.
    transformationMap: { js: ['jsI18n'] },
    verbose: false,
  });
  // The WRM plugin names its asset web-resource with a random UUID in production; derive it from
  // the plugin version instead so that the same sources always give the same bytes.
  const stableId = crypto.createHash('sha256').update(`${PLUGIN_KEY}@${PLUGIN_VERSION}`).digest('hex').slice(0, 32);
  wrm.getAssetsUUID = () => stableId;
  // The plugin also writes a public path (`AJS.contextPath() + …assets-<id>/`) into every bundle's runtime;
  // it only serves asset files (images, fonts, async chunks), and we ship none — the descriptor has no assets
  // web-resource — so it is dead bytes in each of the PR page's bundles.
  wrm.overwritePublicPath = () => undefined;

  return {
    mode: production ? 'production' : 'development',
    context: __dirname,
    entry,
    devtool: 'source-map',
    output: {
      path: path.join(OUTPUT_DIR, 'js'),
      filename: '[name].js',
      library: { type: 'amd', name: `${AMD_PREFIX}[name]` },
      chunkLoadingGlobal: `${APP.namespace.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())}InsightsJsonp`,
      hashFunction: 'sha256',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js'],
    },
    module: {
      rules: [
        // The CSE debug package sets up its window-wide logger when imported; only the extension API classes use it,
        // and the product creates those, so our factories-only import can leave it out.
        { test: /node_modules[\\/]@atlassian[\\/]clientside-extensions-debug[\\/]/, sideEffects: false },
        { test: /generated-clientside-extension[\\/][^\\/]+\.js$/, loader: require.resolve('./plugin-descriptor/relative-extension-import-loader') },
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          // Type-checking is `npm run typecheck`; the bundle build only transpiles (isolatedModules).
          use: [
            { loader: 'ts-loader', options: { configFile: path.resolve(__dirname, 'tsconfig.build.json'), transpileOnly: true } },
            // Runs first: the sources' names → package.json's bitbucketApp names.
            { loader: require.resolve('./plugin-descriptor/rename-loader') },
          ],
        },
      ],
    },
    optimization: {
      // Concatenation folds each bundle's modules into one scope: the nine CSE entry scripts keep only a
      // few lines of webpack runtime each (~100 B gzip per entry, ~3 KB of the PR page's initial bytes in all).
      // The generated <dependency> elements are the same as without it (the descriptor verifier and the AMD
      // load test check them).
      concatenateModules: true,
      moduleIds: 'deterministic',
      chunkIds: 'deterministic',
      minimize: production,
      minimizer: [
        new TerserPlugin({
          extractComments: false,
          terserOptions: {
            // WRM's jsI18n transformer looks for `.I18n.getText("key"` in the served file.
            mangle: { reserved: ['I18n', 'getText', 'format'] },
            compress: { passes: 2 },
            format: { comments: false },
          },
        }),
      ],
    },
    performance: { hints: false },
    plugins: [wrm, cse],
  };
};
