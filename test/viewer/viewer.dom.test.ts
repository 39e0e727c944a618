/** @jest-environment jsdom */
import { resetFakeHost } from '../fake-host/state';
import { mount, open, close, openFromLocation, isOpen, setClient } from '../../frontend/viewer/index';
import { parseViewerHash, viewerHash } from '../../frontend/insights-model';
import * as insightsCompare from 'yourcompany/insights-compare';
import type { InsightAnnotation, InsightReport } from '../../frontend/rest/types';
import { commit, createFakeClient, FakeData, REPO } from './fake-client';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
const sha = (n: number) => n.toString(16).padStart(2, '0').repeat(20);
const C = [0, 1, 2, 3, 4].map((n) => sha(n + 1));

function reports(commitId: string, result: 'PASS' | 'FAIL' = 'FAIL'): InsightReport[] {
  return [
    { key: 'lint', title: `Lint ${HOSTILE}`, result, reporter: HOSTILE, createdDate: 1_700_000_000_000, link: 'javascript:alert(1)', logoUrl: 'data:image/png;base64,xx', details: `Details ${HOSTILE}`, data: [{ title: 'Coverage', type: 'PERCENTAGE', value: 85.5 }, { title: HOSTILE, type: 'LINK', value: { linktext: 'build', href: 'javascript:alert(2)' } }] },
    { key: 'sec', title: 'Security', result: 'PASS', createdDate: 1_700_000_000_000, data: [], link: `https://ci.example.com/${commitId}` },
  ];
}

function annotations(count: number): InsightAnnotation[] {
  const severities = ['HIGH', 'MEDIUM', 'LOW'] as const;
  return Array.from({ length: count }, (_, i) => ({
    reportKey: i % 2 ? 'sec' : 'lint',
    externalId: `a${i}`,
    path: i === 0 ? `src/${HOSTILE}.ts` : `src/dir${i % 7}/file${i % 13}.ts`,
    line: (i % 50) + 1,
    message: i === 0 ? HOSTILE : `Finding ${i} ${i % 3 === 0 ? 'weak hash' : 'unused'}`,
    severity: severities[i % 3],
    type: i % 2 ? 'VULNERABILITY' : 'CODE_SMELL',
    link: i === 1 ? 'javascript:alert(3)' : undefined,
  }));
}

function dataset(overrides: Partial<FakeData> = {}): FakeData {
  return {
    repositories: [REPO],
    branches: ['main', `feature/${HOSTILE}`],
    defaultBranch: 'main',
    commits: C.map((id, i) => commit(id, `Commit ${i} ${HOSTILE}`, C[i + 1])),
    pullRequests: [],
    reports: { [C[1]]: reports(C[1]), [C[2]]: reports(C[2], 'PASS'), [C[3]]: reports(C[3]), [C[4]]: reports(C[4]) },
    annotations: { [C[1]]: annotations(300), [C[2]]: annotations(250), [C[3]]: annotations(10), [C[4]]: [] },
    admin: false,
    ...overrides,
  };
}

const repo = { projectKey: 'PROJ', repositorySlug: 'app' };
let container: HTMLElement;

beforeEach(() => {
  resetFakeHost({ contextPath: '/bitbucket', currentUser: { id: 1, name: 'admin', slug: 'admin', displayName: 'Admin' } });
  container = document.createElement('div');
  document.body.appendChild(container);
  history.replaceState(null, '', '/bitbucket/projects/PROJ/repos/app/browse');
});

afterEach(() => {
  close();
  setClient(undefined);
  document.body.textContent = '';
});

const q = <T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T | null => root.querySelector<T>(selector);
const text = (selector: string) => q(selector)?.textContent ?? '';

describe('viewer (jsdom)', () => {
  it('lists recent commits with report results in parallel (≤ 4), flags the stale head, renders hostile data as text', async () => {
    const fake = createFakeClient(dataset());
    mount(container, { repo, branch: 'main', tab: 'annotations' }, { client: fake.client });
    await fake.idle();
    const rows = container.querySelectorAll('[data-testid="commit-table"] tbody tr');
    expect(rows).toHaveLength(5);
    expect(rows[0].textContent).toContain('No reports');
    expect(rows[1].textContent).toContain('2 reports, 1 failing');
    expect(fake.maxInFlight.listReports).toBeLessThanOrEqual(4);
    expect(text('[data-testid="stale-note"]')).toContain('The latest commit has no reports');
    // head (C[0]) has no reports: the annotations tab says so
    expect(text('[data-testid="viewer-annotations"]')).toContain('No reports on this commit');
    expect(container.querySelector('img[src="x"], script')).toBeNull();
  });

  it('shows the annotations of a commit (one request per severity, none twice), filters, sorts and groups with a bounded DOM', async () => {
    const fake = createFakeClient(dataset());
    const changes: [string, string][] = [];
    const unmount = mount(container, { repo, branch: 'main', commit: C[1] }, { client: fake.client, onChange: (s, mode) => changes.push([viewerHash(s), mode]) });
    await fake.idle();
    // Three parallel reads, HIGH first, each annotation once: the default order paints from the first.
    expect(fake.calls.filter((c) => c.startsWith('getCommitAnnotations'))).toEqual(['HIGH', 'MEDIUM', 'LOW'].map((s) => `getCommitAnnotations ${C[1]} severity=${s}`));
    expect(fake.calls.filter((c) => c === `listReports ${C[1]}`)).toHaveLength(1);
    expect(text('[data-testid="annotation-count"]')).toBe('Showing 300 of 300 annotations');
    const grid = q('[data-testid="annotation-grid"]')!;
    expect(grid.getAttribute('aria-rowcount')).toBe('301');
    expect(grid.querySelectorAll('.yc-vlist-body [role="row"]').length).toBeLessThan(40);
    // severity sort puts HIGH first
    expect(grid.querySelector('[data-index="0"] .yc-cell-severity')!.textContent).toBe('High');
    // hostile message and path are text
    expect(container.querySelector('img[src="x"], script')).toBeNull();

    const input = q<HTMLInputElement>('[data-testid="filter-text"]')!;
    input.value = 'weak hash';
    input.dispatchEvent(new Event('input'));
    await new Promise((r) => setTimeout(r, 150));
    const expected = annotations(300).filter((a) => a.message.includes('weak hash')).length;
    expect(text('[data-testid="annotation-count"]')).toBe(`Showing ${expected} of 300 annotations`);
    expect(changes[changes.length - 1]).toEqual([expect.stringContaining('q=weak%20hash'), 'replace']);
    // The raw filter time of the last refresh, in ms with three decimals (a missing attribute fails here).
    const filterMs = q('[data-testid="viewer-annotations"]')!.getAttribute('data-filter-ms');
    expect(filterMs).toMatch(/^\d+\.\d{3}$/);
    expect(Number(filterMs)).toBeGreaterThanOrEqual(0);
    expect(q('[data-testid="viewer-annotations"]')!.getAttribute('data-visible-count')).toBe(String(expected));

    const high = q<HTMLInputElement>('[data-testid="filter-severity"] input[value="HIGH"]')!;
    high.checked = true;
    high.dispatchEvent(new Event('change'));
    expect(changes[changes.length - 1][0]).toContain('severity=HIGH');
    const both = annotations(300).filter((a) => a.message.includes('weak hash') && a.severity === 'HIGH').length;
    expect(text('[data-testid="annotation-count"]')).toBe(`Showing ${both} of 300 annotations`);

    const group = q<HTMLInputElement>('[data-testid="filter-group"]')!;
    group.checked = true;
    group.dispatchEvent(new Event('change'));
    expect(grid.querySelector('.yc-group-row')).not.toBeNull();
    expect(grid.querySelector('.yc-group-row')!.textContent).toMatch(/annotations? \(\d+ high, 0 medium, 0 low\)/);

    const path = q<HTMLInputElement>('[data-testid="filter-path"]')!;
    path.value = '**/dir3/*.ts';
    path.dispatchEvent(new Event('input'));
    await new Promise((r) => setTimeout(r, 150));
    const globbed = annotations(300).filter((a) => a.message.includes('weak hash') && a.severity === 'HIGH' && /^src\/dir3\/[^/]*\.ts$/.test(a.path!)).length;
    expect(text('[data-testid="annotation-count"]')).toBe(`Showing ${globbed} of 300 annotations`);
    unmount();
    expect(container.children).toHaveLength(0);
  });

  it('filters inside the keystroke (no fixed debounce), narrowing in place with the same row elements', async () => {
    const fake = createFakeClient(dataset());
    mount(container, { repo, branch: 'main', commit: C[1] }, { client: fake.client });
    await fake.idle();
    const grid = q('[data-testid="annotation-grid"]')!;
    const rowsBefore = [...grid.querySelectorAll('.yc-vlist-body [role="row"]')];
    const input = q<HTMLInputElement>('[data-testid="filter-text"]')!;
    for (const typed of ['w', 'we', 'weak', 'weak h']) {
      input.value = typed;
      input.dispatchEvent(new Event('input'));
      // no timer has run: the rows already answer this keystroke
      const expected = annotations(300).filter((a) => typed.split(' ').filter(Boolean).every((t) => a.message.toLowerCase().includes(t) || a.path!.toLowerCase().includes(t))).length;
      expect(text('[data-testid="annotation-count"]')).toBe(`Showing ${expected} of 300 annotations`);
    }
    const rowsAfter = [...grid.querySelectorAll('.yc-vlist-body [role="row"]')];
    expect(rowsAfter.length).toBeGreaterThan(0);
    expect(rowsAfter.every((row) => rowsBefore.includes(row))).toBe(true); // recycled, not rebuilt
    for (const row of rowsAfter) expect(row.querySelector('.yc-cell-message')!.textContent).toContain('weak hash');
  });

  it('typing reports the new state (the URL) once the typist pauses; a navigation reports the pending text first', async () => {
    const fake = createFakeClient(dataset());
    const changes: [string, string][] = [];
    mount(container, { repo, branch: 'main', commit: C[1] }, { client: fake.client, onChange: (s, mode) => changes.push([viewerHash(s), mode]) });
    await fake.idle();
    changes.length = 0;
    const input = q<HTMLInputElement>('[data-testid="filter-text"]')!;
    for (const typed of ['w', 'we', 'wea']) {
      input.value = typed;
      input.dispatchEvent(new Event('input'));
    }
    expect(changes).toEqual([]);
    await new Promise((r) => setTimeout(r, 150));
    expect(changes).toEqual([[expect.stringContaining('q=wea'), 'replace']]);
    input.value = 'weak';
    input.dispatchEvent(new Event('input'));
    q<HTMLButtonElement>(`[data-commit="${C[2]}"] .yc-commit-pick`)!.click();
    expect(changes.slice(1)).toEqual([
      [expect.stringMatching(new RegExp(`commit=${C[1]}.*q=weak`)), 'replace'],
      [expect.stringMatching(new RegExp(`commit=${C[2]}.*q=weak`)), 'push'],
    ]);
    await new Promise((r) => setTimeout(r, 150));
    expect(changes).toHaveLength(3); // nothing left to report
  });

  it('the annotations tab asks no permission probe; the reports tab asks when it needs to', async () => {
    const fake = createFakeClient(dataset());
    mount(container, { repo, branch: 'main', commit: C[1] }, { client: fake.client });
    await fake.idle();
    expect(text('[data-testid="annotation-count"]')).toBe('Showing 300 of 300 annotations');
    expect(fake.calls.filter((c) => c.startsWith('getRepoPermissions'))).toEqual([]);
    q<HTMLAnchorElement>('[role="tab"][data-tab="reports"]')!.click();
    await fake.idle();
    expect(fake.calls.filter((c) => c.startsWith('getRepoPermissions'))).toEqual(['getRepoPermissions admin']);
  });

  it('paints the HIGH annotations first and indexes the rest in slices after a paint, busy until complete', async () => {
    // 1500 HIGH (more than one first slice), then 600 MEDIUM and 400 LOW.
    const many = Array.from({ length: 2500 }, (_, i) => ({
      reportKey: i % 2 ? 'lint' : 'sec',
      externalId: `m${i}`,
      path: `src/f${i % 40}.ts`,
      line: (i % 90) + 1,
      message: `Finding ${i}`,
      severity: i < 1500 ? ('HIGH' as const) : i < 2100 ? ('MEDIUM' as const) : ('LOW' as const),
    }));
    const fake = createFakeClient(dataset({ annotations: { [C[1]]: many } }));
    const seen: { text: string; busy: boolean; csv: boolean }[] = [];
    const observer = new MutationObserver(() => {
      const count = container.querySelector('[data-testid="annotation-count"]');
      const last = seen[seen.length - 1];
      if (count && count.textContent && count.textContent !== last?.text) {
        seen.push({ text: count.textContent, busy: count.getAttribute('aria-busy') === 'true', csv: !container.querySelector('[data-testid="export-csv"]')!.hasAttribute('disabled') });
      }
    });
    observer.observe(container, { subtree: true, childList: true, characterData: true, attributes: true });
    mount(container, { repo, branch: 'main', commit: C[1] }, { client: fake.client });
    await fake.idle();
    for (let i = 0; i < 50 && container.querySelector('[data-testid="annotation-count"][aria-busy]'); i++) await new Promise((r) => setTimeout(r, 10));
    observer.disconnect();
    // First paint: one slice of the HIGH answer, busy, exports held back until every row is in.
    expect(seen[0]).toEqual({ text: 'Showing 1000 of 1000 annotations', busy: true, csv: false });
    expect(seen[seen.length - 1]).toEqual({ text: 'Showing 2500 of 2500 annotations', busy: false, csv: true });
    const count = q('[data-testid="annotation-count"]')!;
    expect(count.hasAttribute('aria-busy')).toBe(false);
    expect(q('[data-testid="annotation-grid"]')!.getAttribute('aria-rowcount')).toBe('2501');
    // the streamed rows sort exactly like a one-shot sort: severity, then path, line, server order
    const rendered = [...container.querySelectorAll('[data-testid="annotation-grid"] .yc-vlist-body [role="row"]')].sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')));
    const expected = many
      .map((a, i) => ({ ...a, i }))
      .filter((a) => a.severity === 'HIGH')
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.i - b.i))
      .slice(0, 5)
      .map((a) => a.message);
    expect(rendered.slice(0, 5).map((row) => row.querySelector('.yc-cell-message')!.textContent)).toEqual(expected);
  });

  it('compare after annotations: the whole list is put together from the three severity reads, not read again', async () => {
    const fake = createFakeClient(dataset());
    mount(container, { repo, branch: 'main', commit: C[1] }, { client: fake.client });
    await fake.idle();
    q<HTMLAnchorElement>('[role="tab"][data-tab="compare"]')!.click();
    await fake.idle();
    expect(text('[data-testid="compare-count"]')).toMatch(/^\d+ introduced, \d+ fixed/);
    expect(fake.calls.filter((c) => c.startsWith(`getCommitAnnotations ${C[1]}`))).toEqual(['HIGH', 'MEDIUM', 'LOW'].map((s) => `getCommitAnnotations ${C[1]} severity=${s}`));
    expect(fake.calls).toContain(`getCommitAnnotations ${C[2]}`); // the base commit: one plain read
  });

  it('links every row to the file and line at the commit in the source view, drops unsafe links', async () => {
    const fake = createFakeClient(dataset());
    mount(container, { repo, branch: 'main', commit: C[1], sort: { field: 'line', descending: false } }, { client: fake.client });
    await fake.idle();
    const link = q<HTMLAnchorElement>('[data-testid="annotation-grid"] [data-index="0"] a.yc-annotation-link')!;
    expect(link.getAttribute('href')).toMatch(new RegExp(`^/bitbucket/projects/PROJ/repos/app/browse/src/.+\\?at=${C[1]}#1$`));
    const hrefs = [...container.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!);
    expect(hrefs.some((h) => /^(javascript|data):/i.test(h))).toBe(false);
  });

  it('reports tab: formatted fields, safe link and logo, no admin actions for read-only users', async () => {
    const fake = createFakeClient(dataset());
    mount(container, { repo, branch: 'main', commit: C[1], tab: 'reports' }, { client: fake.client });
    await fake.idle();
    const cards = container.querySelectorAll('.yc-report');
    expect(cards).toHaveLength(2);
    expect(cards[0].textContent).toContain('85.5%');
    expect(cards[0].querySelector('img')).toBeNull(); // data: logo dropped by h()
    expect(cards[0].querySelector('a[href^="javascript"]')).toBeNull();
    expect(cards[1].querySelector('a')!.getAttribute('href')).toBe(`https://ci.example.com/${C[1]}`);
    expect(container.querySelector('[data-testid="delete-report"]')).toBeNull();
    expect(fake.calls).toContain('getRepoPermissions admin');
  });

  it('admin: delete asks for confirmation naming report and commit, then deletes; a 401 is explained', async () => {
    const fake = createFakeClient(dataset({ admin: true }));
    mount(container, { repo, branch: 'main', commit: C[1], tab: 'reports' }, { client: fake.client });
    await fake.idle();
    expect(text('.yc-reports')).toContain('Only the user who created a report can replace it');
    const card = container.querySelectorAll('.yc-report')[1] as HTMLElement;
    (q<HTMLButtonElement>('[data-testid="delete-report"]', card)!).click();
    const dialog = q('[data-testid="confirm-delete-report"]', card)!;
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(dialog.textContent).toContain('“Security”');
    expect(dialog.textContent).toContain(C[1].slice(0, 11));
    expect(fake.calls.some((c) => c.startsWith('deleteReport'))).toBe(false);
    q<HTMLButtonElement>('[data-testid="confirm-delete-report-cancel"]', card)!.click();
    await fake.idle();
    expect(fake.calls.some((c) => c.startsWith('deleteReport'))).toBe(false);

    fake.fail.set('deleteAnnotations', { kind: 'unauthorized', status: 401 });
    q<HTMLButtonElement>('[data-testid="delete-annotations"]', card)!.click();
    q<HTMLButtonElement>('[data-testid="confirm-delete-annotations-confirm"]', card)!.click();
    await fake.idle();
    expect(card.querySelector('.yc-action-error')!.textContent).toContain('Only the user who created a report may change it');
    fake.fail.delete('deleteAnnotations');

    q<HTMLButtonElement>('[data-testid="delete-report"]', card)!.click();
    q<HTMLButtonElement>('[data-testid="confirm-delete-report-confirm"]', card)!.click();
    await fake.idle();
    expect(fake.calls).toContain(`deleteReport ${C[1]} sec`);
    expect(container.querySelectorAll('.yc-report')).toHaveLength(1);
    expect(fake.calls.filter((c) => c === `listReports ${C[1]}`).length).toBe(2); // re-read after the delete only
  });

  it('empty state: a copyable curl command with the real context path, repo and commit', async () => {
    const fake = createFakeClient(dataset());
    mount(container, { repo, branch: 'main', tab: 'reports' }, { client: fake.client });
    await fake.idle();
    const curl = text('[data-testid="curl-example"]');
    expect(curl).toBe(
      `curl -u USER:TOKEN -H 'Content-Type: application/json' -X PUT 'http://localhost/bitbucket/rest/insights/latest/projects/PROJ/repos/app/commits/${C[0]}/reports/com.example.my-report' -d '{"title":"My report","reporter":"CI","result":"PASS","data":[{"title":"Coverage","type":"PERCENTAGE","value":85.5}]}'`,
    );
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: (t: string) => (written.push(t), Promise.resolve()) }, configurable: true });
    q<HTMLButtonElement>('[data-testid="copy-curl"]')!.click();
    await new Promise((r) => setTimeout(r, 0));
    expect(written).toEqual([curl]);
    expect(text('.yc-copy-status')).toBe('Copied.');
  });

  it.each([
    ['unavailable', 404, 'Code Insights is not available'],
    ['unauthorized', 401, 'You are not permitted to see this'],
    ['rate-limited', 429, 'rate limiting'],
    ['server', 502, 'Bitbucket had a problem'],
    ['malformed', 200, 'Unexpected response'],
    ['timeout', 0, 'did not answer in time'],
  ] as const)('explains a %s failure and offers a retry', async (kind, status, words) => {
    const fake = createFakeClient(dataset());
    fake.fail.set('getCommitAnnotations', { kind, status });
    mount(container, { repo, branch: 'main', commit: C[1] }, { client: fake.client });
    await fake.idle();
    const panel = q('[data-testid="viewer-panel"]')!;
    expect(panel.querySelector('.aui-message')!.textContent).toContain(words);
    expect(panel.querySelector(`[data-error-kind="${kind}"]`)).not.toBeNull();
    // the rest of the viewer still works
    expect(container.querySelectorAll('[data-testid="commit-table"] tbody tr')).toHaveLength(5);
    fake.fail.delete('getCommitAnnotations');
    q<HTMLButtonElement>('[data-testid="viewer-retry"]', panel)!.click();
    await fake.idle();
    expect(text('[data-testid="annotation-count"]')).toBe('Showing 300 of 300 annotations');
  });

  it('compare: introduced / fixed between the commit and its parent via insights-model', async () => {
    const data = dataset();
    data.annotations[C[2]] = annotations(250);
    data.annotations[C[1]] = [...annotations(250).slice(10), { reportKey: 'lint', externalId: 'new-1', path: 'src/new.ts', line: 5, message: 'Brand new', severity: 'HIGH' }];
    const fake = createFakeClient(data);
    mount(container, { repo, branch: 'main', commit: C[1], tab: 'compare' }, { client: fake.client });
    await fake.idle();
    expect(text('[data-testid="compare-sides"]')).toContain(`Base ${C[2].slice(0, 11)}`);
    expect(text('[data-testid="compare-count"]')).toBe('1 introduced, 10 fixed (current filters)');
    const summary = q('[data-testid="compare-summary"]')!;
    expect(summary.querySelectorAll('tbody tr')).toHaveLength(2);
  });

  it('compare: asks for the diff between exactly the two commits, in parallel, and hands it to the matcher', async () => {
    const data = dataset();
    const diff = { diffs: [{ source: { toString: 'src/a.ts' }, destination: { toString: 'src/b.ts' }, hunks: [], truncated: false }], truncated: false };
    data.diffs = { [`${C[2]}..${C[1]}`]: diff };
    const fake = createFakeClient(data);
    const spy = jest.spyOn(insightsCompare, 'compareReports');
    try {
      mount(container, { repo, branch: 'main', commit: C[1], tab: 'compare' }, { client: fake.client });
      await fake.idle();
      expect(fake.calls).toContain(`getCommitDiff ${C[2]}..${C[1]}`);
      const started = fake.calls.indexOf(`getCommitDiff ${C[2]}..${C[1]}`);
      expect(fake.calls.slice(started - 4, started).every((c) => /^(listReports|getCommitAnnotations) /.test(c))).toBe(true);
      expect(spy.mock.calls[spy.mock.calls.length - 1][2]).toEqual(diff);
    } finally {
      spy.mockRestore();
    }
  });

  it.each([
    ['forbidden', 403],
    ['not-found', 404],
    ['rate-limited', 429],
    ['server', 500],
    ['timeout', 0],
    ['malformed', 200],
  ] as const)('compare: a %s diff still compares, with the approximate note saying why', async (kind, status) => {
    const data = dataset();
    data.annotations[C[2]] = annotations(20);
    data.annotations[C[1]] = annotations(20).slice(5);
    const fake = createFakeClient(data);
    fake.fail.set('getCommitDiff', { kind, status });
    mount(container, { repo, branch: 'main', commit: C[1], tab: 'compare' }, { client: fake.client });
    await fake.idle();
    expect(text('[data-testid="compare-count"]')).toBe('0 introduced, 5 fixed (current filters)');
    const note = q('.yc-approximate-note');
    expect(note?.textContent).toContain('The diff could not be read (');
    expect(note?.querySelectorAll('li').length).toBeLessThanOrEqual(6);
  });

  it('trend: chart plus table across the branch commits', async () => {
    const fake = createFakeClient(dataset());
    mount(container, { repo, branch: 'main', tab: 'trend' }, { client: fake.client });
    await fake.idle();
    await new Promise((r) => setTimeout(r, 80));
    const svg = q('.yc-trend-chart')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.querySelector('title')!.textContent).toContain('across 5 commits');
    expect(svg.querySelectorAll('polyline').length).toBe(2);
    const table = q('[data-testid="trend-table"]')!;
    expect(table.querySelectorAll('tbody tr')).toHaveLength(5);
    expect(table.querySelector('tbody tr:nth-child(2)')!.textContent).toContain('150 (50 high)');
    expect(fake.maxInFlight.getCommitAnnotations).toBeLessThanOrEqual(4);
    // a commit without reports costs no annotation request
    expect(fake.calls).not.toContain(`getCommitAnnotations ${C[0]}`);
  });

  it('a repository alone resolves to its default branch without a new history entry', async () => {
    const fake = createFakeClient(dataset());
    const changes: [string, string][] = [];
    mount(container, { repo }, { client: fake.client, onChange: (s, mode) => changes.push([viewerHash(s), mode]) });
    await fake.idle();
    expect(changes).toEqual([['#yourcompany-insights?repo=PROJ/app&branch=main', 'replace']]);
    expect(container.querySelectorAll('[data-testid="commit-table"] tbody tr')).toHaveLength(5);
  });
});

describe('viewer overlay and URL', () => {
  it('opens from the hash as a modal dialog, locks scroll, and closes with Escape restoring focus and URL', async () => {
    const fake = createFakeClient(dataset());
    setClient(fake.client);
    const trigger = document.createElement('button');
    document.body.appendChild(trigger);
    trigger.focus();
    history.replaceState(null, '', `/bitbucket/projects/PROJ/repos/app/browse${viewerHash({ repo, branch: 'main', commit: C[1] })}`);
    openFromLocation();
    await fake.idle();
    const dialog = q('[role="dialog"]')!;
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('Code Insights viewer');
    expect(document.documentElement.style.overflow).toBe('hidden');
    expect(dialog.contains(document.activeElement)).toBe(true);
    // a second call (the launcher's hashchange) does not open a second overlay
    openFromLocation();
    expect(document.querySelectorAll('[role="dialog"]')).toHaveLength(1);

    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(isOpen()).toBe(false);
    expect(document.querySelector('[role="dialog"]')).toBeNull();
    expect(location.hash).toBe('');
    expect(location.pathname).toBe('/bitbucket/projects/PROJ/repos/app/browse');
    expect(document.documentElement.style.overflow).toBe('');
    expect(document.activeElement).toBe(trigger);
  });

  it('Escape closes even when focus fell to <body> and the host (AUI) already prevented the key', async () => {
    const fake = createFakeClient(dataset());
    setClient(fake.client);
    const hostHandler = (event: KeyboardEvent) => event.preventDefault();
    document.addEventListener('keydown', hostHandler, true);
    try {
      open({ repo, branch: 'main', commit: C[1] });
      await fake.idle();
      (document.activeElement as HTMLElement).blur();
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
      expect(isOpen()).toBe(false);
    } finally {
      document.removeEventListener('keydown', hostHandler, true);
    }
  });

  it('Escape inside an inline confirmation cancels it and keeps the viewer open', async () => {
    const fake = createFakeClient(dataset({ admin: true }));
    setClient(fake.client);
    open({ repo, branch: 'main', commit: C[1], tab: 'reports' });
    await fake.idle();
    q<HTMLButtonElement>('[data-testid="delete-report"]')!.click();
    const cancel = q<HTMLButtonElement>('[data-testid="confirm-delete-report-cancel"]')!;
    cancel.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    expect(q('[data-testid="confirm-delete-report"]')).toBeNull();
    expect(isOpen()).toBe(true);
  });

  it('pushes history for scope changes, replaces it for filters, follows back/forward and closes when the hash goes', async () => {
    const fake = createFakeClient(dataset());
    setClient(fake.client);
    open({ repo, branch: 'main', commit: C[1] });
    await fake.idle();
    const length = history.length;
    expect(parseViewerHash(location.hash).commit).toBe(C[1]);

    q<HTMLButtonElement>(`[data-commit="${C[2]}"] .yc-commit-pick`)!.click();
    expect(history.length).toBe(length + 1);
    expect(parseViewerHash(location.hash).commit).toBe(C[2]);
    await fake.idle();

    const sort = q<HTMLSelectElement>('[data-testid="filter-sort"]')!;
    sort.value = '-path';
    sort.dispatchEvent(new Event('change'));
    expect(history.length).toBe(length + 1);
    expect(location.hash).toContain('sort=-path');

    // back/forward: the URL drives the view
    history.replaceState(null, '', `${location.pathname}${viewerHash({ repo, branch: 'main', commit: C[3], tab: 'reports' })}`);
    window.dispatchEvent(new PopStateEvent('popstate'));
    await fake.idle();
    expect(q('[role="tab"][aria-selected="true"]')!.textContent).toBe('Reports');
    expect(text('[data-testid="viewer-commit"]')).toContain(C[3].slice(0, 11));

    history.replaceState(null, '', location.pathname);
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(isOpen()).toBe(false);
  });

  it('keyboard: / focuses the filter, j/k move through the grid, Tab stays inside the dialog', async () => {
    const fake = createFakeClient(dataset());
    setClient(fake.client);
    open({ repo, branch: 'main', commit: C[1] });
    await fake.idle();
    const dialog = q('[role="dialog"]')!;
    const closeButton = q<HTMLButtonElement>('[data-testid="viewer-close"]')!;
    closeButton.focus();
    closeButton.dispatchEvent(new KeyboardEvent('keydown', { key: '/', bubbles: true, cancelable: true }));
    expect(document.activeElement).toBe(q('[data-testid="filter-text"]'));

    closeButton.focus();
    closeButton.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, cancelable: true }));
    const grid = q('[data-testid="annotation-grid"]')!;
    expect(document.activeElement).toBe(grid);
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, cancelable: true }));
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }));
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', bubbles: true, cancelable: true }));
    expect(grid.getAttribute('aria-activedescendant')).toBe(grid.querySelector('[data-index="2"]')!.id);

    // Enter follows the active row's source link
    const link = grid.querySelector<HTMLAnchorElement>('[data-index="2"] a.yc-annotation-link')!;
    const clicked = jest.fn((event: Event) => event.preventDefault());
    link.addEventListener('click', clicked);
    grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    expect(clicked).toHaveBeenCalledTimes(1);

    // Tab from the last focusable element wraps to the first
    const focusables = [...dialog.querySelectorAll<HTMLElement>('a[href], button:not([disabled]), input, select, [tabindex="0"]')];
    const last = focusables[focusables.length - 1];
    last.focus();
    const tab = new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true });
    last.dispatchEvent(tab);
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(closeButton);
  });
});
