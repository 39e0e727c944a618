/** The benchmark's one table and its JSON file, and side-by-side comparison with a baseline run. */
import { median } from './stats';

export type Unit = 'B' | 'ms' | 'count' | 'ratio' | 'KiB';

/** Whether a larger number is better, worse, or neither (for the delta column's sign hint). */
export type Direction = 'lower-is-better' | 'higher-is-better' | 'neutral';

export interface Metric {
  /** Stable id, also the JSON key: `pr.requests.total`. */
  id: string;
  label: string;
  unit: Unit;
  direction: Direction;
  samples: number[];
  median: number;
}

export interface BenchResult {
  schema: 1;
  startedAt: string;
  runs: number;
  latencyMs: number;
  environment: { node: string; chromium: string; platform: string };
  metrics: Metric[];
  /** Things measured once that explain the figures (which resources a page loaded, request lists). */
  details: Record<string, unknown>;
}

export class MetricSet {
  private readonly byId = new Map<string, Metric>();

  add(id: string, label: string, unit: Unit, direction: Direction, sample: number): void {
    let metric = this.byId.get(id);
    if (!metric) {
      metric = { id, label, unit, direction, samples: [], median: Number.NaN };
      this.byId.set(id, metric);
    }
    if (Number.isFinite(sample)) metric.samples.push(sample);
    metric.median = median(metric.samples);
  }

  list(): Metric[] {
    return [...this.byId.values()];
  }
}

function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'B':
      return `${Math.round(value).toLocaleString('en-US')} B`;
    case 'KiB':
      return `${(value / 1024).toFixed(1)} KiB`;
    case 'ms':
      return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ms`;
    case 'ratio':
      return `${value.toFixed(2)}×`;
    default:
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

function formatDelta(current: number, base: number | undefined, metric: Metric): string {
  if (base === undefined || !Number.isFinite(base) || !Number.isFinite(current)) return '';
  const diff = current - base;
  if (diff === 0) return '=';
  const pct = base !== 0 ? ` (${diff > 0 ? '+' : ''}${((diff / base) * 100).toFixed(1)}%)` : '';
  const better = metric.direction === 'neutral' ? '' : (diff < 0) === (metric.direction === 'lower-is-better') ? ' better' : ' worse';
  const shown = metric.unit === 'B' || metric.unit === 'count' ? Math.round(diff).toLocaleString('en-US') : diff.toFixed(metric.unit === 'ratio' ? 2 : 1);
  return `${diff > 0 ? '+' : ''}${shown}${pct}${better}`;
}

/** A metric's goal: the median must be at most `max` (or at least `min`). Any helper adds its own ids. */
export interface Goal {
  max?: number;
  min?: number;
}
export type Goals = Record<string, Goal>;

/** "≤ 10,240 B: met" / "≤ 8: short"; empty without a goal. */
export function formatGoal(metric: Metric, goal: Goal | undefined): string {
  if (!goal) return '';
  const bound = goal.max !== undefined ? `≤ ${formatValue(goal.max, metric.unit)}` : `≥ ${formatValue(goal.min, metric.unit)}`;
  if (!Number.isFinite(metric.median)) return `${bound}: not measured`;
  const met = (goal.max === undefined || metric.median <= goal.max) && (goal.min === undefined || metric.median >= goal.min);
  return `${bound}: ${met ? 'met' : 'short'}`;
}

/** One plain-text table; with a baseline: value, baseline and delta columns; with goals: a goal column. */
export function formatTable(result: BenchResult, baseline?: BenchResult, goals: Goals = {}): string {
  const baseById = new Map((baseline?.metrics ?? []).map((m) => [m.id, m]));
  const withGoals = Object.keys(goals).length > 0;
  const header = [...(baseline ? ['metric', 'this run', 'baseline', 'delta'] : ['metric', `median of ${result.runs}`, 'samples']), ...(withGoals ? ['goal'] : [])];
  const rows = result.metrics.map((m) => {
    const base = baseById.get(m.id);
    const cells = baseline
      ? [m.label, formatValue(m.median, m.unit), formatValue(base?.median, m.unit), formatDelta(m.median, base?.median, m)]
      : [m.label, formatValue(m.median, m.unit), m.samples.length > 1 ? `${formatValue(Math.min(...m.samples), m.unit)} … ${formatValue(Math.max(...m.samples), m.unit)}` : ''];
    return withGoals ? [...cells, formatGoal(m, goals[m.id])] : cells;
  });
  if (baseline) {
    for (const base of baseline.metrics) if (!result.metrics.some((m) => m.id === base.id)) rows.push([base.label, '—', formatValue(base.median, base.unit), 'gone', ...(withGoals ? [''] : [])]);
  }
  const widths = header.map((_, c) => Math.max(header[c].length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function parseBaseline(text: string, source: string): BenchResult {
  const parsed = JSON.parse(text) as Partial<BenchResult>;
  if (parsed.schema !== 1 || !Array.isArray(parsed.metrics)) throw new Error(`${source} is not a benchmark result (schema 1)`);
  return parsed as BenchResult;
}
