/** Every insights-model function over BLNS + our XSS vectors: no throw, text stays text, links stay safe. */
import type { InsightAnnotation, InsightDataType } from 'yourcompany/rest';
import { safeHref } from 'yourcompany/ui';
import {
  annotationDiffHref,
  compareAnnotations,
  compareReports,
  formatDataField,
  insightsSummaryLabel,
  MAX_FIELD_TEXT_LENGTH,
  sortWorstFirst,
  sourceHref,
  summarizeInsights,
} from 'yourcompany/insights-model';
import { hostileStrings } from '../properties/hostile-strings';

const payloads = hostileStrings();
const TYPES: (InsightDataType | undefined)[] = ['BOOLEAN', 'DATE', 'DURATION', 'LINK', 'NUMBER', 'PERCENTAGE', 'TEXT', undefined];

it('has payloads to check', () => {
  expect(payloads.length).toBeGreaterThan(400);
});

it('formats hostile values as plain text (strings as-is, capped) and never links an unsafe href', () => {
  for (const { name, value } of payloads) {
    for (const type of TYPES) {
      const result = formatDataField({ title: value, type, value }, { locale: 'en', now: 0 });
      expect(result.text.length).toBeLessThanOrEqual(MAX_FIELD_TEXT_LENGTH);
      if (type === 'TEXT' || type === undefined) {
        expect({ name, text: result.text }).toEqual({ name, text: value.length <= MAX_FIELD_TEXT_LENGTH ? value : expect.stringMatching(/\u2026$/) });
      }
      const link = formatDataField({ title: 't', type: 'LINK', value: { linktext: value, href: value } }, { locale: 'en', now: 0 });
      if (link.kind === 'link') expect(link.href).toBe(safeHref(value));
      else expect(safeHref(value)).toBeUndefined();
    }
  }
});

it('compares, sorts and summarises annotations made of hostile strings', () => {
  const base: InsightAnnotation[] = payloads.map(({ value }, i) => ({ reportKey: value, path: value, message: value, externalId: i % 3 ? value : undefined, line: i, severity: 'HIGH' }));
  const head = base.map((x) => ({ ...x, line: x.line + 1 }));
  const result = compareAnnotations(base, head);
  expect(result.introduced).toEqual([]);
  expect(result.fixed).toEqual([]);
  expect(sortWorstFirst(head)).toHaveLength(head.length);
  const reports = payloads.map(({ value }) => ({ report: { key: value, title: value, createdDate: 0, data: [] }, annotations: [] }));
  const label = insightsSummaryLabel(summarizeInsights(compareReports(reports, reports)));
  expect(label).toBe('Insights: 0 new \u00b7 0 fixed');
});

it('builds same-origin links from hostile keys, slugs, paths and commits', () => {
  for (const { value } of payloads) {
    const diff = new URL(annotationDiffHref({ contextPath: '/bitbucket', projectKey: value, repositorySlug: value, pullRequestId: value, path: value, line: 3 }), 'https://bb.test');
    expect(diff.origin).toBe('https://bb.test');
    expect(diff.pathname).toMatch(/^\/bitbucket\/projects\/[^/]*\/repos\/[^/]*\/pull-requests\/[^/]*\/diff$/);
    const source = new URL(sourceHref({ contextPath: '/bitbucket', projectKey: value, repositorySlug: value, commitId: value, path: value, line: 3 }), 'https://bb.test');
    expect(source.origin).toBe('https://bb.test');
    expect(source.pathname).toMatch(/^\/bitbucket\/projects\/[^/]*\/repos\/[^/]*\/browse(\/|$)/);
    expect([...source.searchParams.keys()].every((k) => k === 'at')).toBe(true);
  }
});
