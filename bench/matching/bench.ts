/**
 * The matching benchmark: for each commit pair, ESLint findings of both sides as Code Insights annotations,
 * the truth from git's line map, and the module under test's introduced/fixed scored against it — with and
 * without the diff, with and without location-hash externalIds.
 */
import { createHash } from 'crypto';
import type { InsightAnnotation } from '../../frontend/rest/types';
import { bitbucketDiff, LineMap } from './diff';
import { RULE_CLASS } from './eslint-config';
import { Git } from './git';
import type { Finding, Skip } from './lint';
import { BlobLinter } from './lint';
import type { CommitPair, PairKind } from './pairs';
import { mulberry32, pickPairs, shuffle } from './pairs';
import type { ComparedFile, Item } from './truth';
import { pairFile, withoutNumbers } from './truth';

const REPORT_KEY = 'eslint';

/** What the benchmark calls: `compareAnnotations(base, head, diff?)` of `yourcompany/insights-compare`, or a stand-in. */
export type Comparator = (base: InsightAnnotation[], head: InsightAnnotation[], diff?: unknown) => { introduced: InsightAnnotation[]; fixed: InsightAnnotation[] };

export interface BenchOptions {
  repo: string;
  rev: string;
  pairs: number;
  seed: number;
  /** Untouched JS files linted per pair (the diff does not list them; they must stay unchanged). */
  untouchedPerPair: number;
  history: number;
  maxFilesPerPair: number;
  maxChangedLines: number;
  maxFileBytes: number;
  maxFindingsPerFile: number;
  /** Context lines of the diff handed to the module (the truth always uses git's zero-context line map). */
  contextLines: number;
  /** Files whose diff is longer are cut and marked truncated, as Bitbucket does past its limit; null: never. */
  maxDiffLines: number | null;
}

export const DEFAULTS: Omit<BenchOptions, 'repo'> = {
  rev: 'HEAD',
  pairs: 60,
  seed: 1,
  untouchedPerPair: 3,
  history: 5000,
  maxFilesPerPair: 25,
  maxChangedLines: 3000,
  maxFileBytes: 100_000,
  maxFindingsPerFile: 1000,
  contextLines: 0,
  maxDiffLines: null,
};

export const VARIANTS = [
  { name: 'with diff / no ids', diff: true, ids: false },
  { name: 'with diff / location-hash ids', diff: true, ids: true },
  { name: 'without diff / no ids', diff: false, ids: false },
  { name: 'without diff / location-hash ids', diff: false, ids: true },
] as const;
export type VariantName = (typeof VARIANTS)[number]['name'];

export interface Score {
  /** Findings both the module and the truth put in the set (multisets of identical annotations). */
  agreed: number;
  /** What the module put in the set. */
  predicted: number;
  /** What the truth puts in the set. */
  truth: number;
}

export interface PairResult {
  kind: PairKind;
  base: string;
  head: string;
  files: number;
  renames: number;
  baseFindings: number;
  headFindings: number;
  truth: { introduced: number; fixed: number };
  module: Record<VariantName, { introduced: number; fixed: number }>;
}

export interface Mistake {
  category: string;
  count: number;
  example: string;
}

export interface VariantResult {
  introduced: Score;
  fixed: Score;
  exactPairs: number;
  countError: number;
  mistakes: Mistake[];
}

export interface BenchResult {
  repo: string;
  head: string;
  options: Omit<BenchOptions, 'repo'>;
  pairs: PairResult[];
  kinds: Record<PairKind, number>;
  skippedFiles: Record<Skip, number>;
  linted: number;
  findings: { base: number; head: number };
  variants: Record<VariantName, VariantResult>;
  seconds: number;
}

export function runBenchmark(options: BenchOptions, compare: Comparator): BenchResult {
  const started = Date.now();
  const git = new Git(options.repo);
  const head = git.resolve(options.rev);
  const linter = new BlobLinter(git, options);
  const skippedFiles: Record<Skip, number> = { 'too large': 0, 'does not parse': 0, 'too many findings': 0 };
  const variants = {} as Record<VariantName, VariantResult>;
  const mistakes = {} as Record<VariantName, Map<string, Mistake>>;
  for (const variant of VARIANTS) {
    variants[variant.name] = { introduced: zero(), fixed: zero(), exactPairs: 0, countError: 0, mistakes: [] };
    mistakes[variant.name] = new Map();
  }
  const results = pickPairs(git, head, options.seed, options).map((pair, index) => {
    const files = compareFiles(git, linter, pair, mulberry32(options.seed * 7919 + index), options.untouchedPerPair, skippedFiles);
    const items = { introduced: files.flatMap((f) => f.head), fixed: files.flatMap((f) => f.base) };
    const truth = {
      introduced: signatures(items.introduced.filter((i) => i.partner === null).map((i) => i.annotation)),
      fixed: signatures(items.fixed.filter((i) => i.partner === null).map((i) => i.annotation)),
    };
    const hunks = git.hunks(pair.base, pair.head, options.contextLines);
    const diff = bitbucketDiff(pair.base, pair.head, pair.changes, hunks, options.contextLines, options.maxDiffLines ?? Infinity);
    const truncated = new Set(diff.diffs.filter((d) => d.truncated).map((d) => (d.destination ?? d.source)?.toString));
    const result: PairResult = {
      kind: pair.kind,
      base: pair.base,
      head: pair.head,
      files: files.length,
      renames: pair.changes.filter((c) => c.status === 'R').length,
      baseFindings: items.fixed.length,
      headFindings: items.introduced.length,
      truth: { introduced: total(truth.introduced), fixed: total(truth.fixed) },
      module: {} as PairResult['module'],
    };
    /** Per diff mode, the mistakes of the run without ids: the id run's other mistakes are the ids' doing. */
    const wrongWithoutIds = { true: new Set<string>(), false: new Set<string>() };
    for (const variant of VARIANTS) {
      const send = (side: Item[]) => side.map((i) => (variant.ids ? { ...i.annotation, externalId: locationHash(i) } : i.annotation));
      const outcome = compare(send(items.fixed), send(items.introduced), variant.diff ? diff : undefined);
      const got = { introduced: signatures(outcome.introduced), fixed: signatures(outcome.fixed) };
      const score = variants[variant.name];
      const counts = { introduced: total(got.introduced), fixed: total(got.fixed) };
      result.module[variant.name] = counts;
      if (counts.introduced === result.truth.introduced && counts.fixed === result.truth.fixed) score.exactPairs++;
      score.countError += Math.abs(counts.introduced - result.truth.introduced) + Math.abs(counts.fixed - result.truth.fixed);
      for (const side of ['introduced', 'fixed'] as const) {
        addScore(score[side], got[side], truth[side]);
        for (const [signature, wrong] of differences(got[side], truth[side])) {
          const key = `${side}\0${signature}`;
          const sameWithoutIds = wrongWithoutIds[`${variant.diff}`];
          if (!variant.ids) sameWithoutIds.add(key);
          // The finding the mistake is about: one the truth keeps when the module said new/fixed, and vice versa.
          const matching = items[side].filter((i) => signatureOf(i.annotation) === signature);
          const item = matching.find((i) => (wrong > 0) === (i.partner !== null)) ?? matching[0];
          if (item === undefined) throw new Error(`the comparator returned an annotation it was not given: ${signature}`);
          const cut = variant.diff && truncated.has(item.file.headPath ?? item.file.basePath ?? undefined);
          const category = cut ? 'truncated diff' : variant.ids && !sameWithoutIds.has(key) ? 'id tie-break' : categorize(item, side);
          const entry = mistakes[variant.name].get(category) ?? { category, count: 0, example: '' };
          entry.count += Math.abs(wrong);
          const said = wrong > 0 ? (side === 'introduced' ? 'new' : 'fixed') : 'unchanged';
          const truly = item.partner ? 'unchanged' : side === 'introduced' ? 'new' : 'fixed';
          entry.example ||= `${short(pair.base)}..${short(pair.head)} ${item.annotation.path}:${item.annotation.line} "${item.annotation.message}" called ${said}, truth ${truly}`;
          mistakes[variant.name].set(category, entry);
        }
      }
    }
    return result;
  });
  for (const variant of VARIANTS) variants[variant.name].mistakes = [...mistakes[variant.name].values()].sort((a, b) => b.count - a.count);
  const kinds = { consecutive: 0, span: 0, rename: 0 };
  for (const pair of results) kinds[pair.kind]++;
  const { repo, ...settings } = options;
  return {
    repo,
    head,
    options: settings,
    pairs: results,
    kinds,
    skippedFiles,
    linted: linter.linted,
    findings: { base: sum(results.map((r) => r.baseFindings)), head: sum(results.map((r) => r.headFindings)) },
    variants,
    seconds: (Date.now() - started) / 1000,
  };
}

/** The pair's changed JS files and a sample of untouched ones, linted on both sides and paired by the truth. */
function compareFiles(git: Git, linter: BlobLinter, pair: CommitPair, random: () => number, untouched: number, skipped: Record<Skip, number>): ComparedFile[] {
  const files: ComparedFile[] = [];
  const add = (file: Omit<ComparedFile, 'base' | 'head'>, base: Finding[] | Skip, head: Finding[] | Skip) => {
    const skip = typeof base === 'string' ? base : typeof head === 'string' ? head : null;
    if (skip !== null) {
      skipped[skip]++;
      return;
    }
    const compared: ComparedFile = { ...file, base: [], head: [] };
    compared.base = (base as Finding[]).map((finding) => item(finding, compared, compared.basePath as string));
    compared.head = (head as Finding[]).map((finding) => item(finding, compared, compared.headPath as string));
    pairFile(compared);
    files.push(compared);
  };
  const touched = new Set<string>(pair.changes.flatMap((c) => [c.oldPath, c.newPath]).filter((p): p is string => p !== null));
  const sample = [...git.jsFiles(pair.head)].filter(([path]) => !touched.has(path)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  shuffle(sample, random);
  sample.length = Math.min(sample.length, untouched);
  const wanted = new Map<string, string>([...sample.map(([path, blob]) => [blob, path] as const)]);
  for (const c of pair.changes) {
    if (c.oldBlob !== null) wanted.set(c.oldBlob, c.oldPath as string);
    if (c.newBlob !== null) wanted.set(c.newBlob, c.newPath as string);
  }
  const findings = linter.findings(wanted);
  const of = (blob: string | null) => (blob === null ? [] : (findings.get(blob) as Finding[] | Skip));
  for (const change of pair.changes) {
    add({ basePath: change.oldPath, headPath: change.newPath, status: change.status, map: new LineMap(change.hunks) }, of(change.oldBlob), of(change.newBlob));
  }
  for (const [path, blob] of sample) add({ basePath: path, headPath: path, status: 'untouched', map: null }, of(blob), of(blob));
  return files;
}

function item(finding: Finding, file: ComparedFile, path: string): Item {
  const { severity, type } = RULE_CLASS[finding.rule];
  const annotation: InsightAnnotation = { reportKey: REPORT_KEY, path, line: finding.line, message: `${finding.message} (${finding.rule})`, severity, type };
  return { finding, annotation, file, partner: null };
}

/** The common publisher habit: externalId = hash(rule, path, line). */
function locationHash(item: Item): string {
  return createHash('sha1').update(JSON.stringify([item.finding.rule, item.annotation.path, item.annotation.line])).digest('hex').slice(0, 20);
}

/** Which of the with-diff mistakes this is, most specific first. */
function categorize(item: Item, side: 'introduced' | 'fixed'): string {
  const { file, finding } = item;
  if (finding.line === 0) return 'file-level finding';
  if (file.status === 'untouched') return 'untouched file';
  if (file.status === 'R') return 'renamed file';
  const touched = side === 'introduced' ? file.map?.adds(finding.line) : file.map?.removes(finding.line);
  if (touched) return 'edited or moved line';
  if (item.partner && item.partner.finding.message !== finding.message) return 'numbers in message';
  const kindOf = (i: Item) => i.finding.rule + withoutNumbers(i.finding.message);
  const same = [...file.base, ...file.head].filter((i) => kindOf(i) === kindOf(item)).length;
  return same > 2 ? 'duplicate pairing' : 'other';
}

function signatureOf(annotation: InsightAnnotation): string {
  return JSON.stringify([annotation.reportKey, annotation.path, annotation.line, annotation.message, annotation.severity, annotation.type]);
}

/** Multiset of annotations, ids aside: identical findings on one line are interchangeable. */
function signatures(annotations: readonly InsightAnnotation[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const annotation of annotations) counts.set(signatureOf(annotation), (counts.get(signatureOf(annotation)) ?? 0) + 1);
  return counts;
}

/** signature → got − truth, where they differ. */
function differences(got: Map<string, number>, truth: Map<string, number>): [string, number][] {
  const out: [string, number][] = [];
  for (const signature of new Set([...got.keys(), ...truth.keys()])) {
    const wrong = (got.get(signature) ?? 0) - (truth.get(signature) ?? 0);
    if (wrong !== 0) out.push([signature, wrong]);
  }
  return out;
}

function addScore(score: Score, got: Map<string, number>, truth: Map<string, number>): void {
  for (const [signature, count] of got) score.agreed += Math.min(count, truth.get(signature) ?? 0);
  score.predicted += total(got);
  score.truth += total(truth);
}

export function precision(score: Score): number {
  return score.predicted === 0 ? 1 : score.agreed / score.predicted;
}

export function recall(score: Score): number {
  return score.truth === 0 ? (score.predicted === 0 ? 1 : 0) : score.agreed / score.truth;
}

export function f1(score: Score): number {
  const p = precision(score);
  const r = recall(score);
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
}

function zero(): Score {
  return { agreed: 0, predicted: 0, truth: 0 };
}

function total(counts: Map<string, number>): number {
  return sum([...counts.values()]);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function short(sha: string): string {
  return sha.slice(0, 10);
}
