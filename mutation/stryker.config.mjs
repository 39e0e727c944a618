// Stryker config for `npm run mutate` (mutation/run.mjs). One run mutates ONE source file against the
// jest suites related to it; run.mjs sets MUTATE_FILE and MUTATE_TESTS and merges the per-file reports.
// Survivors judged equivalent are justified one by one in stryker.equivalent.md (no blanket exclusions).
const file = process.env.MUTATE_FILE;
const tests = JSON.parse(process.env.MUTATE_TESTS || '[]');
if (!file || tests.length === 0) throw new Error('run through `npm run mutate` (mutation/run.mjs)');
const slug = file.replace(/[^A-Za-z0-9]+/g, '_');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [file],
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.config.js',
    // Only the file's own related suites (chosen by run.mjs; no other feature's panels, browser or packaging suites).
    // `roots`: jest crawls only these for every mutant run (the sources and suites; imports elsewhere still resolve).
    config: { testMatch: tests.map((t) => `<rootDir>/${t}`), testPathIgnorePatterns: ['/node_modules/'], roots: ['<rootDir>/frontend', '<rootDir>/test'] },
    enableFindRelatedTests: false,
  },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'mutation/tsconfig.generated.json', // written by run.mjs: the file, its tests and their imports
  // Accuracy: grouping mutants (the faster mode) marks some valid mutants CompileError, inflating the score.
  typescriptChecker: { prioritizePerformanceOverAccuracy: false },
  // A shared 2-core machine: one test process at a time.
  concurrency: 1,
  timeoutMS: 10000,
  incremental: process.env.MUTATE_INCREMENTAL === '1',
  incrementalFile: `reports/mutation/incremental/${slug}.json`,
  reporters: ['json', 'clear-text', 'progress-append-only'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: false, maxTestsToLog: 0 },
  jsonReporter: { fileName: `reports/mutation/runs/${slug}.json` },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['target', '.emulator-data', 'reports', 'bench/results', 'test-results', '.stryker-tmp'],
  thresholds: { high: 90, low: 80, break: null },
  cleanTempDir: 'always',
};
