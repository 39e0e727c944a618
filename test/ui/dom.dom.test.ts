/** @jest-environment jsdom */
import { h, render, safeHref } from '../../frontend/ui/dom';
import { auiMessage, button } from '../../frontend/ui/aui';
import { errorMessage, explainError } from '../../frontend/ui-widgets/error-message';

// Jest's jsdom runs no <script> and no onerror, so a `window.__pwned` canary could never fire here: these
// suites check structure (no element was created); execution is checked in Chromium (test/browser/hostile-input).
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

describe('h()', () => {
  it('renders hostile strings as text, never as markup', () => {
    const el = h('div', { title: HOSTILE }, HOSTILE, [HOSTILE, 7]);
    document.body.appendChild(el);
    expect(el.querySelector('img, script')).toBeNull();
    expect(el.textContent).toBe(`${HOSTILE}${HOSTILE}7`);
    expect(el.getAttribute('title')).toBe(HOSTILE);
  });

  it('drops unsafe link targets and keeps safe ones', () => {
    expect(h('a', { href: 'javascript:alert(1)' }).hasAttribute('href')).toBe(false);
    expect(h('a', { href: ' JaVaScRiPt:alert(1)' }).hasAttribute('href')).toBe(false);
    expect(h('img', { src: 'data:image/svg+xml,<svg onload=alert(1)>' }).hasAttribute('src')).toBe(false);
    expect(h('a', { href: 'https://ci.example.com/build/1?a=b' }).getAttribute('href')).toBe('https://ci.example.com/build/1?a=b');
    expect(h('a', { href: '/bitbucket/projects/P' }).getAttribute('href')).toBe('/bitbucket/projects/P');
  });

  it('refuses string event handlers and HTML-ish properties', () => {
    expect(() => h('div', { onclick: 'alert(1)' as never })).toThrow(TypeError);
    expect(() => h('iframe', { srcdoc: HOSTILE })).toThrow(TypeError);
  });

  it('attaches function listeners and skips false/null attributes', () => {
    const onClick = jest.fn();
    const el = h('button', { onclick: onClick, disabled: false, 'aria-label': null, hidden: true });
    el.click();
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(el.hasAttribute('disabled')).toBe(false);
    expect(el.hasAttribute('aria-label')).toBe(false);
    expect(el.hasAttribute('hidden')).toBe(true);
  });

  it('creates SVG elements in the SVG namespace', () => {
    expect(h('svg', { viewBox: '0 0 10 10' }, h('path', { d: 'M0 0L10 10' })).namespaceURI).toBe('http://www.w3.org/2000/svg');
  });

  it('render() replaces the content', () => {
    const container = h('div', null, 'old');
    render(container, h('span', null, 'new'));
    expect(container.innerHTML).toBe('<span>new</span>');
  });
});

describe('safeHref', () => {
  it.each([
    ['http://a.example/x', 'http://a.example/x'],
    ['HTTPS://A.example', 'https://a.example/'],
    ['relative/path', 'relative/path'],
    ['#anchor', '#anchor'],
    ['?q=1', '?q=1'],
    ['//evil.example/x', undefined],
    ['\\\\evil.example', undefined],
    ['/\\evil.example', undefined],
    ['\\/evil.example', undefined],
    ['javascript:alert(1)', undefined],
    ['java\tscript:alert(1)', undefined],
    ['vbscript:x', undefined],
    ['data:text/html,x', undefined],
    ['mailto:a@b', undefined],
    ['', undefined],
    [42, undefined],
  ])('%p → %p', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });
});

describe('AUI building blocks', () => {
  it('messages use AUI markup and announce errors', () => {
    const el = auiMessage('error', 'Title', 'Body');
    expect(el.className).toBe('aui-message aui-message-error');
    expect(el.getAttribute('role')).toBe('alert');
    expect(el.textContent).toBe('TitleBody');
  });

  it('buttons are real buttons', () => {
    const el = button('Delete', () => undefined, { danger: true, disabled: true });
    expect(el.type).toBe('button');
    expect(el.className).toBe('aui-button aui-button-danger');
    expect(el.disabled).toBe(true);
  });
});

describe('errorMessage', () => {
  it.each(['unauthorized', 'forbidden', 'not-found', 'unavailable', 'conflict', 'rate-limited', 'bad-request', 'server', 'network', 'timeout', 'malformed'])(
    'explains %s in words, not keys',
    (kind) => {
      const { title, body } = explainError({ kind, status: 500, retryAfter: 30 });
      expect(title).not.toMatch(/^yourcompany\./);
      expect(body).not.toMatch(/^yourcompany\.|\{\d\}/);
    },
  );

  it('shows Bitbucket\'s own message text, escaped', () => {
    const el = errorMessage({ kind: 'bad-request', errors: [{ message: HOSTILE }] })!;
    expect(el.textContent).toContain(HOSTILE);
    expect(el.querySelector('img, script')).toBeNull();
    expect(el.getAttribute('data-error-kind')).toBe('bad-request');
  });

  it('renders nothing for aborted requests', () => {
    expect(errorMessage({ kind: 'aborted' })).toBeNull();
  });
});
