import { createHash } from 'crypto';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { readJar, writeJar } from '../../plugin-descriptor/jar';
import { AMD_PREFIX, APP, I18N_BUNDLE, PLUGIN_KEY } from '../../plugin-descriptor/modules';
import { verifyPlugin } from '../../plugin-descriptor/verify';
import { builtJar, JAR_PATH } from './built-jar';

type Entries = Map<string, Buffer>;

const I18N_FILE = `${I18N_BUNDLE}.properties`;

const descriptorOf = (entries: Entries) => entries.get('atlassian-plugin.xml')!.toString('utf8');
const withDescriptor = (entries: Entries, edit: (xml: string) => string): Entries => {
  const copy = new Map(entries);
  const edited = edit(descriptorOf(entries));
  expect(edited).not.toBe(descriptorOf(entries)); // the planted defect really changed something
  copy.set('atlassian-plugin.xml', Buffer.from(edited));
  return copy;
};
const rulesOf = (entries: Entries) => verifyPlugin(entries).problems.map((p) => p.rule);
const firstJs = (entries: Entries, kind: 'define' | 'require') =>
  [...entries.keys()].find((k) => k.endsWith('.js') && entries.get(k)!.toString('utf8').trimStart().startsWith(kind))!;

describe('the built plugin JAR', () => {
  let jar: Entries;
  beforeAll(async () => {
    jar = await builtJar();
  });

  it('passes every descriptor check', () => {
    expect(verifyPlugin(jar).problems).toEqual([]);
  });

  it('carries the descriptor, manifest, i18n bundle and every referenced resource with its source map', () => {
    const names = [...jar.keys()];
    expect(names).toEqual(expect.arrayContaining(['atlassian-plugin.xml', 'META-INF/MANIFEST.MF', I18N_FILE]));
    for (const [, location] of descriptorOf(jar).matchAll(/location="([^"]+\.js)"/g)) {
      expect(names).toEqual(expect.arrayContaining([location, `${location}.map`]));
    }
  });

  it('is byte-identical when packaged again from the same files', async () => {
    const again = join(mkdtempSync(join(tmpdir(), 'jar-')), 'again.jar');
    const entries = await readJar(JAR_PATH);
    await writeJar(entries, again);
    const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(sha(again)).toBe(sha(JAR_PATH));
  });

  describe('fails on each planted defect', () => {
    it('a resource location missing from the JAR', () => {
      const broken = new Map(jar);
      broken.delete('js/host.js');
      expect(rulesOf(broken)).toContain('missing-resource');
    });

    it('a missing i18n bundle', () => {
      const broken = new Map(jar);
      broken.delete(I18N_FILE);
      expect(rulesOf(broken)).toContain('missing-resource');
    });

    it('duplicate module keys', () => {
      const broken = withDescriptor(jar, (xml) => xml.replace('<web-resource key="module-ui">', '<web-resource key="module-host">'));
      expect(rulesOf(broken)).toContain('duplicate-key');
    });

    it('a web-resource without resources', () => {
      const broken = withDescriptor(jar, (xml) => xml.replace('</atlassian-plugin>', '<web-resource key="empty-one"><context>atl.general</context></web-resource></atlassian-plugin>'));
      expect(rulesOf(broken)).toContain('empty-web-resource');
    });

    it('a dependency on a web-resource nobody provides', () => {
      const broken = withDescriptor(jar, (xml) => xml.replace(`<dependency>${PLUGIN_KEY}:module-host</dependency>`, '<dependency>com.example.other:thing</dependency>'));
      expect(rulesOf(broken)).toContain('unknown-dependency');
    });

    it('an AMD dependency that is neither ours nor a documented host module', () => {
      const file = firstJs(jar, 'define');
      const broken = new Map(jar);
      broken.set(file, Buffer.from(jar.get(file)!.toString('utf8').replace(/\[/, '["bitbucket/internal/secret",')));
      expect(rulesOf(broken)).toContain('amd-dependency');
    });

    it('an AMD dependency whose web-resource is not declared as <dependency>', () => {
      const broken = withDescriptor(jar, (xml) => xml.replace(`<dependency>${PLUGIN_KEY}:module-host</dependency>`, ''));
      expect(rulesOf(broken)).toContain('amd-dependency');
    });

    it('an AMD name outside our namespace', () => {
      const file = firstJs(jar, 'define');
      const broken = new Map(jar);
      broken.set(file, Buffer.from(jar.get(file)!.toString('utf8').replace(`define("${AMD_PREFIX}`, 'define("bitbucket/')));
      expect(rulesOf(broken)).toContain('amd-namespace');
    });

    it('an i18n key used in code but missing from the properties file', () => {
      const broken = new Map(jar);
      const properties = jar.get(I18N_FILE)!.toString('utf8');
      broken.set(I18N_FILE, Buffer.from(properties.replace(new RegExp(`^${APP.namespace}\\.error\\.network\\.title=.*$`, 'm'), '')));
      expect(verifyPlugin(broken).problems).toContainEqual({ rule: 'i18n-missing', message: expect.stringContaining(`${APP.namespace}.error.network.title`) });
    });

    it('an i18n key in the properties file that nothing uses', () => {
      const broken = new Map(jar);
      const properties = jar.get(I18N_FILE)!.toString('utf8');
      broken.set(I18N_FILE, Buffer.from(`${properties}\n${APP.namespace}.orphan=Nobody says this\n`));
      expect(verifyPlugin(broken).problems).toContainEqual({ rule: 'i18n-unused', message: expect.stringContaining(`${APP.namespace}.orphan`) });
    });

    it('eval or new Function in a bundle', () => {
      const file = firstJs(jar, 'define');
      const broken = new Map(jar);
      broken.set(file, Buffer.from(`${jar.get(file)!.toString('utf8')}\n;new Function("return 1")`));
      expect(rulesOf(broken)).toContain('eval');
    });

    it('a manifest without Atlassian-Plugin-Key', () => {
      const broken = new Map(jar);
      broken.set('META-INF/MANIFEST.MF', Buffer.from(jar.get('META-INF/MANIFEST.MF')!.toString('utf8').replace(/Atlassian-Plugin-Key: .*\r\n/, '')));
      expect(rulesOf(broken)).toContain('manifest');
    });

    it('a malformed descriptor', () => {
      const broken = withDescriptor(jar, (xml) => xml.replace('</plugin-info>', ''));
      expect(rulesOf(broken)).toEqual(['descriptor']);
    });

    it('a version that is not package.json\'s', () => {
      const broken = withDescriptor(jar, (xml) => xml.replace(/<version>[^<]+<\/version>/, '<version>0.0.1</version>'));
      expect(rulesOf(broken)).toContain('descriptor');
    });
  });
});
