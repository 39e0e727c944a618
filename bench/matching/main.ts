/**
 * `npm run bench:matching -- --repo <git repository> [options]` (USAGE below): how well `compareAnnotations` of
 * `yourcompany/insights-compare` tells introduced from fixed findings on real code (bench/matching/README.md).
 * Exits 1 when a with-diff run misses a goal, 2 on bad arguments.
 */
import { writeFileSync } from 'fs';
import { loadavg } from 'os';
import { resolve } from 'path';
import type { BenchOptions, BenchResult, VariantResult } from './bench';
import { DEFAULTS, f1, precision, recall, runBenchmark, VARIANTS } from './bench';
import { loadCompareAnnotations } from './module-under-test';

export interface Goals {
  minF1?: number;
  minExact?: number;
}

const USAGE = 'usage: npm run bench:matching -- --repo <git repository> [--pairs N] [--seed S] [--rev REV] [--json out.json] [--context-lines N] [--max-diff-lines N] [--min-f1 X] [--min-exact Y]';

export function parseArgs(argv: readonly string[]): { options: BenchOptions; json?: string; goals: Goals } {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (!flag.startsWith('--') || value === undefined) throw new Error(USAGE);
    values.set(flag.slice(2), value);
  }
  const number = (name: string, fallback?: number) => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new Error(`--${name}: not a number: ${text}`);
    return value;
  };
  const known = ['repo', 'pairs', 'seed', 'rev', 'json', 'context-lines', 'max-diff-lines', 'min-f1', 'min-exact'];
  const unknown = [...values.keys()].filter((name) => !known.includes(name));
  const repo = values.get('repo');
  if (unknown.length > 0 || repo === undefined) throw new Error(USAGE);
  return {
    options: {
      ...DEFAULTS,
      repo: resolve(repo),
      rev: values.get('rev') ?? DEFAULTS.rev,
      pairs: number('pairs', DEFAULTS.pairs) as number,
      seed: number('seed', DEFAULTS.seed) as number,
      contextLines: number('context-lines', DEFAULTS.contextLines) as number,
      maxDiffLines: number('max-diff-lines') ?? DEFAULTS.maxDiffLines,
    },
    json: values.get('json'),
    goals: { minF1: number('min-f1'), minExact: number('min-exact') },
  };
}

/** Runs, prints, writes the JSON; returns the exit code. */
function main(argv: readonly string[]): number {
  const { options, json, goals } = parseArgs(argv);
  const result = runBenchmark(options, loadCompareAnnotations());
  for (const line of report(result)) console.log(line);
  if (json) writeFileSync(json, JSON.stringify(result, null, 2) + '\n');
  const missed = missedGoals(result, goals);
  for (const line of missed) console.log(`goal missed: ${line}`);
  return missed.length > 0 ? 1 : 0;
}

/** The goals apply to the with-diff runs, with and without ids (issue 18). */
export function missedGoals(result: BenchResult, goals: Goals): string[] {
  const missed: string[] = [];
  for (const variant of VARIANTS.filter((v) => v.diff)) {
    const v = result.variants[variant.name];
    for (const side of ['introduced', 'fixed'] as const) {
      if (goals.minF1 !== undefined && f1(v[side]) < goals.minF1) missed.push(`${variant.name}: ${side} F1 ${fixed3(f1(v[side]))} < ${goals.minF1}`);
    }
    if (goals.minExact !== undefined && exactRate(result, v) < goals.minExact) missed.push(`${variant.name}: label counts exact ${fixed3(exactRate(result, v))} < ${goals.minExact}`);
  }
  return missed;
}

function exactRate(result: BenchResult, variant: VariantResult): number {
  return result.pairs.length === 0 ? 1 : variant.exactPairs / result.pairs.length;
}

export function report(result: BenchResult): string[] {
  const o = result.options;
  const out = [
    `repository ${result.repo} at ${result.head} (${o.rev}), seed ${o.seed}`,
    `pairs: ${result.pairs.length} of ${o.pairs} asked (${result.kinds.consecutive} consecutive, ${result.kinds.span} spans, ${result.kinds.rename} with renames; ` +
      `${result.pairs.reduce((n, p) => n + p.renames, 0)} renamed JS files)`,
    `findings: ${result.findings.base} base, ${result.findings.head} head; truth: ${sum(result.pairs.map((p) => p.truth.introduced))} new, ${sum(result.pairs.map((p) => p.truth.fixed))} fixed, ` +
      `${result.pairs.filter((p) => p.truth.introduced + p.truth.fixed > 0).length} pairs with some; ${result.linted} blobs linted`,
    `diff handed to the module: ${o.contextLines} context lines, ${o.maxDiffLines === null ? 'never truncated' : `files cut and marked truncated past ${o.maxDiffLines} lines`}`,
    `limits: pairs touching ≤ ${o.maxFilesPerPair} JS files and ≤ ${o.maxChangedLines} changed lines, from the last ${o.history} first-parent commits; ` +
      `${o.untouchedPerPair} untouched files sampled per pair; files > ${o.maxFileBytes} bytes or > ${o.maxFindingsPerFile} findings skipped on both sides`,
    `skipped files: ${Object.entries(result.skippedFiles)
      .map(([why, n]) => `${n} ${why}`)
      .join(', ')}`,
    '',
    '| run | introduced P / R / F1 | fixed P / R / F1 | label counts exact | mean count error per pair |',
    '|---|---|---|---:|---:|',
  ];
  for (const variant of VARIANTS) {
    const v = result.variants[variant.name];
    const prf = (s: VariantResult['introduced']) => `${fixed3(precision(s))} / ${fixed3(recall(s))} / ${fixed3(f1(s))}`;
    const meanError = result.pairs.length === 0 ? 0 : v.countError / result.pairs.length;
    out.push(`| ${variant.name} | ${prf(v.introduced)} | ${prf(v.fixed)} | ${(100 * exactRate(result, v)).toFixed(0)}% | ${meanError.toFixed(2)} |`);
  }
  for (const variant of VARIANTS) {
    const mistakes = result.variants[variant.name].mistakes;
    out.push('', `what ${variant.name} gets wrong (misclassified findings): ${mistakes.length === 0 ? 'nothing' : ''}`);
    // The fallback's mistakes are many: their counts say enough.
    for (const m of mistakes) out.push(`  ${m.category}: ${m.count}${variant.diff ? `, e.g. ${m.example}` : ''}`);
  }
  out.push('', `${result.seconds.toFixed(1)} s, load average ${loadavg()[0].toFixed(2)}`);
  return out;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function fixed3(value: number): string {
  return value.toFixed(3);
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  }
}
