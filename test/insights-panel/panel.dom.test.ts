/** @jest-environment jsdom */
import { mount, summarize, summaryLabel, mountFileInsights, hasFilePath } from '../../frontend/insights-panel';
import { resetFakeHost } from '../fake-host/state';
import { axeViolations, flushPromises, renderInModal, renderInto } from '../support/dom';
import { HOSTILE_MARKUP as HOSTILE, FAILURE_KINDS } from '../support/wire';
import { annotation, BASE, context, fakeClient, HEAD, report, restError, standardClient } from './fixtures';

let container: HTMLElement;
beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket' });
  container = renderInto();
});

const headline = () => container.querySelector('.yc-insights-headline')?.textContent;
const card = (key: string) => container.querySelector(`.yc-insights-report[data-report-key="${key}"]`) as HTMLElement;
const kinds = FAILURE_KINDS;

describe('insights panel', () => {
  it('shows a busy spinner while loading', () => {
    mount(container, context(), { client: fakeClient({ mergeBase: 'hang', commits: { [HEAD]: { reports: 'hang' } } }).client });
    expect(container.querySelector('aui-spinner')).not.toBeNull();
    expect(container.querySelector('.yc-insights-body')?.getAttribute('aria-busy')).toBe('true');
  });

  it('renders reports with results, counts, the comparison and a viewer link', async () => {
    mount(container, context(), { client: standardClient().client });
    await flushPromises();
    expect(headline()).toBe(`2 reports on the latest commit: 1 failing, 0 without a result yet. Against the merge base ${BASE.slice(0, 11)}: 1 new, 1 fixed.`);
    const reports = Array.from(container.querySelectorAll('.yc-insights-report')).map((el) => el.getAttribute('data-report-key'));
    expect(reports).toEqual(['security', 'lint']);
    expect(card('security').querySelector('.aui-lozenge')?.textContent).toBe('Failed');
    expect(card('security').textContent).toContain('No baseline report');
    expect(card('lint').querySelector('.yc-insights-delta')?.textContent).toBe('Compared with the merge base: 1 new, 1 fixed, 1 unchanged.');
    expect(card('lint').querySelector('.yc-insights-counts')?.textContent).toContain('2 annotations');
    expect(container.querySelector('a.yc-insights-viewer-link')?.getAttribute('href')).toBe('#yourcompany-insights?repo=SOUR/vegeta&pr=7');
  });

  it('lists new findings first and switches to fixed/unchanged with aria-pressed buttons', async () => {
    mount(container, context(), { client: standardClient().client });
    await flushPromises();
    const lint = card('lint');
    const rows = () => Array.from(lint.querySelectorAll('.yc-insights-finding')).map((r) => r.querySelector('.yc-insights-cell-message')?.textContent);
    expect(rows()).toEqual(['Shadowed name']);
    expect(lint.querySelector('.yc-insights-finding a')?.getAttribute('href')).toBe('/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/diff#src/b.ts?t=3');
    const fixed = lint.querySelector('button[data-filter="fixed"]') as HTMLButtonElement;
    fixed.click();
    expect(fixed.getAttribute('aria-pressed')).toBe('true');
    expect(lint.querySelector('button[data-filter="introduced"]')?.getAttribute('aria-pressed')).toBe('false');
    expect(rows()).toEqual(['Too long']);
    expect(lint.querySelector('.yc-insights-finding a')?.getAttribute('href')).toBe(`/bitbucket/projects/SOUR/repos/vegeta/browse/src/old.ts?at=${BASE}#5`);
    expect(lint.querySelector('[role="status"].assistive')?.textContent).toBe('Fixed (1)');
  });

  it('shows an empty state for a filter without rows', async () => {
    const fake = fakeClient({ commits: { [HEAD]: { reports: [report('a')], annotations: [] }, [BASE]: { reports: [report('a')], annotations: [] } } });
    mount(container, context(), { client: fake.client });
    await flushPromises();
    expect(card('a').querySelector('.yc-vlist')?.hasAttribute('hidden')).toBe(true);
    expect(card('a').querySelector('.yc-insights-empty')?.textContent).toBe('No new findings in this pull request.');
  });

  it('says when there is no merge base and when there are no reports', async () => {
    mount(container, context(), { client: fakeClient({ mergeBase: null, commits: { [HEAD]: { reports: [report('a')] } } }).client });
    await flushPromises();
    expect(container.textContent).toContain('No merge base');
    mount(container, context(), { client: fakeClient({ mergeBase: null }).client });
    await flushPromises();
    expect(headline()).toBe('No Code Insights reports on the latest commit of this pull request.');
    expect(container.querySelector('.yc-insights-empty')?.textContent).toMatch(/No reports yet/);
  });

  it.each(kinds)('a %s failure of the head reports renders its AUI message', async (kind, status) => {
    mount(container, context(), { client: fakeClient({ commits: { [HEAD]: { reports: restError(kind, status) } } }).client });
    await flushPromises();
    expect(container.querySelector('.aui-message')?.getAttribute('data-error-kind')).toBe(kind);
    expect(container.querySelector('aui-spinner')).toBeNull();
  });

  it.each(kinds)('a %s failure of the merge base keeps the head reports and explains why nothing is compared', async (kind, status) => {
    mount(container, context(), { client: fakeClient({ mergeBase: restError(kind, status), commits: { [HEAD]: { reports: [report('a')] } } }).client });
    await flushPromises();
    expect(container.querySelector('.yc-insights-baseline-error .aui-message')?.getAttribute('data-error-kind')).toBe(kind);
    expect(card('a')).not.toBeNull();
  });

  it('renders hostile report and annotation strings as inert text', async () => {
    const long = 'y'.repeat(10_000);
    const rtl = '\u202Etxt.exe\u200B\u{1F4A5}';
    const fake = fakeClient({
      mergeBase: null,
      commits: {
        [HEAD]: {
          reports: [
            report(HOSTILE, {
              title: HOSTILE,
              reporter: rtl,
              details: long,
              link: 'javascript:alert(1)',
              logoUrl: 'data:image/svg+xml,<svg onload=alert(1)>',
              data: [{ title: HOSTILE, type: 'LINK', value: { linktext: HOSTILE, href: 'javascript:alert(1)' } }],
            }),
          ],
          annotations: [annotation(HOSTILE, `${rtl}/${HOSTILE}`, 3, HOSTILE + long, { link: 'javascript:alert(1)' })],
        },
      },
    });
    mount(container, context(), { client: fake.client });
    await flushPromises();
    expect(container.querySelector('img, script, svg')).toBeNull();
    expect(container.textContent).toContain(HOSTILE);
    expect(container.textContent).toContain(rtl);
    for (const a of Array.from(container.querySelectorAll('a'))) expect(a.getAttribute('href')).toMatch(/^(\/|https?:|#yourcompany-insights)/);
    expect(container.querySelector('.yc-insights-report-link')).toBeNull();
    expect(container.querySelector('.yc-insights-finding-external')).toBeNull();
  });

  it('renders a safe logo with alt text', async () => {
    mount(container, context(), { client: fakeClient({ mergeBase: null, commits: { [HEAD]: { reports: [report('a', { logoUrl: 'https://cdn.example.com/logo.png', reporter: 'Sonar' })] } } }).client });
    await flushPromises();
    const img = container.querySelector('img.yc-insights-logo') as HTMLImageElement;
    expect(img.getAttribute('src')).toBe('https://cdn.example.com/logo.png');
    expect(img.getAttribute('alt')).toBe('Sonar');
    expect(img.getAttribute('referrerpolicy')).toBe('no-referrer');
    img.dispatchEvent(new Event('error'));
    expect(container.querySelector('img.yc-insights-logo')).toBeNull();
  });

  it('windows 3 reports × 1 000 annotations: counts for all, only a screenful of rows in the DOM', async () => {
    const reports = ['a', 'b', 'c'].map((k) => report(k, { result: 'FAIL' }));
    const annotations = reports.flatMap((r) => Array.from({ length: 1000 }, (_, i) => annotation(r.key, `src/f${i}.ts`, i + 1, `Issue ${i}`, { severity: i % 2 ? 'HIGH' : 'LOW' })));
    mount(container, context(), { client: fakeClient({ mergeBase: null, commits: { [HEAD]: { reports, annotations } } }).client });
    await flushPromises();
    expect(card('a').querySelector('.yc-insights-counts')?.textContent).toContain('1000 annotations');
    expect(container.querySelector('.yc-vlist')?.getAttribute('aria-rowcount')).toBe('1001');
    expect(container.querySelectorAll('.yc-insights-finding').length).toBeLessThan(100);
    const firstRow = card('a').querySelector('.yc-insights-finding .aui-lozenge');
    expect(firstRow?.textContent).toBe('High');
  });

  it('Enter on the active finding follows its link', async () => {
    mount(container, context(), { client: standardClient().client });
    await flushPromises();
    const grid = card('lint').querySelector('.yc-vlist') as HTMLElement;
    const link = grid.querySelector('.yc-insights-finding a') as HTMLAnchorElement;
    const clicked = jest.fn((event: Event) => event.preventDefault());
    link.addEventListener('click', clicked);
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(clicked).toHaveBeenCalledTimes(1);
  });

  it('unmount aborts every in-flight request and empties the container', async () => {
    const fake = fakeClient({ mergeBase: 'hang', diff: 'hang', commits: { [HEAD]: { reports: 'hang', annotations: 'hang' } } });
    const unmount = mount(container, context(), { client: fake.client });
    unmount();
    await flushPromises();
    expect(fake.calls).toHaveLength(4);
    expect(fake.calls.every((c) => c.signal?.aborted)).toBe(true);
    expect(container.childNodes).toHaveLength(0);
  });

  it.each([
    ['refused', 'unauthorized', 401],
    ['forbidden', 'forbidden', 403],
    ['missing', 'not-found', 404],
    ['rate-limited', 'rate-limited', 429],
    ['failing', 'server', 500],
    ['timing out', 'timeout', 0],
    ['malformed', 'malformed', 200],
  ] as const)('a %s diff still shows the insights, with a note that names the files and why', async (_name, kind, status) => {
    mount(container, context(), { client: standardClient(restError(kind, status)).client });
    await flushPromises();
    expect(container.querySelector('aui-spinner')).toBeNull();
    expect(card('lint')).not.toBeNull();
    const note = container.querySelector('.yc-approximate-note');
    expect(note?.textContent).toContain('The diff could not be read (');
    // Without a diff every file of a compared report is matched approximately.
    expect(Array.from(note?.querySelectorAll('li') ?? []).map((li) => li.textContent)).toEqual(['src/a.ts', 'src/b.ts', 'src/old.ts']);
  });

  it('label and modal show the same numbers, with and without the diff', async () => {
    for (const diff of [undefined, restError('server', 500)]) {
      const fake = standardClient(diff);
      const label = summaryLabel(await summarize(context(), { client: fake.client }));
      mount(container, context(), { client: fake.client });
      await flushPromises();
      const delta = card('lint').querySelector('.yc-insights-delta')?.textContent ?? '';
      const [introduced, fixed] = (/(\d+) new, (\d+) fixed/.exec(delta) ?? []).slice(1);
      expect(label).toBe(`Insights: ${introduced} new \u00b7 ${fixed} fixed`);
      expect(headline()).toContain(`${introduced} new, ${fixed} fixed`);
    }
  });

  it('the modal reuses the label\u2019s answers (no second request)', async () => {
    const fake = standardClient();
    const summary = await summarize(context(), { client: fake.client });
    expect(summaryLabel(summary)).toBe('Insights: 1 new \u00b7 1 fixed');
    const requests = fake.calls.length;
    mount(container, context(), { client: fake.client });
    await flushPromises();
    expect(fake.calls.length).toBe(requests);
    expect(card('lint')).not.toBeNull();
  });

  it('a label still loading keeps its request when the modal is closed', async () => {
    const fake = fakeClient({ mergeBase: 'hang' });
    const label = summarize(context(), { client: fake.client }, new AbortController().signal);
    const unmount = mount(container, context(), { client: fake.client });
    unmount();
    expect(fake.calls.find((c) => c.method === 'getMergeBase')?.signal?.aborted).toBe(false);
    fake.release('getMergeBase', null);
    await expect(label).resolves.toMatchObject({ reports: 0 });
  });

  it('is axe-clean inside the host modal (heading levels included)', async () => {
    container = renderInModal('Code Insights');
    mount(container, context(), { client: standardClient().client });
    await flushPromises();
    expect(await axeViolations()).toEqual([]);
  });
});

describe('file insights (diff toolbar)', () => {
  const fileContext = (path: unknown) => ({ ...context(), change: { path } }) as never;

  it('knows when the toolbar context has a file', () => {
    expect(hasFilePath(fileContext('src/a.ts'))).toBe(true);
    expect(hasFilePath(fileContext({ toString: 'src/a.ts', components: ['src', 'a.ts'] }))).toBe(true);
    expect(hasFilePath(fileContext({ components: ['src', 'a.ts'] }))).toBe(true);
    expect(hasFilePath(fileContext(''))).toBe(false);
    expect(hasFilePath({ ...context() } as never)).toBe(false);
  });

  it('lists the file\u2019s head findings worst first with report names, from the label\u2019s shared load', async () => {
    const fake = fakeClient({
      commits: {
        [HEAD]: {
          reports: [report('lint', { title: 'Lint' }), report('sec', { title: 'Security' })],
          annotations: [annotation('lint', 'src/a.ts', 9, 'Minor', { severity: 'LOW' }), annotation('sec', 'src/a.ts', 2, 'Major', { severity: 'HIGH' }), annotation('lint', 'src/other.ts', 1, 'Elsewhere')],
        },
      },
    });
    await summarize(context(), { client: fake.client });
    const requests = fake.calls.length;
    mountFileInsights(container, fileContext('src/a.ts'), { client: fake.client });
    await flushPromises();
    expect(fake.calls.length).toBe(requests);
    expect(headline()).toBe('2 findings in src/a.ts on the latest commit.');
    const messages = Array.from(container.querySelectorAll('.yc-insights-finding .yc-insights-cell-message')).map((c) => c.textContent);
    expect(messages).toEqual(['Major', 'Minor']);
    expect(container.querySelector('.yc-insights-file-reports')?.textContent).toContain('Security: 1');
    expect(container.querySelector('.yc-insights-finding a')?.getAttribute('href')).toBe('/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/diff#src/a.ts?t=2');
  });

  it('counts what the pull request introduced and fixed in the file, with the same diff and note as the label', async () => {
    const fake = standardClient(restError('server', 502));
    mountFileInsights(container, fileContext('src/b.ts'), { client: fake.client });
    await flushPromises();
    expect(fake.calls.filter((c) => c.method === 'getPullRequestDiff')).toHaveLength(1);
    const [introduced] = (/(\d+) new/.exec(container.querySelector('.yc-insights-delta')?.textContent ?? '') ?? []).slice(1);
    expect(Number(introduced)).toBe(1);
    expect(Array.from(container.querySelectorAll('.yc-approximate-note li')).map((li) => li.textContent)).toEqual(['src/b.ts']);
  });

  it('counts findings fixed under a renamed file\u2019s old path', async () => {
    const renamed = {
      diffs: [{ source: { toString: 'src/old.ts' }, destination: { toString: 'src/new.ts' }, hunks: [], truncated: false }],
      truncated: false,
    };
    mountFileInsights(container, fileContext('src/new.ts'), { client: standardClient(renamed).client });
    await flushPromises();
    const [, fixed] = (/(\d+) new, (\d+) fixed/.exec(container.querySelector('.yc-insights-delta')?.textContent ?? '') ?? []).slice(1);
    // The merge base's "Too long" on src/old.ts is gone from the renamed file.
    expect(Number(fixed)).toBe(1);
  });

  it('says so when the file has no findings, and errors render as AUI messages', async () => {
    mountFileInsights(container, fileContext('src/a.ts'), { client: fakeClient().client });
    await flushPromises();
    expect(container.querySelector('.yc-insights-empty')?.textContent).toBe('No Code Insights findings for this file on the latest commit.');
    mountFileInsights(container, fileContext('src/a.ts'), { client: fakeClient({ commits: { [HEAD]: { annotations: restError('rate-limited', 429) } } }).client });
    await flushPromises();
    expect(container.querySelector('.aui-message')?.getAttribute('data-error-kind')).toBe('rate-limited');
  });

  it('unmount aborts its requests', () => {
    const fake = fakeClient({ commits: { [HEAD]: { reports: 'hang', annotations: 'hang' } } });
    const unmount = mountFileInsights(container, fileContext('src/a.ts'), { client: fake.client });
    unmount();
    expect(fake.calls.every((c) => c.signal?.aborted)).toBe(true);
    expect(container.childNodes).toHaveLength(0);
  });
});
