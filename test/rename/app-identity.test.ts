/**
 * package.json's `bitbucketApp` block (plugin-descriptor/app-identity.js): every bad value gets its own
 * message and stops `npm run build` and `npm start` before anything is built; the mapping from the
 * sources' names is the identity for the source names and leaves none of them for other names.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AppIdentityError, readAppIdentity, renameSources, SOURCE_NAMES } from '../../plugin-descriptor/app-identity';
import { parseProperties } from '../../plugin-descriptor/properties';

const ROOT = join(__dirname, '../..');
const ACME = { key: 'org.acme.tools.codeinsights', namespace: 'acmeco', name: 'Code Insights by Acme', vendor: { name: 'Acme Ltd', url: 'https://acme.example.org' } };

const messageOf = (block: unknown): string => {
  try {
    readAppIdentity({ bitbucketApp: block });
  } catch (error) {
    expect(error).toBeInstanceOf(AppIdentityError);
    return (error as Error).message;
  }
  throw new Error(`${JSON.stringify(block)} was accepted`);
};

describe('the bitbucketApp block', () => {
  it("the repository's block is valid", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(() => readAppIdentity(pkg)).not.toThrow();
  });

  it('accepts another company\'s names, namespaces with digits and dashes, and http vendor URLs', () => {
    expect(readAppIdentity({ bitbucketApp: ACME })).toEqual(ACME);
    expect(readAppIdentity({ bitbucketApp: { ...ACME, key: 'de.acme_gmbh.bb2.insights', namespace: 'acme-2', vendor: { name: 'Acme & Söhne', url: 'http://acme.example' } } }).namespace).toBe('acme-2');
  });

  it('says when the block is missing', () => {
    expect(() => readAppIdentity({})).toThrow('package.json has no "bitbucketApp" block');
  });

  it.each([
    ['Com.Acme.Insights', 'uppercase'],
    ['insights', 'one segment'],
    ['com..acme', 'empty segment'],
    ['com.acme.', 'trailing dot'],
    ['com.1acme.insights', 'segment starting with a digit'],
    ['com.acme-tools.insights', 'dash'],
    ['com.acme insights', 'space'],
  ])('refuses the key %j (%s)', (key) => {
    expect(messageOf({ ...ACME, key })).toBe(
      `package.json bitbucketApp.key ${JSON.stringify(key)} is not a dotted Java-package-style id: two or more lowercase segments (letters, digits, _; each starting with a letter) joined by dots, e.g. "com.example.bitbucket.insights"`,
    );
  });

  it.each(['Acme', 'acme_co', '1acme', '-acme', 'acme/co', 'acme.co', ''])('refuses the namespace %j', (namespace) => {
    expect(messageOf({ ...ACME, namespace })).toBe(`package.json bitbucketApp.namespace ${JSON.stringify(namespace)} must be lowercase letters, digits and "-", starting with a letter ([a-z][a-z0-9-]*), e.g. "acme"`);
  });

  it.each(['bitbucket', 'atlassian', 'internal', 'aui', 'wrm'])('refuses the namespace %s, which the host uses', (namespace) => {
    expect(messageOf({ ...ACME, namespace })).toMatch(new RegExp(`^package\\.json bitbucketApp\\.namespace "${namespace}" is taken \\(.+\\): use your company's name$`));
  });

  it.each([[''], ['   '], [' Acme'], ['Acme\nInsights'], [42]])('refuses the name %j', (name) => {
    expect(messageOf({ ...ACME, name })).toBe(`package.json bitbucketApp.name ${JSON.stringify(name)} must be a non-empty one-line text without leading or trailing spaces (the app's name in Manage apps)`);
  });

  it('refuses a vendor without name or with a URL that is not http(s)', () => {
    expect(messageOf({ ...ACME, vendor: undefined })).toBe('package.json bitbucketApp.vendor must be { "name": "…", "url": "https://…" }');
    expect(messageOf({ ...ACME, vendor: { ...ACME.vendor, name: '' } })).toBe('package.json bitbucketApp.vendor.name "" must be a non-empty one-line text without leading or trailing spaces');
    for (const url of ['javascript:alert(1)', 'ftp://acme.example', 'acme.example', 'https://', 'https://acme.example/a b', undefined]) {
      expect(messageOf({ ...ACME, vendor: { ...ACME.vendor, url } })).toBe(`package.json bitbucketApp.vendor.url ${JSON.stringify(url)} must be an http:// or https:// URL`);
    }
  });

  it('names every bad value at once, one per line', () => {
    expect(messageOf({ key: 'x', namespace: 'bitbucket', name: 'ok', vendor: { name: 'ok', url: 'mailto:a@b' } }).split('\n')).toEqual([
      expect.stringMatching(/^package\.json bitbucketApp\.key "x"/),
      expect.stringMatching(/^package\.json bitbucketApp\.namespace "bitbucket" is taken/),
      expect.stringMatching(/^package\.json bitbucketApp\.vendor\.url "mailto:a@b"/),
    ]);
  });
});

describe('the mapping from the sources\' names', () => {
  /** Every file the build renames: our TypeScript, CSS and i18n, and the descriptor template. */
  const shippedSources = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const file = join(dir, name);
      return statSync(file).isDirectory() ? shippedSources(file) : /\.(ts|css|properties)$/.test(name) ? [file] : [];
    });
  const files = [...shippedSources(join(ROOT, 'frontend')), join(ROOT, 'atlassian-plugin.xml')];
  const kindOf = (file: string) => (file.endsWith('.xml') ? 'xml' : file.endsWith('.properties') ? 'properties' : 'source');

  it('changes nothing with the source names configured (so the default build is the same bytes)', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({ file, same: renameSources(SOURCE_NAMES, kindOf(file))(text) === text }).toEqual({ file, same: true });
    }
  });

  it('leaves no trace of the source names for other names', () => {
    for (const file of files) {
      const renamed = renameSources(ACME, kindOf(file))(readFileSync(file, 'utf8'));
      const traces = renamed.match(/.{0,30}(yourcompany|Insights for Bitbucket).{0,30}/gi) ?? [];
      expect({ file, traces }).toEqual({ file, traces: [] });
    }
  });

  it('renames AMD ids, i18n keys, the route, DOM names, the key, vendor and app name; not look-alikes', () => {
    const rename = renameSources(ACME, 'source');
    expect(rename("import { h } from 'yourcompany/ui'; t('yourcompany.viewer.title'); '#yourcompany-insights'; '[yourcompany]'")).toBe(
      "import { h } from 'acmeco/ui'; t('acmeco.viewer.title'); '#acmeco-insights'; '[acmeco]'",
    );
    expect(rename("'com.yourcompany.bitbucket.insights:module-host' YourCompany 'Insights for Bitbucket' https://www.example.com")).toBe(
      "'org.acme.tools.codeinsights:module-host' Acme Ltd 'Code Insights by Acme' https://acme.example.org",
    );
    expect(rename('myyourcompany yourcompanyInsights YourCompanyX')).toBe('myyourcompany yourcompanyInsights YourCompanyX');
  });

  it('writes configured names escaped for XML, .properties and source text, in one pass', () => {
    const tricky = { ...ACME, name: 'Ins & "Out" <Süd> \\ \'x\'', vendor: { name: 'YourCompany', url: 'https://a.example/?a=1&b=2' } };
    expect(renameSources(tricky, 'xml')('<p name="Insights for Bitbucket" url="https://www.example.com">YourCompany</p>')).toBe(
      '<p name="Ins &#38; &#34;Out&#34; &#60;Süd&#62; \\ &#39;x&#39;" url="https://a.example/?a=1&#38;b=2">YourCompany</p>',
    );
    const properties = renameSources(tricky, 'properties')('yourcompany.plugin.name=Insights for Bitbucket\n');
    expect(parseProperties(properties)).toEqual({ 'acmeco.plugin.name': tricky.name });
    expect(renameSources(tricky, 'source')("const n = 'Insights for Bitbucket';")).toBe("const n = 'Ins & \\\"Out\\\" <Süd> \\\\ \\'x\\'';");
  });
});

describe('bad values stop the build before anything is built', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'app-identity-'));
    cpSync(join(ROOT, 'plugin-descriptor'), join(dir, 'plugin-descriptor'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, bitbucketApp: { ...ACME, namespace: 'atlassian', key: 'Acme' } }, null, 2));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('npm run build', () => {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: dir, encoding: 'utf8' });
    expect(build.status).not.toBe(0);
    expect(build.stderr).toContain('package.json bitbucketApp.key "Acme" is not a dotted Java-package-style id');
    expect(build.stderr).toContain('package.json bitbucketApp.namespace "atlassian" is taken');
    expect(build.stderr).toContain('Nothing was built.');
    expect(existsSync(join(dir, 'target'))).toBe(false);
  });

  it('npm start shows the build\'s message and starts nothing', () => {
    const start = spawnSync('node', ['plugin-descriptor/start.js'], { cwd: dir, encoding: 'utf8' });
    expect(start.status).not.toBe(0);
    expect(start.stderr).toContain('package.json bitbucketApp.namespace "atlassian" is taken');
    expect(start.stderr).toContain('npm start: the build failed; nothing was started.');
    expect(start.stdout).toBe('');
  });
});
