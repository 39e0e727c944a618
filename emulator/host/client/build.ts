/**
 * Builds the browser host runtime (`target/emulator-host/host-runtime.js`) when it is missing or
 * older than its sources; the emulator calls it at start-up. Staleness is a content hash of the inputs.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '../../..');
export const HOST_RUNTIME_DIR = join(ROOT, 'target/emulator-host');
const STAMP_FILE = join(HOST_RUNTIME_DIR, 'build-stamp.json');
const INPUTS = [join(__dirname, 'src'), join(__dirname, 'webpack.config.js'), join(ROOT, 'test/fake-host'), join(ROOT, 'node_modules/@atlassian/clientside-extensions-registry/package.json'), join(ROOT, 'node_modules/@atlassian/clientside-extensions/package.json')];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (statSync(path).isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

export function hostRuntimeInputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) hash.update(file.slice(ROOT.length)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 20);
}

export interface HostRuntimeBuild {
  /** Content hash of the inputs; part of the runtime's URL. */
  hash: string;
  built: boolean;
  ms: number;
}

let building: Promise<HostRuntimeBuild> | null = null;

/** Builds once per process at most concurrently; resolves when `host-runtime.js` is current. */
export function ensureHostRuntime(options: { force?: boolean } = {}): Promise<HostRuntimeBuild> {
  building = building ?? build(options.force ?? false).finally(() => (building = null));
  return building;
}

async function build(force: boolean): Promise<HostRuntimeBuild> {
  const started = Date.now();
  const hash = hostRuntimeInputsHash();
  const output = join(HOST_RUNTIME_DIR, 'host-runtime.js');
  if (!force && existsSync(output) && existsSync(STAMP_FILE)) {
    try {
      if ((JSON.parse(readFileSync(STAMP_FILE, 'utf8')) as { hash?: string }).hash === hash) return { hash, built: false, ms: Date.now() - started };
    } catch {
      // unreadable stamp: rebuild
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webpack = require('webpack') as typeof import('webpack');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = (require('./webpack.config.js') as (env: Record<string, boolean>) => import('webpack').Configuration)({});
  // Several emulators may start at once (parallel test workers): build aside, then rename into place.
  const staging = join(HOST_RUNTIME_DIR, `.build-${process.pid}-${Date.now()}`);
  config.output = { ...config.output, path: staging };
  try {
    await new Promise<void>((resolve, reject) => {
      const compiler = webpack(config);
      compiler.run((error, stats) => {
        compiler.close(() => {
          if (error) return reject(error);
          if (!stats || stats.hasErrors()) return reject(new Error(`host runtime build failed:\n${stats?.toString('errors-only') ?? 'no stats'}`));
          resolve();
        });
      });
    });
    mkdirSync(HOST_RUNTIME_DIR, { recursive: true });
    for (const name of readdirSync(staging)) renameSync(join(staging, name), join(HOST_RUNTIME_DIR, name));
    writeFileSync(`${STAMP_FILE}.${process.pid}`, JSON.stringify({ hash, builtAt: new Date().toISOString() }));
    renameSync(`${STAMP_FILE}.${process.pid}`, STAMP_FILE);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { hash, built: true, ms: Date.now() - started };
}
