/**
 * `npm run deploy` against the emulator's UPM, in each of UPM's modes: the way in (upm-token, upload,
 * pending task, plugin resource), every failure's one-line advice, and a deploy replacing the running
 * plugin: the pages then serve the new descriptor's resources, without a restart, and after one.
 * Needs the built plugin (npm test builds and packages first).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { startEmulator, type RunningEmulator } from '../../emulator';
import { UPLOAD_DISABLED_MESSAGE } from '../../emulator/upm';
import { deployPlugin, DeployError } from '../../plugin-descriptor/deploy';
import { packageJar } from '../../plugin-descriptor/package-jar';
import { manifest, readJar, writeJar } from '../../plugin-descriptor/jar';
import { entryName } from '../../emulator/host/wrm/plugin';
import { PLUGIN_KEY } from '../../plugin-descriptor/modules';
import { ensureDevelopmentKey, signJar } from '../../plugin-descriptor/sign';
import { CLASSES, launcher, nextVersionJar } from './plugin-variants';

const PLUGIN = `/rest/plugins/1.0/${PLUGIN_KEY}-key`;
const admin = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` };

async function get(emulator: RunningEmulator, path: string, headers: Record<string, string> = admin) {
  const response = await fetch(`${emulator.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The plugin resource URLs the dashboard's initial batch lists. */
async function batchUrls(emulator: RunningEmulator): Promise<string[]> {
  const page = await get(emulator, '/dashboard');
  expect(page.status).toBe(200);
  return [...page.text.matchAll(/\/bitbucket\/s\/[^"'\s]*\/_\/download\/batch\/[^"'\s]+/g)].map((m) => m[0].replace(/&amp;/g, '&'));
}

async function served(emulator: RunningEmulator, url: string) {
  const origin = emulator.url.slice(0, -'/bitbucket'.length);
  const response = await fetch(origin + url, { headers: admin });
  return { status: response.status, text: await response.text() };
}

const deployError = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DeployError);
    return (error as Error).message;
  }
  throw new Error('the deploy succeeded');
};

describe('npm run deploy through UPM', () => {
  let dir: string;
  let jarA: string;
  let jarB: string;

  beforeAll(async () => {
    if (!existsSync(join(CLASSES, 'atlassian-plugin.xml'))) throw new Error('run "npm run build" first');
    dir = mkdtempSync(join(tmpdir(), 'upm-deploy-'));
    jarA = await packageJar(CLASSES, join(dir, 'plugin-1.0.0.jar'));
    jarB = await nextVersionJar(dir, join(dir, 'plugin-1.0.1.jar'));
  }, 60000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('upload enabled, no signature check (8.0–8.8, or 8.9+ with the upload flag)', () => {
    let emulator: RunningEmulator;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'upm-open-'));
      emulator = await startEmulator({ port: 0, dataDir, reset: true, quiet: true });
    }, 120000);

    afterAll(async () => {
      await emulator?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('serves no plugin before anything is installed', async () => {
      expect((await get(emulator, PLUGIN)).status).toBe(404);
      expect(await batchUrls(emulator)).toEqual([]);
    });

    it('lists plugins with a upm-token for system admins only', async () => {
      const listing = await get(emulator, '/rest/plugins/1.0/?os_authType=basic', { ...admin, accept: 'application/vnd.atl.plugins.installed+json' });
      expect(listing.status).toBe(200);
      expect(listing.headers.get('content-type')).toContain('application/vnd.atl.plugins.installed+json');
      expect(listing.headers.get('upm-token')).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.parse(listing.text).plugins).toEqual(expect.any(Array));
      const user = await get(emulator, '/rest/plugins/1.0/', { authorization: `Basic ${Buffer.from('user:user').toString('base64')}` });
      expect(user.status).toBe(403);
      expect(user.headers.get('upm-token')).toBeNull();
      expect((await get(emulator, '/rest/plugins/1.0/', {})).status).toBe(401);
    });

    it('refuses an upload without a valid, unused upm-token', async () => {
      const upload = async (token: string) => {
        const form = new FormData();
        form.append('plugin', new Blob([readFileSync(jarA)]), 'plugin.jar');
        const response = await fetch(`${emulator.url}/rest/plugins/1.0/?token=${token}`, { method: 'POST', body: form, headers: admin });
        return { status: response.status, body: await response.text() };
      };
      expect((await upload('')).status).toBe(403);
      const token = (await get(emulator, '/rest/plugins/1.0/')).headers.get('upm-token')!;
      const first = await upload(token);
      expect(first.status).toBe(202);
      expect(JSON.parse(first.body)).toMatchObject({ type: 'INSTALL', status: { done: false }, links: { self: expect.stringMatching(/^\/bitbucket\/rest\/plugins\/1\.0\/pending\//) } });
      const again = await upload(token);
      expect(again.status).toBe(403);
      expect(again.body).toContain('upm-token');
    });

    it('installs, polls the task, checks every module enabled — and a deploy replaces the running plugin: the pages serve the new descriptor', async () => {
      const lines: string[] = [];
      const first = await deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar: jarA, signature: null, log: (line) => lines.push(line) });
      expect(first).toMatchObject({ key: PLUGIN_KEY, version: '1.0.0', signed: false });
      expect(first.modules).toBeGreaterThan(10);
      expect(lines.join('\n')).toContain('waiting for UPM to install it');
      const before = await batchUrls(emulator);
      expect(before.some((url) => url.includes(':deploy-probe/'))).toBe(false);
      const { module, resource } = launcher(CLASSES);
      const launcherUrl = before.find((url) => url.includes(`/${module.completeKey}/`))!;
      expect(launcherUrl).toBeDefined();
      expect((await served(emulator, launcherUrl)).text).not.toContain('launcher of version 1.0.1');

      const second = await deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar: jarB, signature: null });
      expect(second.version).toBe('1.0.1');
      const upmPlugin = JSON.parse((await get(emulator, PLUGIN)).text);
      expect(upmPlugin).toMatchObject({ key: PLUGIN_KEY, version: '1.0.1', enabled: true });
      expect(upmPlugin.modules.every((m: { enabled: boolean }) => m.enabled)).toBe(true);
      expect(upmPlugin.modules.map((m: { key: string }) => m.key)).toContain('deploy-probe');

      const after = await batchUrls(emulator);
      const probeUrl = after.find((url) => url.includes(`/${PLUGIN_KEY}:deploy-probe/probe.js`));
      expect(probeUrl).toBeDefined();
      expect((await served(emulator, probeUrl!)).text).toContain('deploy probe of version 1.0.1');
      const newLauncherUrl = after.find((url) => url.includes(`/${module.completeKey}/${encodeURIComponent(resource.name)}`))!;
      expect(newLauncherUrl).not.toBe(launcherUrl); // new hash: browsers fetch the new file
      expect((await served(emulator, newLauncherUrl)).text).toContain('launcher of version 1.0.1');
    });

    it('keeps the installed JAR across a restart', async () => {
      await emulator.close();
      emulator = await startEmulator({ port: 0, dataDir, quiet: true });
      expect(JSON.parse((await get(emulator, PLUGIN)).text)).toMatchObject({ version: '1.0.1', enabled: true });
      expect((await batchUrls(emulator)).some((url) => url.includes(':deploy-probe/probe.js'))).toBe(true);
    }, 120000);

    it('names the modules that are not enabled after the install, and stops serving them', async () => {
      const moduleUrl = `${PLUGIN}/modules/deploy-probe-key`;
      const disabled = await fetch(`${emulator.url}${moduleUrl}`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/vnd.atl.plugins.plugin.module+json' }, body: JSON.stringify({ enabled: false }) });
      expect(disabled.status).toBe(200);
      expect((await batchUrls(emulator)).some((url) => url.includes(':deploy-probe/'))).toBe(false);
      // The framework keeps an admin's module choice across an upgrade, so the deploy finds it disabled.
      const message = await deployError(deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar: jarB, signature: null }));
      expect(message).toMatch(/is installed, but 1 of its \d+ modules are not enabled: deploy-probe — enable them in Administration → Manage apps/);
      await fetch(`${emulator.url}${moduleUrl}`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/vnd.atl.plugins.plugin.module+json' }, body: JSON.stringify({ enabled: true }) });
      await expect(deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar: jarB, signature: null })).resolves.toMatchObject({ version: '1.0.1' });
    });

    it('disables, enables and uninstalls the plugin; the pages follow', async () => {
      const put = (enabled: boolean) => fetch(`${emulator.url}${PLUGIN}`, { method: 'PUT', headers: { ...admin, 'content-type': 'application/vnd.atl.plugins.plugin+json' }, body: JSON.stringify({ enabled }) });
      expect((await put(false)).status).toBe(200);
      expect(JSON.parse((await get(emulator, PLUGIN)).text).enabled).toBe(false);
      expect(await batchUrls(emulator)).toEqual([]);
      expect((await put(true)).status).toBe(200);
      expect((await batchUrls(emulator)).length).toBeGreaterThan(0);
      const removed = await fetch(`${emulator.url}${PLUGIN}`, { method: 'DELETE', headers: admin });
      expect(removed.status).toBe(204);
      expect((await get(emulator, PLUGIN)).status).toBe(404);
      expect(await batchUrls(emulator)).toEqual([]);
    });

    it('tells a non-admin, wrong credentials and an unreachable host apart', async () => {
      expect(await deployError(deployPlugin({ url: emulator.url, user: 'alice', password: 'alice', jar: jarA, signature: null }))).toMatch(/^alice is not a system administrator in Bitbucket: only system admins can install apps/);
      expect(await deployError(deployPlugin({ url: emulator.url, user: 'admin', password: 'wrong', jar: jarA, signature: null }))).toMatch(/rejected the credentials of admin \(HTTP 401\): check --user\/--password or --token/);
      expect(await deployError(deployPlugin({ url: 'http://127.0.0.1:9/bitbucket', user: 'admin', password: 'admin', jar: jarA, signature: null }))).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9\/bitbucket .*check --url/);
    });

    it('refuses a JAR the plugin framework would not load, with its reason, and keeps the running plugin', async () => {
      await deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar: jarA, signature: null });
      const entries = await readJar(jarA);
      entries.set('META-INF/MANIFEST.MF', manifest([['Manifest-Version', '1.0'], ['Bundle-SymbolicName', 'other'], ['Bundle-Version', '1.0.0'], ['Atlassian-Plugin-Key', 'com.example.other']]));
      const broken = join(dir, 'wrong-key.jar');
      await writeJar(entries, broken);
      // deploy.js checks the same rule before uploading; the emulator's own refusal is what UPM's task reports.
      const token = (await get(emulator, '/rest/plugins/1.0/')).headers.get('upm-token')!;
      const form = new FormData();
      form.append('plugin', new Blob([readFileSync(broken)]), 'wrong-key.jar');
      const upload = await fetch(`${emulator.url}/rest/plugins/1.0/?token=${token}`, { method: 'POST', body: form, headers: admin });
      const task = JSON.parse(await upload.text());
      let status = task.status;
      for (let i = 0; i < 50 && !status.done; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = JSON.parse((await served(emulator, task.links.self)).text).status;
      }
      expect(status).toMatchObject({ done: true, contentType: 'application/vnd.atl.plugins.task.install.err+json', errorMessage: expect.stringContaining('Atlassian-Plugin-Key "com.example.other"') });
      expect(JSON.parse((await get(emulator, PLUGIN)).text)).toMatchObject({ version: '1.0.0', enabled: true });
      expect(await deployError(deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar: broken, signature: null }))).toContain('differs from the descriptor key');
    });

    it('never reads outside the JAR for a descriptor location', () => {
      expect(entryName('js/launcher.js')).toBe('js/launcher.js');
      expect(entryName('/js/../css/a.css')).toBe('css/a.css');
      expect(entryName('../outside.js')).toBeNull();
      expect(entryName('js/../../outside.js')).toBeNull();
      expect(entryName('..\\outside.js')).toBeNull();
    });

    it('deploys with the admin token (Bearer) too', async () => {
      await expect(deployPlugin({ url: emulator.url, token: emulator.adminToken, jar: jarA, signature: null })).resolves.toMatchObject({ version: '1.0.0' });
    });
  });

  describe('upload disabled (the 8.9+ default)', () => {
    let emulator: RunningEmulator;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'upm-disabled-'));
      emulator = await startEmulator({ port: 0, dataDir, reset: true, quiet: true, upm: { uploadEnabled: false } });
    }, 120000);

    afterAll(async () => {
      await emulator?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('refuses the upload and the deploy names the JVM flag', async () => {
      const message = await deployError(deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar: jarA, signature: null }));
      expect(message).toMatch(/^app upload is disabled on this Bitbucket \(the default from 8\.9\): add -Dupm\.plugin\.upload\.enabled=true/);
      const token = (await get(emulator, '/rest/plugins/1.0/')).headers.get('upm-token')!;
      const form = new FormData();
      form.append('plugin', new Blob([readFileSync(jarA)]), 'plugin.jar');
      const response = await fetch(`${emulator.url}/rest/plugins/1.0/?token=${token}`, { method: 'POST', body: form, headers: admin });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain(UPLOAD_DISABLED_MESSAGE);
      expect((await get(emulator, PLUGIN)).status).toBe(404);
    });
  });

  describe('app signature check with a truststore (the UPM 8 / Bitbucket 10 default)', () => {
    let emulator: RunningEmulator;
    let dataDir: string;
    let signing: { keyFile: string; certFile: string };

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'upm-signed-'));
      signing = ensureDevelopmentKey(new Date(), join(dataDir, 'signing'));
      const truststore = join(dataDir, 'upmconfig/truststore');
      cpSync(signing.certFile, join(truststore, 'app-signing.crt'));
      emulator = await startEmulator({ port: 0, dataDir, reset: true, quiet: true, upm: { truststore } });
    }, 120000);

    afterAll(async () => {
      await emulator?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('refuses an unsigned JAR, and the deploy says to sign and fill the truststore', async () => {
      const message = await deployError(deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar: jarA, signature: null }));
      expect(message).toMatch(/^Bitbucket checks app signatures \(UPM 8, Bitbucket 10\) and this upload had none: run "npm run sign", copy the certificate it prints into <Bitbucket home>\/shared\/upmconfig\/truststore\//);
      expect((await get(emulator, PLUGIN)).status).toBe(404);
    });

    it('accepts a JAR signed by a certificate in the truststore', async () => {
      const jar = join(dataDir, 'signed.jar');
      cpSync(jarA, jar);
      signJar({ jarFile: jar, ...signing });
      await expect(deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar })).resolves.toMatchObject({ key: PLUGIN_KEY, version: '1.0.0', signed: true });
      expect(JSON.parse((await get(emulator, PLUGIN)).text)).toMatchObject({ version: '1.0.0', enabled: true });
    });

    it('refuses a JAR changed after signing', async () => {
      const jar = join(dataDir, 'rebuilt.jar');
      cpSync(jarA, jar);
      signJar({ jarFile: jar, ...signing });
      cpSync(jarB, jar); // rebuilt after signing: the .sig belongs to the old bytes
      const lines: string[] = [];
      const message = await deployError(deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar, log: (line) => lines.push(line) }));
      expect(message).toMatch(/^Bitbucket refused the app signature \(Signature check failed: .*\): copy the certificate that signed it .* into <Bitbucket home>\/shared\/upmconfig\/truststore\/ .*re-sign if the JAR was rebuilt after signing/);
      expect(lines.join('\n')).toContain('does not match the JAR (rebuilt after signing?)');
      expect(JSON.parse((await get(emulator, PLUGIN)).text).version).toBe('1.0.0'); // the running plugin stays
    });

    it('refuses a signature by a certificate that is not in the truststore', async () => {
      const other = ensureDevelopmentKey(new Date(), join(dataDir, 'other-signing'));
      const jar = join(dataDir, 'foreign.jar');
      cpSync(jarB, jar);
      signJar({ jarFile: jar, ...other });
      expect(await deployError(deployPlugin({ url: emulator.url, user: 'admin', password: 'admin', jar }))).toMatch(/^Bitbucket refused the app signature/);
      expect(JSON.parse((await get(emulator, PLUGIN)).text).version).toBe('1.0.0');
    });
  });
});
