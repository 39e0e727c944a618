/**
 * The trend chart in Chromium, on the branch trend of ACME/web-app `main` (emulator/seed/README.md): commit labels
 * centred under their points and inside the chart (the right-hand one used to be clipped), the chart as wide as its
 * box and redrawn when the window narrows, and a readout of each point on hover and on keyboard focus.
 */
import type { Page } from 'playwright-core';
import { startBrowserEnv, type BrowserEnv, type TrackedPage } from './support';
import { VIEWER_ROUTE } from '../../plugin-descriptor/modules';

jest.setTimeout(90_000);

let env: BrowserEnv;
beforeAll(async () => {
  env = await startBrowserEnv();
});
afterAll(async () => {
  await env?.close();
});

let tracked: TrackedPage;
afterEach(async () => {
  expect(tracked.errors()).toEqual([]);
  await tracked.close();
});

interface Geometry {
  svg: { left: number; right: number; width: number };
  box: number;
  labels: { index: number; left: number; right: number; centre: number }[];
  points: Record<number, number>;
}

function geometry(page: Page): Promise<Geometry> {
  return page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('[data-testid="trend-chart"] svg')!;
    const s = svg.getBoundingClientRect();
    const labels = [...svg.querySelectorAll<SVGTextElement>('.yc-trend-xlabel')].map((t) => {
      const r = t.getBoundingClientRect();
      return { index: Number(t.getAttribute('data-index')), left: r.left, right: r.right, centre: r.left + r.width / 2 };
    });
    const points: Record<number, number> = {};
    for (const mark of svg.querySelectorAll<SVGGraphicsElement>('circle[data-index], rect[data-index]')) {
      const r = mark.getBoundingClientRect();
      points[Number(mark.getAttribute('data-index'))] = r.left + r.width / 2;
    }
    const box = (document.querySelector('.yc-trend-chart-box') as HTMLElement).clientWidth;
    return { svg: { left: s.left, right: s.right, width: s.width }, box, labels, points };
  });
}

describe('trend chart', () => {
  it('labels sit under their points, inside the chart; the chart fills its box and follows a resize; hover and focus read points out', async () => {
    tracked = await env.newPage('alice');
    const { page } = tracked;
    await page.goto(`${env.baseUrl}/dashboard${VIEWER_ROUTE}?repo=ACME/web-app&branch=main&tab=trend`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="trend-chart"] svg .yc-trend-pass, [data-testid="trend-chart"] svg .yc-trend-fail');
    await page.waitForFunction(() => !document.querySelector('[data-testid="trend-table"]')?.textContent?.includes('…'));

    for (const width of [1280, 760]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForFunction((w) => {
        const box = document.querySelector('.yc-trend-chart-box') as HTMLElement | null;
        const svg = document.querySelector('[data-testid="trend-chart"] svg');
        return !!box && !!svg && Math.abs(Number(svg.getAttribute('width')) - box.clientWidth) <= 1 && box.clientWidth < w;
      }, width);
      const g = await geometry(page);
      expect(Math.abs(g.svg.width - g.box)).toBeLessThanOrEqual(1);
      expect(g.labels.length).toBeGreaterThanOrEqual(2);
      // The newest commit is labelled, and no label leaves the chart.
      const commits = await page.locator('[data-testid="trend-table"] tbody tr').count();
      expect(commits).toBeGreaterThan(2);
      expect(Math.max(...g.labels.map((l) => l.index))).toBe(commits - 1);
      for (const label of g.labels) {
        expect(label.left).toBeGreaterThanOrEqual(g.svg.left - 0.5);
        expect(label.right).toBeLessThanOrEqual(g.svg.right + 0.5);
        if (g.points[label.index] !== undefined) expect(Math.abs(label.centre - g.points[label.index])).toBeLessThanOrEqual(1.5);
      }
      for (let i = 1; i < g.labels.length; i++) expect(g.labels[i].left).toBeGreaterThan(g.labels[i - 1].right);
    }

    const readout = page.locator('[data-testid="trend-readout"]');
    const g = await geometry(page);
    const [index, x] = Object.entries(g.points)[0];
    const svgBox = (await page.locator('[data-testid="trend-chart"] svg').boundingBox())!;
    await page.mouse.move(x, svgBox.y + svgBox.height / 2);
    await expect(readout.textContent()).resolves.toMatch(/^[0-9a-f]{11} .+: .*(Failed|Passed)/);
    expect(await page.locator('.yc-trend-xlabel-active').getAttribute('data-index')).toBe(index);

    await page.mouse.move(0, 0);
    await page.locator('[data-testid="trend-chart"]').focus();
    const newest = await readout.textContent();
    await page.keyboard.press('ArrowLeft');
    const previous = await readout.textContent();
    expect(previous).not.toBe(newest);
    expect(await page.locator('[data-testid="trend-chart"]').getAttribute('aria-valuetext')).toBe(previous);
    await page.keyboard.press('End');
    expect(await readout.textContent()).toBe(newest);
    expect(await env.runAxe(page, '[data-testid="viewer-trend"]')).toEqual([]);
  });
});
