'use strict';
/** Browser suites (playwright-core + the emulator): `npm run test:browser`. One worker: a shared 2-core machine. */
const base = require('./jest.config.js');

module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testEnvironment: 'node',
  transform: base.transform,
  moduleNameMapper: base.moduleNameMapper,
  setupFiles: base.setupFiles,
  testTimeout: 120000,
  maxWorkers: 1,
};
