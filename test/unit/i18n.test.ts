import { format, I18n } from '../../frontend/host/i18n';
import { parseProperties } from '../../plugin-descriptor/properties';

describe('format (the host\'s wrm/format, through the host adapter)', () => {
  it('substitutes indexed arguments', () => {
    expect(format('{0} new · {1} fixed', 3, 5)).toBe('3 new · 5 fixed');
  });
  it('treats doubled quotes as one and quoted text literally', () => {
    expect(format("it''s '{0}' {0}", 'x')).toBe("it's {0} x");
  });
  it('chooses plural forms', () => {
    const p = '{0,choice,0#no blockers|1#one blocker|1<{0} blockers}';
    expect([0, 1, 2, 7].map((n) => format(p, n))).toEqual(['no blockers', 'one blocker', '2 blockers', '7 blockers']);
  });
  it('keeps a missing argument as its placeholder, like Java MessageFormat, never "undefined"', () => {
    expect(format('a{0}b{1}', 'x')).toBe('axb{1}');
  });
});

describe('I18n.getText without the WRM transformer', () => {
  it('reads the properties bundle installed by the test setup', () => {
    expect(I18n.getText('yourcompany.error.server.body', 502)).toBe('The server answered with an error (HTTP 502). Try again later.');
  });
  it('falls back to the key for unknown keys', () => {
    expect(I18n.getText('yourcompany.no.such.key')).toBe('yourcompany.no.such.key');
  });
});

describe('parseProperties', () => {
  it('handles separators, comments, continuations and unicode escapes', () => {
    const parsed = parseProperties('# c\n! c\na=1\nb : 2\nc 3\nd=x\\\n   y\ne=caf\\u00e9\\n\nf\\=g=h\n');
    expect(parsed).toEqual({ a: '1', b: '2', c: '3', d: 'xy', e: 'café\n', 'f=g': 'h' });
  });
});
