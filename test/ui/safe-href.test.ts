/** The one link policy of the plugin (`safeHref` in yourcompany/ui), over tricky and arbitrary input. */
import fc from 'fast-check';
import { safeHref } from 'yourcompany/ui';

const TRICKY_URLS: unknown[] = [
  'https://example.com/a?b=c#d',
  'HTTP://EXAMPLE.COM',
  'http://user:pass@host:8080/p',
  'https://[::1]/x',
  'https://例え.jp/パス',
  '  https://padded.test/  ',
  'https://',
  'http:/one-slash',
  'http:\\\\backslash.test',
  '/bitbucket/projects/K',
  'relative/path',
  './x',
  '../x',
  '?q=1',
  '#frag',
  ':',
  '',
  '   ',
  '//evil.test/x',
  '\\\\evil.test',
  '/\\evil.test',
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  ' javascript:alert(1)',
  'java\nscript:alert(1)',
  'java\u0000script:alert(1)',
  'javascript&colon;alert(1)',
  'data:text/html;base64,PHNjcmlwdD4=',
  'vbscript:msgbox',
  'file:///etc/passwd',
  'mailto:a@b.c',
  'ftp://x.test',
  'https://x.test/\u0007bell',
  '\u2028https://x.test',
  'https://x.test/<script>',
  '%6a%61vascript:alert(1)',
  'blob:https://x.test/uuid',
  'about:blank',
  null,
  undefined,
  42,
  { href: 'https://x.test' },
  ['https://x.test'],
];

/** What any accepted link must look like: http(s), or a same-origin relative reference. */
function expectSafe(url: unknown): void {
  const href = safeHref(url);
  if (href === undefined) return;
  expect(href).not.toMatch(/[\u0000-\u001f]/);
  expect(href).not.toMatch(/^(\/\/|\\|\/\\)/);
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) expect(href).toMatch(/^https?:\/\//i);
}

describe('safeHref', () => {
  it.each(TRICKY_URLS.map((url) => [url]))('%j is refused or safe', (url) => {
    expectSafe(url);
  });

  it('is refused or safe on arbitrary strings and URLs', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl({ withFragments: true, withQueryParameters: true }), fc.constantFrom('javascript:', 'data:', '//', '\\')).map(String), expectSafe),
      { numRuns: 500 },
    );
  });

  it('rejects what must never be a link', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,x', '//evil.test', '\\\\evil', 'java\tscript:x']) expect(safeHref(url)).toBeUndefined();
    for (const url of ['https://a.test', '/rel', 'rel']) expect(safeHref(url)).not.toBeUndefined();
  });
});
