/** Small, dependency-free statistics for the benchmark. */

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of a non-empty list; NaN for an empty one. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)];
}

export interface TimedRequest {
  method: string;
  url: string;
  /** ms, any common clock */
  start: number;
  end: number;
}

/**
 * Sequential round trips on the critical path. A request that starts at or after another one ended
 * could have waited for it, so it is one level deeper than that one:
 *   depth(r) = 1 + max(depth(q) for q with q.end <= r.start), 0 when there is no such q.
 * The page's depth is the maximum. With L ms per round trip, depth × L is a lower bound on the time
 * the slowest chain of requests needs. Requests overlapping in time share a level (they ran in parallel).
 * O(n²), fine for the tens of requests a page makes.
 */
export function criticalPathDepth(requests: readonly TimedRequest[]): number {
  const byStart = [...requests].sort((a, b) => a.start - b.start || a.end - b.end);
  const depth: number[] = [];
  let deepest = 0;
  byStart.forEach((request, i) => {
    let level = 1;
    for (let j = 0; j < i; j++) if (byStart[j].end <= request.start) level = Math.max(level, depth[j] + 1);
    depth[i] = level;
    deepest = Math.max(deepest, level);
  });
  return deepest;
}

/** Requests repeating an earlier one's method + URL (so 3 identical GETs count 2 duplicates). */
export function duplicateCount(requests: readonly Pick<TimedRequest, 'method' | 'url'>[]): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const { method, url } of requests) {
    const key = `${method.toUpperCase()} ${url}`;
    if (seen.has(key)) duplicates += 1;
    else seen.add(key);
  }
  return duplicates;
}
