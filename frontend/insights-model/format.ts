/**
 * Report data-field formatting (rest-contracts.md §5.2). Values are untrusted: whatever arrives,
 * the result is plain text (or a link with a vetted href) — never a throw, never "[object Object]".
 */
import type { InsightDataField } from 'yourcompany/rest';
import { I18n } from 'yourcompany/host';
import { safeHref } from 'yourcompany/ui';

export type FormattedField = { kind: 'text'; text: string } | { kind: 'link'; text: string; href?: string };

export interface FormatOptions {
  /** BCP 47 tag(s); invalid tags fall back to the runtime default. */
  locale?: string | readonly string[];
  /** "Now" for relative dates, ms epoch or Date. */
  now: number | Date;
  /** IANA zone for absolute dates; invalid zones fall back to the browser's. */
  timeZone?: string;
}

/** Longer text is cut (with "…"); the server caps report details at 2000 characters too. */
export const MAX_FIELD_TEXT_LENGTH = 2000;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export function formatDataField(field: InsightDataField | null | undefined, options: FormatOptions): FormattedField {
  // Object(): a missing field (null, undefined) reads as one without type and value.
  const { type, value } = Object(field) as Partial<InsightDataField>;
  try {
    switch (type) {
      case 'BOOLEAN':
        return text(formatBoolean(value) ?? safeText(value));
      case 'DATE':
        return text(formatDate(value, options));
      case 'DURATION':
        return text(formatDuration(value, options.locale));
      case 'LINK':
        return formatLink(value);
      case 'NUMBER':
        return text(formatNumber(value, options.locale));
      case 'PERCENTAGE':
        return text(formatPercentage(value, options.locale));
      case 'TEXT':
        return text(safeText(value));
      default:
        return formatAuto(value, options);
    }
  } catch {
    // Intl and host i18n are outside our control; a field must never break the panel.
    return text(safeText(value));
  }
}

/** ms → "850 ms", "0s", "1m 23s", "2h 5m", "3d 4h" (two largest units). Negative / non-numeric → raw text. */
export function formatDuration(value: unknown, locale?: string | readonly string[]): string {
  const ms = toNumber(value);
  if (ms === undefined || ms < 0) return safeText(value);
  if (ms === 0) return I18n.getText('yourcompany.insightsmodel.duration.seconds', 0);
  if (ms < SECOND) return I18n.getText('yourcompany.insightsmodel.duration.milliseconds', numberFormat(locale, { maximumFractionDigits: 0 }).format(ms));
  const totalSeconds = Math.floor(ms / SECOND);
  const parts: [number, 'd' | 'h' | 'm' | 's'][] = [
    [Math.floor(totalSeconds / 86400), 'd'],
    [Math.floor(totalSeconds / 3600) % 24, 'h'],
    [Math.floor(totalSeconds / 60) % 60, 'm'],
    [totalSeconds % 60, 's'],
  ];
  const first = parts.findIndex(([amount]) => amount > 0);
  // The two largest units from the first non-zero one; a zero second unit is left out ("2h", not "2h 0m").
  const shown = parts.slice(first, first + 2).filter(([amount]) => amount > 0);
  return shown.map(([amount, unit]) => durationPart(plainNumber(locale).format(amount), unit)).join(' ');
}

function durationPart(amount: string, unit: 'd' | 'h' | 'm' | 's'): string {
  switch (unit) {
    case 'd':
      return I18n.getText('yourcompany.insightsmodel.duration.days', amount);
    case 'h':
      return I18n.getText('yourcompany.insightsmodel.duration.hours', amount);
    case 'm':
      return I18n.getText('yourcompany.insightsmodel.duration.minutes', amount);
    default:
      return I18n.getText('yourcompany.insightsmodel.duration.seconds', amount);
  }
}

/** Exact below 1000, then abbreviated like Bitbucket: 14.3k, 1.2M, 3.4B, 5T; huge values in scientific notation. */
export function formatNumber(value: unknown, locale?: string | readonly string[]): string {
  const n = toNumber(value);
  if (n === undefined) return safeText(value);
  const abs = Math.abs(n);
  if (abs < 1000) return plainNumber(locale).format(n);
  if (abs >= 1e15) return numberFormat(locale, { notation: 'scientific', maximumFractionDigits: 1 }).format(n);
  // `scaled` is already rounded to one decimal, which the plain format prints as is.
  const oneDecimal = plainNumber(locale);
  const units: [number, (amount: string) => string][] = [
    [1e12, (a) => I18n.getText('yourcompany.insightsmodel.number.trillions', a)],
    [1e9, (a) => I18n.getText('yourcompany.insightsmodel.number.billions', a)],
    [1e6, (a) => I18n.getText('yourcompany.insightsmodel.number.millions', a)],
    [1e3, (a) => I18n.getText('yourcompany.insightsmodel.number.thousands', a)],
  ];
  for (let i = units.length - 1; i >= 0; i--) {
    const [size, label] = units[i];
    const scaled = Math.round((n / size) * 10) / 10;
    // 999,950 rounds to "1000k": move up to the next unit instead.
    if (Math.abs(scaled) >= 1000 && i > 0) continue;
    return label(oneDecimal.format(scaled));
  }
  return oneDecimal.format(n);
}

/** 0..100 → "87.5%" (locale-aware sign placement); non-numeric → raw text. */
export function formatPercentage(value: unknown, locale?: string | readonly string[]): string {
  const n = toNumber(value);
  if (n === undefined) return safeText(value);
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(n / 100);
}

/** ms epoch → "3 hours ago" within a week of `now` (either side), else an absolute local date and time. */
export function formatDate(value: unknown, options: FormatOptions): string {
  const epoch = (typeof value === 'string' && !/^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Date.parse(value) : toNumber(value)) ?? Number.NaN;
  const now = options.now instanceof Date ? options.now.getTime() : options.now;
  // Not a number, or outside the Date range (±8.64e15 ms): an invalid Date.
  if (Number.isNaN(new Date(epoch).getTime())) return safeText(value);
  const delta = epoch - now;
  // An unusable `now` (NaN, ±Infinity) gives a NaN or infinite delta: absolute, never "in NaN days".
  if (Math.abs(delta) < WEEK) {
    const relative = relativeFormat(options.locale);
    const abs = Math.abs(delta);
    if (abs < MINUTE) return relative.format(Math.round(delta / SECOND), 'second');
    if (abs < HOUR) return relative.format(Math.round(delta / MINUTE), 'minute');
    if (abs < DAY) return relative.format(Math.round(delta / HOUR), 'hour');
    return relative.format(Math.round(delta / DAY), 'day');
  }
  return dateFormat(options.locale, options.timeZone).format(epoch);
}

function formatBoolean(value: unknown): string | undefined {
  const b = typeof value === 'boolean' ? value : typeof value === 'string' && /^(true|false)$/i.test(value.trim()) ? value.trim().toLowerCase() === 'true' : undefined;
  if (b === undefined) return undefined;
  return b ? I18n.getText('yourcompany.insightsmodel.boolean.yes') : I18n.getText('yourcompany.insightsmodel.boolean.no');
}

function formatLink(value: unknown): FormattedField {
  if (typeof value === 'string') {
    const href = safeHref(value);
    return href ? { kind: 'link', text: safeText(value), href } : text(safeText(value));
  }
  // Object() boxes primitives and turns null/undefined into {}: none of them has a linktext or href.
  const { linktext, href } = Object(value) as { linktext?: unknown; href?: unknown };
  const safe = safeHref(href);
  // A safe href is a non-blank string, so the label is never empty when there is a link.
  const label = isPrintable(linktext) ? safeText(linktext) : isPrintable(href) ? safeText(href) : '';
  return safe ? { kind: 'link', text: label, href: safe } : text(label || safeText(value));
}

function formatAuto(value: unknown, options: FormatOptions): FormattedField {
  if (typeof value === 'number') return text(Number.isFinite(value) ? plainNumber(options.locale).format(value) : String(value));
  if (typeof value === 'boolean') return text(formatBoolean(value) ?? String(value));
  const box: object = Object(value);
  if ('href' in box || 'linktext' in box) return formatLink(value);
  return text(safeText(value));
}

function isPrintable(value: unknown): value is string | number | boolean {
  return (typeof value === 'string' && value.trim() !== '') || typeof value === 'number' || typeof value === 'boolean';
}

/** Plain text for any value: strings as-is (capped), objects as compact JSON, nothing for null/undefined. */
function safeText(value: unknown): string {
  let out: string;
  if (typeof value === 'string') out = value;
  // JSON would say `null` for NaN and ±Infinity and throws on bigint.
  else if (typeof value === 'number' || typeof value === 'bigint') out = String(value);
  else if (value === null) out = '';
  else {
    try {
      out = JSON.stringify(value) ?? ''; // undefined, functions and symbols stringify to undefined
    } catch {
      out = ''; // circular or hostile toJSON
    }
  }
  return truncate(out);
}

function truncate(value: string): string {
  if (value.length <= MAX_FIELD_TEXT_LENGTH) return value;
  let end = MAX_FIELD_TEXT_LENGTH - 1;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--; // don't split a surrogate pair
  return `${value.slice(0, end)}\u2026`;
}

function text(value: string): FormattedField {
  return { kind: 'text', text: value };
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

// Intl constructors are slow; a report list formats the same few shapes many times.
const formatterCache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, create: () => T): T {
  let formatter = formatterCache.get(key) as T | undefined;
  if (!formatter) {
    formatter = create();
    if (formatterCache.size > 200) formatterCache.clear();
    formatterCache.set(key, formatter);
  }
  return formatter;
}

/** Runs `create` with the locale, then without it when the locale tag is invalid (RangeError). */
function withLocale<T>(locale: Intl.LocalesArgument, create: (locale: Intl.LocalesArgument) => T): T {
  try {
    return create(locale);
  } catch {
    return create(undefined);
  }
}

function numberFormat(locale: string | readonly string[] | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return cached(`n|${String(locale)}|${JSON.stringify(options)}`, () => withLocale(locale, (l) => new Intl.NumberFormat(l, options)));
}

/** Intl's default number format: grouping, up to three fraction digits. */
function plainNumber(locale: string | readonly string[] | undefined): Intl.NumberFormat {
  return numberFormat(locale, {});
}

function relativeFormat(locale: string | readonly string[] | undefined): Intl.RelativeTimeFormat {
  return cached(`r|${String(locale)}`, () => withLocale(locale, (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto' })));
}

function dateFormat(locale: string | readonly string[] | undefined, timeZone: string | undefined): Intl.DateTimeFormat {
  return cached(`d|${String(locale)}|${String(timeZone)}`, () =>
    withLocale(locale, (l) => {
      const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
      try {
        return new Intl.DateTimeFormat(l, { ...options, timeZone }); // timeZone undefined = the browser's
      } catch {
        return new Intl.DateTimeFormat(l, options); // an unknown zone (an invalid locale fails again: withLocale retries)
      }
    }),
  );
}

/** Display name of an annotation severity; undefined for values outside the enum (servers send anything). */
export function severityName(severity: unknown): string | undefined {
  switch (severity) {
    case 'HIGH':
      return I18n.getText('yourcompany.insightsmodel.severity.high');
    case 'MEDIUM':
      return I18n.getText('yourcompany.insightsmodel.severity.medium');
    case 'LOW':
      return I18n.getText('yourcompany.insightsmodel.severity.low');
  }
  return undefined;
}

/** Display name of an annotation type; undefined when absent or outside the enum. */
export function annotationTypeName(type: unknown): string | undefined {
  switch (type) {
    case 'VULNERABILITY':
      return I18n.getText('yourcompany.insightsmodel.type.vulnerability');
    case 'BUG':
      return I18n.getText('yourcompany.insightsmodel.type.bug');
    case 'CODE_SMELL':
      return I18n.getText('yourcompany.insightsmodel.type.codesmell');
  }
  return undefined;
}
