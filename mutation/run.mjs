#!/usr/bin/env node
// `npm run mutate [-- [--incremental] <file|folder>...]`: Stryker over the core logic, one source file at a time.
//
// Each file is mutated against ITS OWN tests: of the suites `jest --findRelatedTests <file>` lists, the ones named
// after it (`http.ts` → `http.test.ts`; `paging.ts` → `paging.test.ts`, `paging.property.test.ts`; `client.ts` →
// `client.test.ts`, `rest-client.contract.test.ts`). A file no suite is named after (e.g. index.ts) gets the
// related suites of its own feature folder (test/<feature>/). Never another feature's panel
// suites, never the browser suites: a score says what the file's own tests pin, not what a panel happens to touch,
// and every mutant run stays small (Stryker's jest runner loads every selected suite for every mutant; per-test
// coverage then runs only the tests that reach the mutant).
// Writes reports/mutation/mutation.json (mutation-testing-report-schema, all files merged) and prints the score
// per file: (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const DEFAULT_TARGETS = ['frontend/rest', 'frontend/insights-compare', 'frontend/insights-model', 'frontend/viewer/filter.ts', 'frontend/viewer/export.ts'];
const MIN_SCORE = 90;
/** Properties draw from one pinned seed (test/setup/fast-check.ts), so a mutant's fate never depends on the draw. */
const FC_SEED = 14;

const args = process.argv.slice(2);
const incremental = args.includes('--incremental');
/** `--list`: print which suites each file would be mutated against, run nothing. */
const listOnly = args.includes('--list');
const targets = args.filter((a) => !a.startsWith('--'));

/** Source files under the targets (folders expand to their non-test .ts files). */
function sourceFiles(paths) {
  const files = [];
  for (const p of paths) {
    const abs = resolve(root, p);
    if (!existsSync(abs)) throw new Error(`no such file or folder: ${p}`);
    if (statSync(abs).isDirectory()) {
      files.push(...sourceFiles(readdirSync(abs).sort().map((n) => relative(root, join(abs, n)))));
    } else if (abs.endsWith('.ts') && !abs.endsWith('.test.ts') && !abs.endsWith('.d.ts')) {
      files.push(relative(root, abs));
    }
  }
  return files;
}

/** The file's own suites (see the header). */
function ownTests(file) {
  const feature = file.split('/')[1];
  const name = file.split('/').pop().replace(/\.ts$/, '');
  const out = execFileSync(process.execPath, [join(root, 'node_modules/jest/bin/jest.js'), '--listTests', '--findRelatedTests', file], {
    cwd: root,
    encoding: 'utf8',
  });
  const related = out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => relative(root, l))
    .filter((t) => t.startsWith('test/') && !t.startsWith('test/browser/'))
    .sort();
  const namedAfter = new RegExp(`(^|[-.])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[-.]`);
  // Named after the file, in its feature's folder, the folder it moved from, or the property/contract suites.
  const named = related.filter((t) => namedAfter.test(t.split('/').pop()) && !/\.dom\.test\.ts$/.test(t) || (namedAfter.test(t.split('/').pop()) && t.startsWith(`test/${feature}/`)));
  return named.length ? named : related.filter((t) => t.startsWith(`test/${feature}/`));
}

function counts(mutants) {
  const c = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0 };
  for (const m of mutants) c[m.status] = (c[m.status] ?? 0) + 1;
  const detected = c.Killed + c.Timeout;
  const valid = detected + c.Survived + c.NoCoverage;
  return { ...c, valid, score: valid === 0 ? null : (100 * detected) / valid };
}

const files = sourceFiles(targets.length ? targets : DEFAULT_TARGETS);
mkdirSync(join(root, 'reports/mutation'), { recursive: true });
const reportPath = join(root, 'reports/mutation/mutation.json');
// Files named on the command line replace their own entries; the other files' latest results are kept.
const previous = existsSync(reportPath) && targets.length ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined;
const merged = { schemaVersion: '2', thresholds: { high: MIN_SCORE, low: 80 }, projectRoot: root, files: {}, testFiles: {} };
for (const [name, entry] of Object.entries(previous?.files ?? {})) if (!files.includes(name)) merged.files[name] = entry;
Object.assign(merged.testFiles, previous?.testFiles ?? {});
const rows = [];
const started = Date.now();

if (listOnly) {
  for (const file of files) console.log(`${file}: ${ownTests(file).join(', ') || '(none)'}`);
  process.exit(0);
}

for (const file of files) {
  const tests = ownTests(file);
  const t0 = Date.now();
  if (tests.length === 0) {
    rows.push({ file, note: 'no related tests' });
    continue;
  }
  const slug = file.replace(/[^A-Za-z0-9]+/g, '_');
  const runReport = join(root, 'reports/mutation/runs', `${slug}.json`);
  rmSync(runReport, { force: true });
  // The TypeScript checker type-checks each mutant against the file's own tests and what they import, not the
  // whole project: a mutant that only breaks some other module's types still has to face the tests.
  writeFileSync(join(root, 'mutation/tsconfig.generated.json'), `${JSON.stringify({ extends: '../tsconfig.json', include: ['../frontend/**/*.d.ts', '../test/**/*.d.ts'], files: [file, ...tests].map((f) => `../${f}`) }, null, 2)}\n`);
  console.log(`\n=== ${file}  (tests: ${tests.join(', ')})`);
  const run = spawnSync(process.execPath, [join(root, 'node_modules/@stryker-mutator/core/bin/stryker.js'), 'run', 'mutation/stryker.config.mjs'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FC_SEED: process.env.FC_SEED || String(FC_SEED), MUTATE_FILE: file, MUTATE_TESTS: JSON.stringify(tests), MUTATE_INCREMENTAL: incremental ? '1' : '0' },
  });
  const seconds = Math.round((Date.now() - t0) / 1000);
  if (run.status !== 0) {
    rows.push({ file, seconds, note: `stryker failed (exit ${run.status})` });
    continue;
  }
  if (!existsSync(runReport)) {
    rows.push({ file, seconds, note: 'no mutants' });
    continue;
  }
  const report = JSON.parse(readFileSync(runReport, 'utf8'));
  Object.assign(merged.files, report.files);
  Object.assign(merged.testFiles, report.testFiles ?? {});
  const mutants = Object.values(report.files).flatMap((f) => f.mutants);
  rows.push({ file, seconds, ...counts(mutants) });
}

writeFileSync(reportPath, JSON.stringify(merged));
const total = Math.round((Date.now() - started) / 1000);

console.log('\nMutation score per file (killed + timeout of valid mutants; ≥ ' + MIN_SCORE + '% required)');
console.log('file'.padEnd(44) + 'score   killed timeout survived nocov  time');
let failed = false;
for (const r of rows) {
  if (r.note || r.score === null || r.score === undefined) {
    const note = r.note ?? 'no mutants';
    if (note.startsWith('stryker failed')) failed = true;
    console.log(r.file.padEnd(44) + note);
    continue;
  }
  if (r.score < MIN_SCORE) failed = true;
  console.log(
    r.file.padEnd(44) +
      `${r.score.toFixed(1)}%`.padStart(6) +
      String(r.Killed).padStart(9) +
      String(r.Timeout).padStart(8) +
      String(r.Survived).padStart(9) +
      String(r.NoCoverage).padStart(6) +
      `${r.seconds}s`.padStart(7),
  );
}
console.log(`\n${relative(root, reportPath)} written; ${files.length} file(s) in ${total}s`);
process.exit(failed ? 1 : 0);
