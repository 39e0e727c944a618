/** @jest-environment jsdom */
import { resetFakeHost } from '../fake-host/state';
import { mount } from '../../frontend/viewer/index';
import { chartLayout, trendChart } from '../../frontend/viewer/trend-view';
import type { TrendPoint } from '../../frontend/viewer/trend-view';
import type { InsightReport } from '../../frontend/rest/types';
import { commit, createFakeClient, REPO } from './fake-client';

const sha = (n: number) => n.toString(16).padStart(2, '0').repeat(20);
const C = [0, 1, 2, 3, 4, 5, 6].map((n) => sha(n + 1));
const lint = (result: 'PASS' | 'FAIL'): InsightReport[] => [{ key: 'lint', title: 'Lint', result, createdDate: 1, data: [] }];

let observers: { callback: ResizeObserverCallback; targets: Element[] }[] = [];
beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket', currentUser: { id: 1, name: 'admin', slug: 'admin', displayName: 'Admin' } });
  observers = [];
  (globalThis as unknown as { ResizeObserver: unknown }).ResizeObserver = class {
    private entry: { callback: ResizeObserverCallback; targets: Element[] };
    constructor(callback: ResizeObserverCallback) {
      this.entry = { callback, targets: [] };
      observers.push(this.entry);
    }
    observe(target: Element) {
      this.entry.targets.push(target);
    }
    disconnect() {
      this.entry.targets = [];
    }
  };
});
afterEach(() => {
  delete (globalThis as unknown as { ResizeObserver?: unknown }).ResizeObserver;
  document.body.textContent = '';
});

describe('trend chart layout', () => {
  it.each([2, 7, 20, 60])('%i points: every label is centred on its point, inside the chart, never overlapping; the newest is labelled', (n) => {
    for (const width of [320, 640, 1200]) {
      const layout = chartLayout(n, 10, width);
      expect(layout.labelled[layout.labelled.length - 1]).toBe(n - 1);
      for (const i of layout.labelled) {
        expect(layout.x(i) - 28).toBeGreaterThanOrEqual(0);
        expect(layout.x(i) + 28).toBeLessThanOrEqual(layout.width);
      }
      for (let k = 1; k < layout.labelled.length; k++) expect(layout.x(layout.labelled[k]) - layout.x(layout.labelled[k - 1])).toBeGreaterThanOrEqual(56);
    }
    // With room, every point is labelled.
    if (n <= 7) expect(chartLayout(n, 10, 1200).labelled).toHaveLength(n);
  });

  it('labels sit at their points\' x and the svg is drawn at the width given', () => {
    const points: TrendPoint[] = C.slice(0, 5).map((id, i) => ({ commit: commit(id, `c${i}`), reports: { ok: true, value: lint(i % 2 ? 'PASS' : 'FAIL') }, annotations: { ok: true, value: { annotations: [] } } }));
    const svg = trendChart(points, [{ key: 'lint', title: 'Lint' }], { width: 900 });
    expect(svg.getAttribute('width')).toBe('900');
    expect(svg.getAttribute('viewBox')).toBe('0 0 900 200');
    const labels = [...svg.querySelectorAll('.yc-trend-xlabel')];
    expect(labels).toHaveLength(5);
    for (const label of labels) {
      const i = Number(label.getAttribute('data-index'));
      const mark = svg.querySelector(`[data-index="${i}"]:not(text)`)!;
      const markX = mark.tagName === 'rect' ? Number(mark.getAttribute('x')) + 4 : Number(mark.getAttribute('cx'));
      expect(Number(label.getAttribute('x'))).toBeCloseTo(markX);
      expect(label.getAttribute('text-anchor')).toBe('middle');
    }
  });
});

describe('trend tab interaction', () => {
  async function mountTrend() {
    const commits = C.map((id, i) => commit(id, `Commit ${i}`, C[i + 1]));
    const fake = createFakeClient({
      repositories: [REPO],
      branches: ['main'],
      defaultBranch: 'main',
      commits,
      pullRequests: [],
      reports: { [C[0]]: lint('FAIL'), [C[2]]: lint('PASS'), [C[4]]: lint('FAIL') },
      annotations: { [C[0]]: [{ reportKey: 'lint', line: 1, message: 'm', severity: 'HIGH' }], [C[4]]: [] },
      admin: false,
    });
    const container = document.createElement('div');
    document.body.appendChild(container);
    mount(container, { repo: { projectKey: 'PROJ', repositorySlug: 'app' }, branch: 'main', tab: 'trend' }, { client: fake.client });
    await fake.idle();
    await new Promise((r) => setTimeout(r, 80));
    return container;
  }

  it('keyboard focus reads out a point; arrows, Home and End move it', async () => {
    const container = await mountTrend();
    const frame = container.querySelector<HTMLElement>('[data-testid="trend-chart"]')!;
    const readout = () => container.querySelector('[data-testid="trend-readout"]')!.textContent;
    expect(frame.getAttribute('role')).toBe('slider');
    expect(readout()).toContain('arrow keys');
    frame.focus();
    // The newest commit (rightmost) first.
    expect(readout()).toBe(`${C[0].slice(0, 11)} Commit 0: Lint Failed, 1 annotations (1 high)`);
    expect(frame.getAttribute('aria-valuenow')).toBe('7');
    expect(frame.getAttribute('aria-valuetext')).toBe(readout());
    frame.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    expect(readout()).toBe(`${C[1].slice(0, 11)} Commit 1: Lint no report`);
    frame.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    expect(readout()).toContain('Commit 6');
    expect(frame.querySelector('.yc-trend-cursor')).not.toBeNull();
    expect(frame.querySelector('.yc-trend-xlabel-active')?.getAttribute('data-index')).toBe('0');
    frame.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(readout()).toContain('Commit 0');
  });

  it('the pointer picks the nearest point; the chart follows its container\'s width', async () => {
    const container = await mountTrend();
    const frame = container.querySelector<HTMLElement>('[data-testid="trend-chart"]')!;
    const svg = () => frame.querySelector('svg')!;
    const x2 = Number(svg().querySelector('.yc-trend-xlabel[data-index="2"]')!.getAttribute('x'));
    frame.dispatchEvent(new MouseEvent('mousemove', { clientX: x2 + 3, bubbles: true }));
    expect(container.querySelector('[data-testid="trend-readout"]')!.textContent).toBe(`${C[4].slice(0, 11)} Commit 4: Lint Failed, 0 annotations (0 high)`);
    frame.dispatchEvent(new MouseEvent('mouseleave'));
    expect(container.querySelector('[data-testid="trend-readout"]')!.textContent).toContain('arrow keys');

    const box = container.querySelector<HTMLElement>('.yc-trend-chart-box')!;
    const observer = observers.find((o) => o.targets.includes(box))!;
    expect(observer).toBeDefined();
    Object.defineProperty(box, 'clientWidth', { configurable: true, value: 1100 });
    observer.callback([], {} as ResizeObserver);
    expect(svg().getAttribute('width')).toBe('1100');
    Object.defineProperty(box, 'clientWidth', { configurable: true, value: 380 });
    observer.callback([], {} as ResizeObserver);
    expect(svg().getAttribute('width')).toBe('380');
  });
});
