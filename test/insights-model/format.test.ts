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

describe('DATE: where relative turns absolute, and what counts as a date', () => {
  it('switches units exactly at a minute, an hour, a day and a week', () => {
    expect(textOf('DATE', NOW - 59_000)).toBe('59 seconds ago');
    expect(textOf('DATE', NOW - 60_000)).toBe('1 minute ago');
    expect(textOf('DATE', NOW - 59 * 60_000)).toBe('59 minutes ago');
    expect(textOf('DATE', NOW - 3600_000)).toBe('1 hour ago');
    expect(textOf('DATE', NOW - 23 * 3600_000)).toBe('23 hours ago');
    expect(textOf('DATE', NOW - 24 * 3600_000)).toBe('yesterday');
    expect(textOf('DATE', NOW + 6 * 24 * 3600_000)).toBe('in 6 days');
    // a week or more, in either direction: an absolute date
    expect(textOf('DATE', NOW - 7 * 24 * 3600_000)).toBe('Jun 8, 2025, 12:00 PM');
    expect(textOf('DATE', NOW + 7 * 24 * 3600_000)).toBe('Jun 22, 2025, 12:00 PM');
  });

  it('reads numeric strings as epoch milliseconds and other strings as date text', () => {
    expect(textOf('DATE', ` ${NOW - 3 * 3600_000} `)).toBe('3 hours ago');
    expect(textOf('DATE', `${NOW - 2 * 3600_000}.5`)).toBe('2 hours ago');
    expect(textOf('DATE', `${NOW - 2 * 3600_000}.25`)).toBe('2 hours ago');
    expect(textOf('DATE', '2024-01-02')).toBe('Jan 2, 2024, 12:00 AM');
    expect(textOf('DATE', '-86400000')).toBe('Dec 31, 1969, 12:00 AM');
    expect(textOf('DATE', '2025-06-15T09:00:00Z')).toBe('3 hours ago');
    expect(textOf('DATE', '2024-01-02T15:04:00Z')).toBe('Jan 2, 2024, 3:04 PM');
  });

  it('shows values outside the Date range, and anything with an unusable "now", without relative words', () => {
    expect(textOf('DATE', 8.64e15 + 1)).toBe('8640000000000001');
    expect(textOf('DATE', -8.64e15 - 1)).toBe('-8640000000000001');
    expect(textOf('DATE', '1e400')).toBe('1e400');
    expect(textOf('DATE', true)).toBe('true');
    expect(textOf('DATE', null)).toBe('');
    expect(textOf('DATE', NOW, { ...en, now: Number.NaN })).toBe('Jun 15, 2025, 12:00 PM');
    expect(textOf('DATE', NOW, { ...en, now: new Date(Number.NaN) })).toBe('Jun 15, 2025, 12:00 PM');
    expect(textOf('DATE', NOW, { ...en, now: Number.POSITIVE_INFINITY })).toBe('Jun 15, 2025, 12:00 PM');
  });

  it('formats in the requested time zone even after another zone was used with the same locale', () => {
    const old = Date.UTC(2024, 0, 2, 15, 4);
    expect(textOf('DATE', old, { ...en, timeZone: 'UTC' })).toBe('Jan 2, 2024, 3:04 PM');
    expect(textOf('DATE', old, { ...en, timeZone: 'Asia/Kolkata' })).toBe('Jan 2, 2024, 8:34 PM');
    expect(textOf('DATE', old, { ...en, timeZone: 'Mars/Olympus' })).toBe(textOf('DATE', old, { locale: 'en-US', now: NOW }));
    expect(textOf('DATE', old, { locale: 'not a locale!!', now: NOW, timeZone: 'UTC' })).toBe(plain(new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(old)));
  });
});

describe('DURATION: units and locale', () => {
  it.each([
    [999, '999 ms'],
    [850.6, '851 ms'],
    [59_999, '59s'],
    [3 * 86_400_000 + 4 * 3600_000, '3d 4h'],
    [86_400_000 + 5_000, '1d'],
    [3600_000 + 1_000, '1h'],
    [' 1000 ', '1s'],
  ])('%j ms → %s', (ms, expected) => {
    expect(textOf('DURATION', ms)).toBe(expected);
  });
  it('writes large amounts with the locale digit grouping', () => {
    expect(formatDuration(1000 * 86_400_000, 'de-DE')).toBe('1.000d');
    expect(formatDuration(1000 * 86_400_000, ['en-US'])).toBe('1,000d');
    expect(formatDuration(850.6, 'de-DE')).toBe('851 ms');
  });
});

describe('NUMBER: numeric text and unit boundaries', () => {
  it.each([
    [' 2500 ', '2.5k'],
    ['-2500', '-2.5k'],
    ['2.', '2'],
    ['.5', '0.5'],
    ['.25', '0.25'],
    ['-.5e1', '-5'],
    ['1e10', '10B'],
    ['1e3', '1k'],
    ['1E+3', '1k'],
    ['1e-3', '0.001'],
    ['2500x', '2500x'],
    ['x2500', 'x2500'],
    ['1e', '1e'],
    ['--1', '--1'],
    ['1.5.5', '1.5.5'],
    ['0x10', '0x10'],
    ['0b101', '0b101'],
    ['   ', '   '],
    ['', ''],
    ['1e400', '1e400'],
    [Number.NaN, 'NaN'],
  ])('%j → %s', (n, expected) => {
    expect(textOf('NUMBER', n)).toBe(expected);
  });
  it('moves up a unit when rounding would print 1000 of the smaller one, for negative values too', () => {
    expect(formatNumber(-999_960, 'en')).toBe('-1M');
    expect(formatNumber(999_960_000, 'en')).toBe('1B');
    expect(formatNumber(-999_960_000_000, 'en')).toBe('-1T');
  });
  it('stays in trillions below 10^15, scientific from 10^15 on', () => {
    expect(formatNumber(999_960_000_000_000, 'en')).toBe('1,000T');
    expect(formatNumber(1e15, 'en')).toBe('1E15');
    expect(formatNumber(1.26e300, 'en')).toBe('1.3E300');
    expect(formatNumber(-1e15, 'en')).toBe('-1E15');
    expect(formatNumber(-999, 'en')).toBe('-999');
    expect(formatNumber(-1000, 'en')).toBe('-1k');
  });
  it('reads a locale list, and falls back to the default locale for invalid tags', () => {
    expect(formatNumber(14_300, ['de-DE', 'en'])).toBe('14,3k');
    expect(formatNumber(12.5, 'not a locale!!')).toBe(new Intl.NumberFormat().format(12.5));
  });
});

describe('PERCENTAGE: numeric text', () => {
  it('accepts numbers as text and rounds to one decimal', () => {
    expect(textOf('PERCENTAGE', '12.345')).toBe('12.3%');
    expect(textOf('PERCENTAGE', -5)).toBe('-5%');
    expect(textOf('PERCENTAGE', Number.NaN)).toBe('NaN');
  });
});

describe('BOOLEAN: text values', () => {
  it.each([
    [' true ', 'Yes'],
    ['False', 'No'],
    ['untrue', 'untrue'],
    ['true story', 'true story'],
    ['yes', 'yes'],
    [null, ''],
  ])('%j → %s', (value, expected) => {
    expect(textOf('BOOLEAN', value)).toBe(expected);
  });
});

describe('LINK: labels and unsafe values', () => {
  it('labels with the href when the link text is blank or not printable', () => {
    expect(formatDataField(field('LINK', { linktext: '   ', href: 'https://x.test/a' }), en)).toEqual({ kind: 'link', text: 'https://x.test/a', href: 'https://x.test/a' });
    expect(formatDataField(field('LINK', { linktext: 42, href: '/rel' }), en)).toEqual({ kind: 'link', text: '42', href: '/rel' });
    expect(formatDataField(field('LINK', { linktext: false, href: '/rel' }), en)).toEqual({ kind: 'link', text: 'false', href: '/rel' });
  });
  it('shows an unsafe link as text: its label, else its href, else the raw value', () => {
    expect(formatDataField(field('LINK', 'javascript:alert(1)'), en)).toEqual({ kind: 'text', text: 'javascript:alert(1)' });
    expect(formatDataField(field('LINK', { href: 7 }), en)).toEqual({ kind: 'text', text: '7' });
    expect(formatDataField(field('LINK', { linktext: '', href: '   ' }), en)).toEqual({ kind: 'text', text: '{"linktext":"","href":"   "}' });
    expect(formatDataField(field('LINK', 12), en)).toEqual({ kind: 'text', text: '12' });
  });
  it('links untyped values that have only an href, or shows one that has only a link text', () => {
    expect(formatDataField(field(undefined, { href: 'https://a.test/' }), en)).toEqual({ kind: 'link', text: 'https://a.test/', href: 'https://a.test/' });
    expect(formatDataField(field(undefined, { linktext: 'only text' }), en)).toEqual({ kind: 'text', text: 'only text' });
    expect(formatDataField(field(undefined, { other: 1 }), en)).toEqual({ kind: 'text', text: '{"other":1}' });
    expect(formatDataField(field(undefined, ['href']), en)).toEqual({ kind: 'text', text: '["href"]' });
    // an untyped URL string stays text: only LINK fields and link-shaped objects become links
    expect(formatDataField(field(undefined, 'https://a.test/x'), en)).toEqual({ kind: 'text', text: 'https://a.test/x' });
  });
});

describe('untyped values and text limits', () => {
  it('shows non-finite numbers by name and big integers in full', () => {
    expect(textOf(undefined, Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(textOf(undefined, Number.NaN)).toBe('NaN');
    expect(textOf(undefined, false)).toBe('No');
    expect(textOf(undefined, 1.23456)).toBe('1.235');
    expect(textOf('TEXT', BigInt(10))).toBe('10');
    expect(textOf('TEXT', Number.NaN)).toBe('NaN');
    expect(textOf('TEXT', true)).toBe('true');
    expect(textOf('TEXT', undefined)).toBe('');
    expect(textOf('TEXT', null)).toBe('');
    expect(textOf('TEXT', () => 1)).toBe('');
  });
  it('keeps text of exactly the limit and cuts one character more to the limit, ending in an ellipsis', () => {
    const exact = 'x'.repeat(MAX_FIELD_TEXT_LENGTH);
    expect(textOf('TEXT', exact)).toBe(exact);
    expect(textOf('TEXT', `${exact}y`)).toBe(`${'x'.repeat(MAX_FIELD_TEXT_LENGTH - 1)}\u2026`);
  });
  it.each([
    ['\ud800\udc00', 'the lowest high surrogate'],
    ['\udbff\udfff', 'the highest high surrogate'],
    ['\ud83d\ude00', 'an emoji'],
  ])('never cuts a surrogate pair in half: %j (%s) at the cut is dropped whole', (pair) => {
    const before = 'x'.repeat(MAX_FIELD_TEXT_LENGTH - 2);
    expect(textOf('TEXT', `${before}${pair}tail`)).toBe(`${before}\u2026`);
  });
  it('keeps a pair that ends right before the cut', () => {
    const before = 'x'.repeat(MAX_FIELD_TEXT_LENGTH - 3);
    expect(textOf('TEXT', `${before}\ud83d\ude00tail`)).toBe(`${before}\ud83d\ude00\u2026`);
    expect(textOf('TEXT', `${'x'.repeat(MAX_FIELD_TEXT_LENGTH - 2)}\udc00tail`)).toBe(`${'x'.repeat(MAX_FIELD_TEXT_LENGTH - 2)}\udc00\u2026`);
  });
});

describe('failures outside our control', () => {
  afterEach(() => {
    delete (globalThis as { AJS?: unknown }).AJS;
  });
  it('shows the raw value when the host i18n throws', () => {
    (globalThis as { AJS?: unknown }).AJS = {
      I18n: {
        getText() {
          throw new Error('host i18n broken');
        },
      },
    };
    expect(formatDataField(field('BOOLEAN', true), en)).toEqual({ kind: 'text', text: 'true' });
    expect(formatDataField(field('DURATION', 83_000), en)).toEqual({ kind: 'text', text: '83000' });
  });
});

describe('Intl formatter reuse', () => {
  afterEach(() => jest.restoreAllMocks());
  it('builds one formatter per locale and shape, and starts afresh once 201 are kept', () => {
    jest.isolateModules(() => {
      // A fresh module: an empty formatter cache.
      const fresh = jest.requireActual<typeof import('../../frontend/insights-model/format')>('../../frontend/insights-model/format');
      const created = jest.spyOn(Intl, 'NumberFormat');
      fresh.formatNumber(5, 'en-x-a');
      fresh.formatNumber(6, 'en-x-b');
      fresh.formatNumber(7, 'en-x-a');
      expect(created).toHaveBeenCalledTimes(2);
      for (let i = 1; i <= 199; i++) fresh.formatNumber(5, `en-x-c${i}`);
      expect(created).toHaveBeenCalledTimes(201);
      fresh.formatNumber(8, 'en-x-a'); // 201 kept: still there
      expect(created).toHaveBeenCalledTimes(201);
      fresh.formatNumber(5, 'en-x-c200'); // the 202nd: the cache starts afresh
      fresh.formatNumber(9, 'en-x-a');
      expect(created).toHaveBeenCalledTimes(203);
    });
  });
});
