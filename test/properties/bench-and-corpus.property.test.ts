/** Properties of the benchmark's arithmetic (bench/lib) and of the hostile-string corpus packing. */
import fc from 'fast-check';
import { criticalPathDepth, duplicateCount, median, percentile, type TimedRequest } from '../../bench/lib/stats';
import { batchPayloads, hostileStrings, loadBlns, XSS_PAYLOADS, LONG_STRING_LENGTH } from './hostile-strings';

const request = (start: number, end: number, url = `/r${start}-${end}`): TimedRequest => ({ method: 'GET', url, start, end });

describe('criticalPathDepth', () => {
  it('a chain of k back-to-back requests is k deep; k overlapping ones are 1 deep', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 500 }), (k, latency) => {
        const chain = Array.from({ length: k }, (_, i) => request(i * latency, (i + 1) * latency));
        const parallel = Array.from({ length: k }, (_, i) => request(i, i + latency + k));
        expect(criticalPathDepth(chain)).toBe(k);
        expect(criticalPathDepth(parallel)).toBe(1);
      }),
    );
  });

  it('is between 1 and n, ignores input order, and never shrinks when a request is added', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 300 })).map(([s, d]) => request(s, s + d));
    fc.assert(
      fc.property(fc.array(interval, { minLength: 1, maxLength: 30 }), interval, (requests, extra) => {
        const depth = criticalPathDepth(requests);
        expect(depth).toBeGreaterThanOrEqual(1);
        expect(depth).toBeLessThanOrEqual(requests.length);
        expect(criticalPathDepth([...requests].reverse())).toBe(depth);
        expect(criticalPathDepth([...requests, extra])).toBeGreaterThanOrEqual(depth);
      }),
    );
  });

  it('an empty page has depth 0', () => expect(criticalPathDepth([])).toBe(0));
});

describe('duplicateCount / median / percentile', () => {
  it('counts repeats of method + URL only', () => {
    expect(duplicateCount([request(0, 1, '/a'), request(2, 3, '/a'), { ...request(0, 1, '/a'), method: 'POST' }, request(5, 6, '/a')])).toBe(2);
  });

  it('median and p95 lie within the samples and are order-independent', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (samples) => {
        const m = median(samples);
        const p95 = percentile(samples, 95);
        expect(samples).toContain(m);
        expect(p95).toBeGreaterThanOrEqual(m);
        expect(p95).toBeLessThanOrEqual(Math.max(...samples));
        expect(median([...samples].reverse())).toBe(m);
      }),
    );
    expect(median([5, 1, 3])).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
  });
});

describe('hostile-string corpus', () => {
  it('loads BLNS and our XSS list, which covers the vector families the suite promises', () => {
    expect(loadBlns().length).toBeGreaterThan(400);
    const all = hostileStrings().map((p) => p.value).join('\n');
    for (const needle of ['<script', 'onerror=', 'javascript:', 'data:text/html', '<svg', '<math', '${', '{{', 'expression(', '\u202E', '\u0000', '<iframe']) {
      expect(all).toContain(needle);
    }
    expect(XSS_PAYLOADS.some((p) => p.value.length === LONG_STRING_LENGTH)).toBe(true);
  });

  it('batchPayloads: every batch fits, and joining them gives back every payload in order', () => {
    const payload = fc.record({ name: fc.constant('p'), value: fc.string({ minLength: 0, maxLength: 120 }) });
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 60 }), fc.integer({ min: 1, max: 200 }), (payloads, max) => {
        const batches = batchPayloads(payloads, max);
        for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(max);
        const kept = payloads.map((p) => p.value.slice(0, max)).filter((v) => v !== '');
        expect(batches.join('\n').split('\n').filter((v) => v !== '')).toEqual(kept.join('\n').split('\n').filter((v) => v !== ''));
      }),
    );
  });
});
