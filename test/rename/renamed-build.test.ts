/**
 * Issue 19: another company's names in package.json's `bitbucketApp` block, in a temporary copy of the
 * repository. Its `npm start` builds, packages and installs the renamed JAR; then no file of that JAR
 * (name or content) and nothing `npm start` prints carries the old names, the descriptor and manifest
 * carry the new ones, the verifier passes, and every AMD module loads under the new namespace. Against
 * the emulator's UPM: the renamed app is a second app next to the original one (different key), the
 * original is uninstalled, version 1.1.0 with the same key installs over 1.0.0, and in the browser the four
 * PR summary labels settle and `#acmeco-insights?repo=…&pr=…` shows the annotations.
 */
import { spawn, spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseManifest, readJar } from '../../plugin-descriptor/jar';
import { JAR_FILE } from '../../plugin-descriptor/package-jar';
import { PLUGIN_KEY } from '../../plugin-descriptor/modules';
import { describeAmdLoad } from '../amd/jar-page';
import { startBrowserEnv, summaryItem, summaryLabel, webApp, type BrowserEnv } from '../browser/support';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deployPlugin } = require('../../plugin-descriptor/deploy') as typeof import('../../plugin-descriptor/deploy');

jest.setTimeout(300_000);

const ROOT = join(__dirname, '../..');
const ACME = { key: 'org.acme.tools.codeinsights', namespace: 'acmeco', name: 'Code Insights by Acme', vendor: { name: 'Acme Ltd', url: 'https://acme.example.org' } };
/** Not sources: dependencies (symlinked), build output, local state. */
const NOT_COPIED = new Set(['node_modules', '.git', 'target', '.emulator-data', '.signing', 'test-results', 'reports', '.stryker-tmp']);
const OLD_NAMES = /yourcompany/i;

let copy: string;
let startOutput = '';
let jar: Map<string, Buffer>;
const jarFile = (version: string) => join(copy, 'target', `${ACME.key}-${version}.jar`);

/** Runs a command in the copy without blocking this process (its emulator must keep answering). */
function run(command: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: copy });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

function writeVersion(version: string): void {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  writeFileSync(join(copy, 'package.json'), `${JSON.stringify({ ...pkg, version, bitbucketApp: ACME }, null, 2)}\n`);
}

/** Runs the copy's `npm start` (its script, without npm's banner) until it has printed its last line, then stops it. */
async function npmStart(): Promise<string> {
  const child = spawn('node', ['plugin-descriptor/start.js', '--data-dir', join(copy, 'emulator-data')], { cwd: copy, env: { ...process.env, PORT: '0' }, detached: true });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    await Promise.race([
      new Promise<void>((resolve) => {
        const poll = setInterval(() => /\n {2}Data: .*\n/.test(output) && (clearInterval(poll), resolve()), 100);
      }),
      exited.then(() => Promise.reject(new Error(`npm start exited early:\n${output}`))),
    ]);
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  }
  return output;
}

beforeAll(async () => {
  copy = mkdtempSync(join(tmpdir(), 'renamed-build-'));
  cpSync(ROOT, copy, { recursive: true, filter: (source) => !NOT_COPIED.has(source.slice(ROOT.length + 1).split('/')[0]) });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  // The emulator's host runtime does not depend on the app's names: reuse it rather than build it again.
  if (existsSync(join(ROOT, 'target/emulator-host'))) cpSync(join(ROOT, 'target/emulator-host'), join(copy, 'target/emulator-host'), { recursive: true });
  writeVersion('1.0.0');
  startOutput = await npmStart();
  jar = await readJar(jarFile('1.0.0'));
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('a build with other names in bitbucketApp', () => {
  it('npm start prints what a newcomer needs in 11 lines (15 with npm\'s own), with the new names only', () => {
    const lines = startOutput.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(11);
    expect(lines[0]).toMatch(/^Code Insights by Acme in a local Bitbucket 9\.2: http:\/\/[^ ]+\/bitbucket\/login /);
    expect(startOutput).toMatch(/Users: +admin\/admin/);
    expect(startOutput).toMatch(/Report viewer: http:\/\/[^ ]+\/bitbucket\/dashboard#acmeco-insights\n/);
    expect(startOutput).toMatch(/Admin token: +\S+/);
    expect(startOutput).toContain(`installed target/${ACME.key}-1.0.0.jar through UPM`);
    expect(startOutput).not.toMatch(OLD_NAMES);
  });

  it('no file of the JAR carries the old names, in its name or its content', () => {
    expect(jar.size).toBeGreaterThan(20);
    const traces = [...jar].filter(([name, bytes]) => OLD_NAMES.test(name) || OLD_NAMES.test(bytes.toString('latin1'))).map(([name]) => name);
    expect(traces).toEqual([]);
  });

  it('the descriptor and the manifest carry the new key, name and vendor; the verifier passes', () => {
    const xml = jar.get('atlassian-plugin.xml')!.toString('utf8');
    expect(xml).toContain(`<atlassian-plugin key="${ACME.key}" name="${ACME.name}" i18n-name-key="acmeco.plugin.name" plugins-version="2">`);
    expect(xml).toContain(`<vendor name="${ACME.vendor.name}" url="${ACME.vendor.url}"/>`);
    expect(xml).toContain('<resource type="i18n" name="i18n" location="i18n/acmeco-insights"/>');
    expect(xml).toContain('<link linkId="acmeco-insights-viewer-link">/dashboard#acmeco-insights?scope=overview</link>');
    expect(parseManifest(jar.get('META-INF/MANIFEST.MF')!)).toMatchObject({ 'Bundle-SymbolicName': ACME.key, 'Atlassian-Plugin-Key': ACME.key, 'Bundle-Name': ACME.name, 'Bundle-Vendor': ACME.vendor.name });
    const verify = spawnSync('node', ['plugin-descriptor/verify-cli.js'], { cwd: copy, encoding: 'utf8' });
    expect({ status: verify.status, stderr: verify.stderr }).toEqual({ status: 0, stderr: '' });
    expect(verify.stdout).toMatch(/AMD acmeco\/branch-panel, .*; 0 problem\(s\)/);
  });

  describeAmdLoad('every AMD module of the renamed JAR', async () => jar, { pluginKey: ACME.key, namespace: ACME.namespace });
});

describe('the renamed app in Bitbucket (the emulator, its UPM and Chromium)', () => {
  let env: BrowserEnv;
  const upm = (path = '') => `${env.baseUrl}/rest/plugins/1.0/${path}`;
  const admin = { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` };
  const installed = async () => {
    const response = await fetch(upm(), { headers: admin });
    return ((await response.json()) as { plugins: { key: string; version: string; enabled: boolean }[] }).plugins.map((p) => `${p.key} ${p.version} ${p.enabled ? 'enabled' : 'disabled'}`);
  };

  beforeAll(async () => {
    // The app as it was before the rename: npm test packages the repository's own JAR first.
    env = await startBrowserEnv({ pluginJar: JAR_FILE });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('npm run sign and npm run deploy say the new names; a different key is a different app, installed next to the old one until that is uninstalled', async () => {
    const sign = await run('node', ['plugin-descriptor/sign.js']);
    expect(sign).toMatchObject({ status: 0, stderr: '' });
    expect(sign.stdout).toContain(`Signed target/${ACME.key}-1.0.0.jar`);
    expect(sign.stdout).toContain(`CN=${ACME.key} development signing`);
    expect(sign.stdout).toContain(`O=${ACME.vendor.name} (development)`);
    const deploy = await run('node', ['plugin-descriptor/deploy.js', '--url', env.baseUrl, '--user', 'admin', '--password', 'admin']);
    expect(deploy).toMatchObject({ status: 0, stderr: '' });
    expect(deploy.stdout).toContain(`Deployed ${ACME.key} 1.0.0 to ${env.baseUrl} (signed): enabled`);
    expect(sign.stdout + deploy.stdout).not.toMatch(OLD_NAMES);
    expect(await installed()).toEqual([`${PLUGIN_KEY} 1.0.0 enabled`, `${ACME.key} 1.0.0 enabled`].sort());
    expect((await fetch(upm(`${PLUGIN_KEY}-key`), { method: 'DELETE', headers: admin })).status).toBe(204);
    expect(await installed()).toEqual([`${ACME.key} 1.0.0 enabled`]);
  });

  it('version 1.1.0 with the same key installs over 1.0.0 through UPM, every module enabled', async () => {
    writeVersion('1.1.0');
    const build = await run('npm', ['run', '--silent', 'package']);
    expect({ status: build.status, output: build.status === 0 ? '' : build.stdout + build.stderr }).toEqual({ status: 0, output: '' });
    const result = await deployPlugin({ url: env.baseUrl, user: 'admin', password: 'admin', jar: jarFile('1.1.0'), signature: null });
    expect(result).toMatchObject({ key: ACME.key, version: '1.1.0' });
    expect(await installed()).toEqual([`${ACME.key} 1.1.0 enabled`]);
  });

  it('the four PR summary labels settle and #acmeco-insights?repo=…&pr=… shows the annotations', async () => {
    const tracked = await env.newPage('admin');
    const { page } = tracked;
    // The seeded reports point their logos at a CI host that does not exist here.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 204 }));
    await env.gotoPr(page, webApp(1));
    for (const area of ['insights', 'merge', 'branch', 'comments']) expect({ area, label: await summaryLabel(page, area) }).toEqual({ area, label: expect.stringMatching(/\S/) });
    expect(await page.locator(summaryItem('')).count()).toBe(4);

    await page.goto(`${env.baseUrl}/dashboard#acmeco-insights?repo=ACME/web-app&pr=1`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="annotation-count"]:not([aria-busy="true"])');
    expect(await page.locator('[data-testid="annotation-grid"] [role="row"]').count()).toBeGreaterThan(1);
    expect(await page.locator('[data-testid="annotation-count"]').textContent()).toMatch(/[1-9]/);
    expect(tracked.errors()).toEqual([]);
    await tracked.close();
  });
});
