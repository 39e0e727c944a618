import fc from 'fast-check';
import type { InsightDataField, InsightDataType } from 'yourcompany/rest';
import { safeHref } from 'yourcompany/ui';
import { annotationTypeName, severityName } from '../../frontend/insights-model/format';
import {
  formatDataField,
  formatDate,
  formatDuration,
  formatNumber,
  formatPercentage,
  MAX_FIELD_TEXT_LENGTH,
} from 'yourcompany/insights-model';
import type { FormatOptions } from 'yourcompany/insights-model';

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const en: FormatOptions = { locale: 'en-US', now: NOW, timeZone: 'UTC' };
/** ICU puts narrow/no-break spaces into dates and percents; compare with plain spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const field = (type: InsightDataType | undefined, value: unknown): InsightDataField => ({ title: 't', ...(type ? { type } : {}), value });
const textOf = (type: InsightDataType | undefined, value: unknown, options: FormatOptions = en) => plain(formatDataField(field(type, value), options).text);

describe('BOOLEAN', () => {
  it('is Yes/No from the i18n bundle', () => {
    expect(formatDataField(field('BOOLEAN', true), en)).toEqual({ kind: 'text', text: 'Yes' });
    expect(textOf('BOOLEAN', false)).toBe('No');
    expect(textOf('BOOLEAN', 'TRUE')).toBe('Yes');
  });
  it('shows anything else as raw text', () => {
    expect(textOf('BOOLEAN', 1)).toBe('1');
    expect(textOf('BOOLEAN', 'maybe')).toBe('maybe');
  });
});

describe('DATE', () => {
  it('is relative within a week, in either direction', () => {
    expect(textOf('DATE', NOW - 3 * 3600_000)).toBe('3 hours ago');
    expect(textOf('DATE', NOW - 30_000)).toBe('30 seconds ago');
    expect(textOf('DATE', NOW - 5 * 60_000)).toBe('5 minutes ago');
    expect(textOf('DATE', NOW - 24 * 3600_000)).toBe('yesterday');
    expect(textOf('DATE', NOW - 6 * 24 * 3600_000)).toBe('6 days ago');
    expect(textOf('DATE', NOW + 2 * 3600_000)).toBe('in 2 hours');
    expect(textOf('DATE', NOW)).toBe('now');
  });
  it('is absolute in the user locale and time zone beyond a week', () => {
    const old = Date.UTC(2024, 0, 2, 15, 4);
    expect(textOf('DATE', old)).toBe('Jan 2, 2024, 3:04 PM');
    expect(textOf('DATE', old, { locale: 'de-DE', now: NOW, timeZone: 'Europe/Berlin' })).toBe('02.01.2024, 16:04');
    expect(textOf('DATE', NOW - 3 * 3600_000, { locale: 'de-DE', now: new Date(NOW) })).toBe('vor 3 Stunden');
  });
  it('is relative in the locale language', () => {
    expect(textOf('DATE', NOW - 3 * 3600_000, { locale: 'de', now: NOW })).toBe('vor 3 Stunden');
  });
  it('survives bad locales, time zones and values', () => {
    const old = Date.UTC(2024, 0, 2, 15, 4);
    expect(textOf('DATE', old, { locale: 'not a locale!!', now: NOW, timeZone: 'Mars/Olympus' })).toMatch(/2024/);
    expect(textOf('DATE', 'yesterday-ish')).toBe('yesterday-ish');
    expect(textOf('DATE', 1e20)).toBe('100000000000000000000');
    expect(textOf('DATE', { $date: 1 })).toBe('{"$date":1}');
    expect(formatDate(Number.NaN, en)).toBe('NaN');
  });
});

describe('DURATION', () => {
  it.each([
    [0, '0s'],
    [850, '850 ms'],
    [1000, '1s'],
    [83_000, '1m 23s'],
    [60_000, '1m'],
    [7_500_000, '2h 5m'],
    [7_205_000, '2h'],
    [90_061_000, '1d 1h'],
    ['83000', '1m 23s'],
  ])('%j ms → %s', (ms, expected) => {
    expect(textOf('DURATION', ms)).toBe(expected);
  });
  it('shows negative, NaN and non-numbers raw', () => {
    expect(formatDuration(-5)).toBe('-5');
    expect(formatDuration(Number.NaN)).toBe('NaN');
    expect(formatDuration('soon')).toBe('soon');
    expect(formatDuration({ ms: 3 })).toBe('{"ms":3}');
  });
});

describe('LINK', () => {
  it('links http(s) and relative hrefs with their text', () => {
    expect(formatDataField(field('LINK', { linktext: 'Build #12', href: 'https://ci.example.com/b/12' }), en)).toEqual({
      kind: 'link',
      text: 'Build #12',
      href: 'https://ci.example.com/b/12',
    });
    expect(formatDataField(field('LINK', { linktext: 'Rel', href: '/bitbucket/x?y=1' }), en)).toEqual({ kind: 'link', text: 'Rel', href: '/bitbucket/x?y=1' });
    expect(formatDataField(field('LINK', { href: 'https://x.test/a' }), en)).toEqual({ kind: 'link', text: 'https://x.test/a', href: 'https://x.test/a' });
    expect(formatDataField(field('LINK', 'https://x.test/plain'), en)).toEqual({ kind: 'link', text: 'https://x.test/plain', href: 'https://x.test/plain' });
  });
  it.each(['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'data:text/html,<script>', '//evil.test/x', '\\\\evil.test', 'java\tscript:alert(1)', 'vbscript:x'])(
    'drops the href %j but keeps the text',
    (href) => {
      const result = formatDataField(field('LINK', { linktext: '<b>click</b>', href }), en);
      expect(result).toEqual({ kind: 'text', text: '<b>click</b>' });
    },
  );
  it('never produces [object Object] for odd shapes', () => {
    expect(textOf('LINK', { linktext: { nested: true }, href: 'javascript:1' })).toBe('javascript:1');
    expect(textOf('LINK', [1, 2])).toBe('[1,2]');
    expect(textOf('LINK', null)).toBe('');
  });
});

describe('NUMBER', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [12.3456, '12.346'],
    [-42, '-42'],
    [1000, '1k'],
    [14_300, '14.3k'],
    [14_349, '14.3k'],
    [999_950, '1M'],
    [1_200_000, '1.2M'],
    [3_400_000_000, '3.4B'],
    [5e12, '5T'],
    [-14_300, '-14.3k'],
    ['2500', '2.5k'],
  ])('%j → %s', (n, expected) => {
    expect(textOf('NUMBER', n)).toBe(expected);
  });
  it('is locale-aware', () => {
    expect(formatNumber(14_300, 'de-DE')).toBe('14,3k');
    expect(formatNumber(999.5, 'de-DE')).toBe('999,5');
  });
  it('puts huge values in scientific notation and shows non-numbers raw', () => {
    expect(formatNumber(1.5e300, 'en')).toBe('1.5E300');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(formatNumber('12abc')).toBe('12abc');
    expect(formatNumber({ n: 1 })).toBe('{"n":1}');
  });
});

describe('PERCENTAGE', () => {
  it('adds the percent sign, locale-aware', () => {
    expect(textOf('PERCENTAGE', 87.5)).toBe('87.5%');
    expect(textOf('PERCENTAGE', 100)).toBe('100%');
    expect(textOf('PERCENTAGE', 0)).toBe('0%');
    expect(textOf('PERCENTAGE', 33.333)).toBe('33.3%');
    expect(plain(formatPercentage(87.5, 'de'))).toBe('87,5 %');
    expect(formatPercentage('n/a')).toBe('n/a');
  });
});

describe('TEXT and untyped', () => {
  it('shows text as-is, including markup', () => {
    expect(formatDataField(field('TEXT', '<script>alert(1)</script>'), en)).toEqual({ kind: 'text', text: '<script>alert(1)</script>' });
  });
  it('caps huge strings', () => {
    const huge = 'x'.repeat(100_000);
    const out = textOf('TEXT', huge);
    expect(out.length).toBe(MAX_FIELD_TEXT_LENGTH);
    expect(out.endsWith('\u2026')).toBe(true);
    const emoji = textOf(undefined, '😀'.repeat(5000));
    expect(emoji.length).toBeLessThanOrEqual(MAX_FIELD_TEXT_LENGTH);
    expect(/[\ud800-\udbff]\u2026$/.test(emoji)).toBe(false);
  });
  it('auto-detects untyped numbers, booleans and strings', () => {
    expect(textOf(undefined, 9)).toBe('9');
    expect(textOf(undefined, 12345.6)).toBe('12,345.6');
    expect(textOf(undefined, true)).toBe('Yes');
    expect(textOf(undefined, 'hello')).toBe('hello');
    expect(formatDataField(field(undefined, { linktext: 'L', href: 'https://a.test/' }), en)).toEqual({ kind: 'link', text: 'L', href: 'https://a.test/' });
  });
  it('treats unknown types like untyped', () => {
    expect(textOf('WEIRD' as InsightDataType, 3)).toBe('3');
  });
  it('survives malformed fields', () => {
    expect(formatDataField(null, en)).toEqual({ kind: 'text', text: '' });
    expect(formatDataField(undefined, en)).toEqual({ kind: 'text', text: '' });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(textOf('TEXT', circular)).toBe('');
    const hostileToJson = { toJSON() { throw new Error('boom'); } };
    expect(textOf(undefined, hostileToJson)).toBe('');
    expect(textOf('NUMBER', { toString: () => '1' })).toBe('{}');
  });
});

describe('formatDataField: properties', () => {
  const types: (InsightDataType | undefined | string)[] = ['BOOLEAN', 'DATE', 'DURATION', 'LINK', 'NUMBER', 'PERCENTAGE', 'TEXT', undefined, 'BOGUS'];
  const valueArb = fc.oneof(
    fc.jsonValue(),
    fc.double(),
    fc.record({ linktext: fc.jsonValue(), href: fc.oneof(fc.webUrl(), fc.string(), fc.jsonValue()) }),
    fc.constantFrom(undefined, null, Number.NaN, -0, Number.MAX_VALUE, -Number.MAX_VALUE, 8.64e15, -8.64e15 - 1),
  );
  const optionsArb = fc.record({
    locale: fc.constantFrom('en', 'de-DE', 'ar-EG', 'ja', 'xx-invalid-!!', undefined),
    now: fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.constant(Number.NaN)),
    timeZone: fc.constantFrom('UTC', 'Asia/Kolkata', 'Not/AZone', undefined),
  }) as fc.Arbitrary<FormatOptions>;

  it('never throws, never prints undefined or [object Object], links only safe hrefs', () => {
    fc.assert(
      fc.property(fc.constantFrom(...types), valueArb, optionsArb, (type, value, options) => {
        const result = formatDataField({ title: 'x', type: type as InsightDataType, value }, options);
        expect(typeof result.text).toBe('string');
        expect(result.text).not.toContain('[object Object]');
        const inputText = JSON.stringify(value) ?? '';
        if (!inputText.includes('undefined')) expect(result.text).not.toContain('undefined');
        if (!inputText.includes('NaN') && typeof value !== 'number') expect(result.text).not.toContain('NaN');
        expect(result.text.length).toBeLessThanOrEqual(MAX_FIELD_TEXT_LENGTH);
        if (result.kind === 'link' && result.href !== undefined) {
          expect(safeHref(result.href)).not.toBeUndefined();
          expect(result.href).not.toMatch(/^(\/\/|\\)/);
          if (/^[a-z][a-z0-9+.-]*:/i.test(result.href)) expect(result.href).toMatch(/^https?:\/\//i);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('severity and type names', () => {
  it.each([
    ['HIGH', 'High'],
    ['MEDIUM', 'Medium'],
    ['LOW', 'Low'],
    ['high', undefined],
    [undefined, undefined],
    [{ toString: (): string => 'HIGH' }, undefined],
  ])('severity %p → %p', (severity, name) => {
    expect(severityName(severity)).toBe(name);
  });

  it.each([
    ['VULNERABILITY', 'Vulnerability'],
    ['BUG', 'Bug'],
    ['CODE_SMELL', 'Code smell'],
    ['SMELL', undefined],
    [null, undefined],
  ])('type %p → %p', (type, name) => {
    expect(annotationTypeName(type)).toBe(name);
  });
});
