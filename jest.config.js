'use strict';
/** Unit, DOM, AMD-load, descriptor and contract tests. Browser suites live in test/browser (own runner config). */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/frontend/**/*.test.ts', '<rootDir>/emulator/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }] },
  moduleNameMapper: {
    '^yourcompany/(.*)$': '<rootDir>/frontend/$1/index.ts',
    // Host AMD ids → the one fake host, also bundled into the emulator's pages (test/fake-host).
    '^wrm/(context-path|require|data|format)$': '<rootDir>/test/fake-host/modules/wrm-$1.ts',
    '^bitbucket/util/(state|events|navbuilder|server)$': '<rootDir>/test/fake-host/modules/bitbucket-util-$1.ts',
    '^aui/flag$': '<rootDir>/test/fake-host/modules/aui-flag.ts',
    '^@atlassian/clientside-extensions-registry/dist/esm/index.js$': '@atlassian/clientside-extensions-registry',
    '^@atlassian/clientside-extensions/dist/esm/([A-Za-z]+)[.]js$': '@atlassian/clientside-extensions/dist/cjs/$1.js',
  },
  setupFiles: ['<rootDir>/test/setup/i18n.ts', '<rootDir>/test/setup/fast-check.ts'],
};
