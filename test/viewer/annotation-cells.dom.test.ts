/** @jest-environment jsdom */
import fc from 'fast-check';
import { resetFakeHost } from '../fake-host/state';
import { h } from '../../frontend/ui/dom';
import { annotationCells, FALLBACK_DEBOUNCE_MS, LARGE_DATA_ROWS, patchAnnotationCells, typingDelay } from '../../frontend/viewer/annotations-view';
import { prepareAnnotations } from '../../frontend/viewer/filter';
import { ANNOTATIONS, HOSTILE, REPORTS } from './fixtures/annotations';

const ctx = { contextPath: '/bitbucket', repo: { projectKey: 'PROJ', repositorySlug: 'app' }, commitId: 'a'.repeat(40) };
const rows = prepareAnnotations(
  [
    ...ANNOTATIONS,
    { reportKey: 'com.example.lint', externalId: 'x1', path: `src/${HOSTILE}.ts`, line: 7, message: HOSTILE, severity: 'LOW', link: 'javascript:alert(1)' },
    { reportKey: 'unknown', externalId: 'x2', path: 'src/app/main.ts', line: 10, message: 'Unused variable x', severity: 'LOW', type: 'CODE_SMELL', link: 'https://ci.example.com/x' },
  ],
  REPORTS,
);

beforeEach(() => resetFakeHost({ contextPath: '/bitbucket' }));

describe('annotation rows updated in place', () => {
  it('a row patched from any annotation to any other is identical to one built for it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...rows), fc.constantFrom(...rows), (from, to) => {
        const patched = h('div', null, annotationCells(ctx, from));
        expect(patchAnnotationCells(ctx, patched, to, from)).toBe(true);
        expect(patched.outerHTML).toBe(h('div', null, annotationCells(ctx, to)).outerHTML);
      }),
      { numRuns: 200 },
    );
  });

  it('declines an element that does not hold the five annotation cells (group headers, compare rows)', () => {
    const compareRow = h('div', null, annotationCells(ctx, rows[0], [h('div', { role: 'gridcell' }, 'introduced')]));
    expect(patchAnnotationCells(ctx, compareRow, rows[1], rows[0])).toBe(false);
  });
});

describe('typingDelay', () => {
  it('filters at once, and debounces only very large data', () => {
    expect(typingDelay(10_005)).toBe(0);
    expect(typingDelay(LARGE_DATA_ROWS - 1)).toBe(0);
    expect(typingDelay(LARGE_DATA_ROWS)).toBe(FALLBACK_DEBOUNCE_MS);
    expect(FALLBACK_DEBOUNCE_MS).toBeGreaterThan(0);
  });
});
