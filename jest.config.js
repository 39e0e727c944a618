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
    '^wrm/context-path$': '<rootDir>/test/fake-host/modules/wrm-context-path.ts',
    '^wrm/require$': '<rootDir>/test/fake-host/modules/wrm-require.ts',
    '^bitbucket/util/state$': '<rootDir>/test/fake-host/modules/bitbucket-util-state.ts',
    '^bitbucket/util/events$': '<rootDir>/test/fake-host/modules/bitbucket-util-events.ts',
    '^aui/flag$': '<rootDir>/test/fake-host/modules/aui-flag.ts',
    '^@atlassian/clientside-extensions-registry/dist/esm/index.js$': '@atlassian/clientside-extensions-registry',
    '^@atlassian/clientside-extensions/dist/esm/index.js$': '@atlassian/clientside-extensions',
  },
  setupFiles: ['<rootDir>/test/setup/i18n.ts'],
};
