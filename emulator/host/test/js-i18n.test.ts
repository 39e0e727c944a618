import { findI18nCalls, findI18nKeys, formatWithoutArguments, transformJsI18n } from '../wrm/js-i18n';

const bundle = {
  'yc.plain': 'Hello',
  'yc.quote': "It''s {0}",
  'yc.args': '{0} of {1} reports',
  'yc.choice': '{0,choice,0#none|1#one|1<{0} many}',
  'yc.html': '</script><b>x</b>',
};

describe('transformJsI18n (WRM jsI18n semantics)', () => {
  it('replaces a no-argument call by the translated, argument-less formatted string', () => {
    expect(transformJsI18n('x = o.I18n.getText("yc.plain");', bundle)).toBe('x = "Hello";');
    expect(transformJsI18n("x = o.I18n.getText('yc.quote')", bundle)).toBe('x = "It\'s {0}"');
  });

  it('turns a call with arguments into <ident>.format("pattern", …) with the raw pattern', () => {
    expect(transformJsI18n('o.I18n.getText("yc.args", a, b)', bundle)).toBe('o.format("{0} of {1} reports", a, b)');
    expect(transformJsI18n('_host__WEBPACK_IMPORTED_MODULE_0__.I18n.getText( "yc.choice" ,n)', bundle)).toBe('_host__WEBPACK_IMPORTED_MODULE_0__.format("{0,choice,0#none|1#one|1<{0} many}",n)');
  });

  it('matches the bracket form and the bare form', () => {
    expect(transformJsI18n('o["I18n"].getText("yc.plain")', bundle)).toBe('"Hello"');
    expect(transformJsI18n('I18n.getText("yc.args", 1)', bundle)).toBe('AJS.format("{0} of {1} reports", 1)');
  });

  it('leaves non-literal keys and other getText calls alone', () => {
    const source = 'o.I18n.getText(key); o.getText("yc.plain"); o.I18n.getText(`yc.plain`)';
    expect(transformJsI18n(source, bundle)).toBe(source);
  });

  it('translates unknown keys to the key itself, like WRM', () => {
    expect(transformJsI18n('o.I18n.getText("yc.missing")', bundle)).toBe('"yc.missing"');
  });

  it('keeps the output inert inside a script', () => {
    const out = transformJsI18n('o.I18n.getText("yc.html")', bundle);
    expect(out).not.toContain('</script>');
    expect(JSON.parse(out.replace(/<\\\//g, '</'))).toBe('</script><b>x</b>');
  });

  it('finds keys and whether arguments follow', () => {
    const source = 'a.I18n.getText("yc.plain"); b.I18n.getText("yc.args", 1); a.I18n.getText("yc.plain")';
    expect(findI18nKeys(source)).toEqual(['yc.plain', 'yc.args']);
    expect(findI18nCalls(source).map((c) => c.hasArguments)).toEqual([false, true, false]);
  });
});

describe('formatWithoutArguments', () => {
  it('unquotes and keeps placeholders as {index}', () => {
    expect(formatWithoutArguments("'{x}' and '' and {0,number} {1}")).toBe("{x} and ' and {0} {1}");
  });
});
