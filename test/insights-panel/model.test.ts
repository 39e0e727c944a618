import { buildInsightsView } from '../../frontend/insights-panel/model';
import { summarizePullRequestInsights, insightsLabel as summaryLabel, withAnnotations } from '../../frontend/pr-summary/insights-summary';
import type { LinkContext } from '../../frontend/insights-panel/model';
import type { DiffOutcome, PullRequestInsights } from '../../frontend/pr-summary/insights-data';
import type { InsightAnnotation, InsightReport } from '../../frontend/rest/types';
import * as insightsCompare from 'yourcompany/insights-compare';
import { annotation, BASE, HEAD, mergeBase, report, restError, STANDARD_DIFF } from './fixtures';

const links: LinkContext = { contextPath: '/bitbucket', repo: { projectKey: 'SOUR', repositorySlug: 'vegeta' }, pullRequestId: 7 };
const NOW = 1_700_000_500_000;

const READ_DIFF: DiffOutcome = { status: 'ok', diff: STANDARD_DIFF };

function data(
  head: { reports: InsightReport[]; annotations: InsightAnnotation[] },
  base: { reports: InsightReport[]; annotations: InsightAnnotation[] } | 'none' | 'error',
  diff: DiffOutcome = READ_DIFF,
): PullRequestInsights {
  return {
    diff,
    head: { commitId: HEAD, ...head },
    baseline:
      base === 'none'
        ? { status: 'no-merge-base' }
        : base === 'error'
          ? { status: 'error', error: restError('server', 500) }
          : { status: 'ok', commit: mergeBase, insights: { commitId: BASE, ...base } },
  };
}

const standard = () =>
  data(
    {
      reports: [report('lint'), report('security', { result: 'FAIL', title: 'Security scan' })],
      annotations: [
        annotation('lint', 'src/a.ts', 12, 'Unused variable', { severity: 'LOW', externalId: 'L1' }),
        annotation('lint', 'src/b.ts', 3, 'Shadowed name', { severity: 'MEDIUM', externalId: 'L3' }),
        annotation('lint', 'src/z.ts', 1, 'Danger', { severity: 'HIGH', externalId: 'L4', link: 'javascript:alert(1)' }),
        annotation('security', 'src/c.ts', 40, 'SQL injection', { severity: 'HIGH', type: 'VULNERABILITY', link: 'https://scanner.example.com/f/1' }),
      ],
    },
    {
      reports: [report('lint')],
      annotations: [
        annotation('lint', 'src/a.ts', 10, 'Unused variable', { severity: 'LOW', externalId: 'L1' }),
        annotation('lint', 'src/old.ts', 5, 'Too long', { severity: 'HIGH', externalId: 'L2' }),
      ],
    },
  );

describe('buildInsightsView', () => {
  it('compares each report with its baseline: new, fixed and unchanged, worst first', () => {
    const view = buildInsightsView(standard(), links, NOW);
    const lint = view.reports.find((r) => r.key === 'lint')!;
    expect(lint.status).toBe('compared');
    expect(lint.initialFilter).toBe('introduced');
    expect(lint.findings.introduced.map((f) => f.annotation.message)).toEqual(['Danger', 'Shadowed name']);
    expect(lint.findings.fixed.map((f) => f.annotation.message)).toEqual(['Too long']);
    expect(lint.findings.unchanged.map((f) => f.location)).toEqual(['src/a.ts:12']);
    expect(view.summary).toMatchObject({ reports: 2, failing: 1, introduced: 2, fixed: 1, unchanged: 1, noBaselineReports: 1 });
    expect(view.label).toBe('Insights: 2 new \u00b7 1 fixed');
  });

  it('links head findings to the PR diff line and fixed ones to the file at the merge base', () => {
    const lint = buildInsightsView(standard(), links, NOW).reports.find((r) => r.key === 'lint')!;
    expect(lint.findings.introduced[1].href).toBe('/bitbucket/projects/SOUR/repos/vegeta/pull-requests/7/diff#src/b.ts?t=3');
    expect(lint.findings.fixed[0].href).toBe(`/bitbucket/projects/SOUR/repos/vegeta/browse/src/old.ts?at=${BASE}#5`);
  });

  it('keeps only http(s) finding links', () => {
    const view = buildInsightsView(standard(), links, NOW);
    const security = view.reports.find((r) => r.key === 'security')!;
    expect(security.findings.all[0].externalHref).toBe('https://scanner.example.com/f/1');
    const lint = view.reports.find((r) => r.key === 'lint')!;
    expect(lint.findings.introduced[0].externalHref).toBeUndefined();
  });

  it('a head report without a baseline report lists all its findings and says so', () => {
    const security = buildInsightsView(standard(), links, NOW).reports.find((r) => r.key === 'security')!;
    expect(security.status).toBe('no-baseline');
    expect(security.initialFilter).toBe('all');
    expect(security.findings.all).toHaveLength(1);
    expect(security.counts.bySeverity.HIGH).toBe(1);
    expect(security.counts.byType.VULNERABILITY).toBe(1);
  });

  it('failing reports come first', () => {
    expect(buildInsightsView(standard(), links, NOW).reports.map((r) => r.key)).toEqual(['security', 'lint']);
  });

  it('without a merge base nothing is compared and the label falls back to results', () => {
    const view = buildInsightsView(data({ reports: [report('a', { result: 'FAIL' }), report('b')], annotations: [] }, 'none'), links, NOW);
    expect(view.baseline.status).toBe('no-merge-base');
    expect(view.reports.every((r) => r.status === 'no-baseline')).toBe(true);
    expect(view.label).toBe('Insights: 1 of 2 reports failing');
    expect(view.headline).toBe('2 reports on the latest commit: 1 failing, 0 without a result yet.');
  });

  it('a failed merge-base read keeps the head reports', () => {
    const view = buildInsightsView(data({ reports: [report('a')], annotations: [] }, 'error'), links, NOW);
    expect(view.baseline).toMatchObject({ status: 'error' });
    expect(view.reports).toHaveLength(1);
  });

  it('no reports at all', () => {
    const view = buildInsightsView(data({ reports: [], annotations: [] }, 'none'), links, NOW);
    expect(view.label).toBe('Insights: no reports');
    expect(view.reports).toEqual([]);
  });

  it('lists reports only the merge base has', () => {
    const view = buildInsightsView(data({ reports: [], annotations: [] }, { reports: [report('gone', { result: 'FAIL' })], annotations: [] }), links, NOW);
    expect(view.removed).toEqual([{ key: 'gone', title: 'Report gone', outcome: 'FAIL', annotations: 0 }]);
  });

  it('formats data fields by type and drops unsafe logo, report and field links', () => {
    const hostile = report('x', {
      logoUrl: 'javascript:alert(1)',
      link: 'data:text/html,hi',
      result: undefined,
      data: [
        { title: 'Coverage', type: 'PERCENTAGE', value: 87.5 },
        { title: 'Safe', type: 'BOOLEAN', value: true },
        { title: 'Bad link', type: 'LINK', value: { linktext: 'click', href: 'javascript:alert(1)' } },
        { title: 'Good link', type: 'LINK', value: { linktext: 'dashboard', href: 'https://ci.example.com/d' } },
      ],
    });
    const view = buildInsightsView(data({ reports: [hostile], annotations: [] }, 'none'), links, NOW, 'en-US').reports[0];
    expect(view.logoUrl).toBeUndefined();
    expect(view.link).toBeUndefined();
    expect(view.outcome).toBe('PENDING');
    expect(view.fields.map((f) => f.value)).toEqual([
      { kind: 'text', text: '87.5%' },
      { kind: 'text', text: 'Yes' },
      { kind: 'text', text: 'click' },
      { kind: 'link', text: 'dashboard', href: 'https://ci.example.com/d' },
    ]);
  });

  it('stays fast on 5 reports × 1 000 annotations on both sides', () => {
    const reports = Array.from({ length: 5 }, (_, i) => report(`r${i}`));
    const many = (shift: number) =>
      reports.flatMap((r) => Array.from({ length: 1000 }, (_, i) => annotation(r.key, `src/f${i % 50}.ts`, i + shift, `Issue ${i}`, { severity: (['LOW', 'MEDIUM', 'HIGH'] as const)[i % 3] })));
    const started = Date.now();
    const view = buildInsightsView(data({ reports, annotations: many(0).slice(0, 4900) }, { reports, annotations: many(3).slice(100) }), links, NOW);
    // Generous for a shared 2-core machine; a quadratic match of 5 000 × 4 900 would take far longer.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(view.summary.annotations).toBe(4900);
    expect(view.summary.introduced + view.summary.unchanged).toBe(4900);
  });
});

describe('the diff', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reaches the matcher when it was read, and nothing does when it failed', () => {
    const spy = jest.spyOn(insightsCompare, 'compareReports');
    buildInsightsView(standard(), links, NOW);
    expect(spy.mock.calls[0][2]).toBe((READ_DIFF as { diff: unknown }).diff);
    const failed = { ...standard(), diff: { status: 'error', error: restError('server', 500) } } as PullRequestInsights;
    summarizePullRequestInsights(failed);
    expect(spy.mock.calls[1][2]).toBeUndefined();
  });

  it('the view carries which files were matched approximately and why', () => {
    const error = restError('forbidden', 403);
    const view = buildInsightsView({ ...standard(), diff: { status: 'error', error } }, links, NOW);
    expect(view.matching).toEqual({ files: ['src/a.ts', 'src/b.ts', 'src/old.ts', 'src/z.ts'], diff: false, error });
    expect(buildInsightsView(data({ reports: [report('a')], annotations: [annotation('a', 'x.ts', 1, 'm')] }, 'none'), links, NOW).matching.files).toEqual([]);
  });
});

describe('withAnnotations', () => {
  it('groups commit annotations by report key, ignoring annotations of unknown reports', () => {
    const grouped = withAnnotations({ commitId: HEAD, reports: [report('a'), report('b')], annotations: [annotation('a', 'x', 1, 'm'), annotation('zzz', 'x', 1, 'm'), annotation('a', 'y', 2, 'n')] });
    expect(grouped.map((g) => [g.report.key, g.annotations.length])).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
  });
});

describe('summary label', () => {
  it('is the insights-model label of the same data the modal shows', () => {
    expect(summaryLabel(summarizePullRequestInsights(standard()))).toBe('Insights: 2 new \u00b7 1 fixed');
  });
});
