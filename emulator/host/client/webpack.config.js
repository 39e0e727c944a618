'use strict';
/**
 * The emulator's browser host runtime: the fake-host AMD modules (the same files jest maps host ids to),
 * the real CSE registry, WRM's client and the page views. Separate from the plugin build on purpose:
 * nothing here may import from frontend/.
 */
const path = require('path');

const ROOT = path.resolve(__dirname, '../../..');
const FAKE_HOST = path.join(ROOT, 'test/fake-host/modules');

module.exports = (env = {}) => ({
  mode: env.development ? 'development' : 'production',
  context: ROOT,
  target: ['web', 'es2019'],
  entry: { 'host-runtime': path.join(__dirname, 'src/index.ts') },
  devtool: 'source-map',
  output: {
    path: path.join(ROOT, 'target/emulator-host'),
    filename: '[name].js',
    hashFunction: 'sha256',
    // An IIFE that touches only the globals it means to; no AMD wrapper (it defines the AMD modules).
    iife: true,
  },
  resolve: {
    extensions: ['.ts', '.js'],
    alias: {
      // The registry imports these AMD ids; bind them to the very instances the runtime defines.
      'wrm/require$': path.join(FAKE_HOST, 'wrm-require.ts'),
      'wrm/context-path$': path.join(FAKE_HOST, 'wrm-context-path.ts'),
    },
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        exclude: /node_modules/,
        use: { loader: 'ts-loader', options: { transpileOnly: true, configFile: path.join(ROOT, 'tsconfig.json') } },
      },
    ],
  },
  optimization: { minimize: !env.development },
  performance: { hints: false },
  infrastructureLogging: { level: 'error' },
  stats: 'errors-only',
});
