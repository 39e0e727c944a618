/**
 * Side-by-side emulators from one checkout: `npm start`'s entry (emulator/main.ts) takes `--data-dir <dir>`
 * or EMULATOR_DATA_DIR, so two processes keep separate stores. A write in one is invisible in the other,
 * in memory and on disk.
 */
import { spawn, type ChildProcess } from 'child_process';
import { existsSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { basic, tempDir } from './helpers';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

jest.setTimeout(60000);

interface Running {
  child: ChildProcess;
  url: string;
  dataLine: string;
}

/** Starts emulator/main.ts on a free port and resolves once it printed its URLs. */
function start(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [TSX, join(ROOT, 'emulator', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}${err}`)), 45000);
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const url = /(http:\/\/\S+\/bitbucket)\/login/.exec(out)?.[1];
      const dataLine = /Data:\s+(\S+)/.exec(out)?.[1];
      if (url && dataLine) {
        clearTimeout(timer);
        resolve({ child, url, dataLine });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${out}${err}`));
    });
  });
}

function stop(running: Running | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    running.child.once('exit', () => resolve());
    running.child.kill('SIGTERM');
  });
}

const dirA = tempDir();
const dirB = tempDir();
let a: Running | undefined;
let b: Running | undefined;

afterAll(async () => {
  await Promise.all([stop(a), stop(b)]);
  rmSync(dirA, { recursive: true, force: true });
  rmSync(dirB, { recursive: true, force: true });
});

test('two emulators (--data-dir and EMULATOR_DATA_DIR) do not share a store', async () => {
  [a, b] = await Promise.all([start(['--data-dir', dirA]), start([], { EMULATOR_DATA_DIR: dirB })]);
  expect(a.url).not.toBe(b.url);
  expect(a.dataLine).toBe(join(dirA, 'store.json'));
  expect(b.dataLine).toBe(join(dirB, 'store.json'));

  const headers = { authorization: basic('admin'), 'content-type': 'application/json', 'x-atlassian-token': 'no-check' };
  const branches = (url: string) => fetch(`${url}/rest/api/latest/projects/ACME/repos/web-app/branches?filterText=only-in-a`, { headers }).then((r) => r.json());
  const main = (await (await fetch(`${a.url}/rest/api/latest/projects/ACME/repos/web-app/branches/default`, { headers })).json()).latestCommit;
  const created = await fetch(`${a.url}/rest/branch-utils/latest/projects/ACME/repos/web-app/branches`, { method: 'POST', headers, body: JSON.stringify({ name: 'only-in-a', startPoint: main }) });
  expect(created.status).toBe(201);

  expect((await branches(a.url)).values.map((v: { displayId: string }) => v.displayId)).toEqual(['only-in-a']);
  expect((await branches(b.url)).values).toEqual([]);

  await Promise.all([stop(a), stop(b)]);
  // Both flushed on SIGTERM, each into its own directory; nothing went to the default .emulator-data.
  const onDisk = (dir: string) => JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8')).repositories.find((r: { slug: string }) => r.slug === 'web-app').branches;
  expect(onDisk(dirA)['only-in-a']).toBe(main);
  expect(onDisk(dirB)['only-in-a']).toBeUndefined();
});

test('--data-dir without a directory is refused', async () => {
  await expect(start(['--data-dir'])).rejects.toThrow(/--data-dir needs a directory/);
  expect(existsSync(join(ROOT, '--data-dir'))).toBe(false);
});
