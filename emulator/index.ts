/**
 * A local Bitbucket Data Center 9.x under `/bitbucket`: REST over a persisted store, auth, faults,
 * and the host pages (emulator/host). `npm start` runs it through emulator/main.ts.
 */
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { registerAuth, Sessions } from './auth';
import { FaultController, registerFaultHooks } from './faults';
import { registerHostPages } from './host';
import { registerRest } from './rest';
import { CONTEXT_PATH, aliasVersion } from './rest/http';
import { seedData } from './seed';
import { hasOverviewSeed, seedOverview } from './seed/overview';
import { seedLargePullRequest } from './seed/large-pull-request';
import { Store } from './store/store';
import { registerUpm, type UpmOptions } from './upm';
import { InstalledPlugins } from './upm/plugins';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packageJar } = require('../plugin-descriptor/package-jar') as { packageJar(classesDir?: string, jar?: string): Promise<string> };

export interface EmulatorOptions {
  /** 0 picks a free port; default 7990. */
  port?: number;
  host?: string;
  /** Where store.json lives; default `.emulator-data` in the working directory. */
  dataDir?: string;
  /** Reseed even when the data dir holds data. */
  reset?: boolean;
  /** Enables /rest/emulator/1.0/* (faults, request log, reset). */
  faults?: boolean;
  /** Added to every REST request. */
  latencyMs?: number;
  quiet?: boolean;
  /**
   * A built plugin folder (atlassian-plugin.xml at its root), packaged and installed at start the way
   * an admin copies a JAR into `installed-plugins` (no UPM checks). Without it (and without `pluginJar`)
   * the emulator serves what UPM installed earlier in this data dir; `npm start` deploys through UPM.
   */
  pluginDir?: string;
  /** A plugin JAR installed at start like `pluginDir`. */
  pluginJar?: string;
  /** UPM's modes: upload disabled, app signature check with a truststore folder (emulator/upm). */
  upm?: UpmOptions;
  /** Adds the many-repositories dataset of emulator/seed/overview.ts (`npm start -- --large[=N]`): true = 2,000. */
  large?: boolean | number;
  /** Default true. False serves auth + REST only (REST unit tests need no host runtime build). */
  pages?: boolean;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:7990/bitbucket */
  url: string;
  port: number;
  store: Store;
  /** The plugins UPM installed (their JARs persist in the data dir). */
  plugins: InstalledPlugins;
  /** A personal HTTP access token of `admin` (Bearer, or Basic admin:<token>). */
  adminToken: string;
  app: FastifyInstance;
  faults: FaultController;
  close(): Promise<void>;
}

export const DEMO_TOKEN_NAME = 'Emulator demo token';

function openStore(dataDir: string, reset: boolean): Store {
  const loaded = reset ? null : Store.load(dataDir);
  if (loaded) return loaded;
  const store = new Store(seedData(), dataDir);
  store.flush();
  return store;
}

/** The seeded admin token, created on first use (tokens are random per data dir). */
export function ensureAdminToken(store: Store): string {
  const existing = store.data.tokens.find((t) => t.userSlug === 'admin' && t.name === DEMO_TOKEN_NAME);
  if (existing) return existing.token;
  return store.createToken('admin', DEMO_TOKEN_NAME, ['PROJECT_ADMIN', 'REPO_ADMIN']).token;
}

/** Installs a JAR (or a built folder, packaged first) straight into the installed-plugins folder. */
async function installAtStart(plugins: InstalledPlugins, options: EmulatorOptions): Promise<void> {
  if (options.pluginJar) await plugins.install(readFileSync(path.resolve(options.pluginJar)));
  if (options.pluginDir) {
    const tmp = mkdtempSync(path.join(tmpdir(), 'emulator-plugin-'));
    try {
      await plugins.install(readFileSync(await packageJar(path.resolve(options.pluginDir), path.join(tmp, 'plugin.jar'))));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}

export async function buildEmulator(options: EmulatorOptions = {}): Promise<{ app: FastifyInstance; store: Store; plugins: InstalledPlugins; faults: FaultController; sessions: Sessions; adminToken: string }> {
  const dataDir = path.resolve(options.dataDir ?? '.emulator-data');
  const store = openStore(dataDir, options.reset ?? false);
  const plugins = await InstalledPlugins.open(dataDir);
  await installAtStart(plugins, options);
  const largeSeed = typeof options.large === 'number' ? { repositories: options.large } : {};
  if (options.large && !hasOverviewSeed(store)) {
    seedOverview(store, largeSeed);
    seedLargePullRequest(store);
    store.flush();
  }
  let adminToken = ensureAdminToken(store);
  const faults = new FaultController(options.faults ?? false, options.latencyMs ?? 0);
  const sessions = new Sessions();
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 * 1024, forceCloseConnections: true, routerOptions: { maxParamLength: 4096 }, rewriteUrl: (req) => aliasVersion(req.url ?? '/') });
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: 16 * 1024 * 1024 } });
  registerAuth(app, () => store, sessions);
  registerFaultHooks(app, faults);
  registerRest(app, store, {
    faults,
    reset: () => {
      store.replace(seedData());
      if (options.large) {
        seedOverview(store, largeSeed);
        seedLargePullRequest(store);
      }
      adminToken = ensureAdminToken(store);
      sessions.clear();
      faults.remove();
      store.flush();
    },
  });
  registerUpm(app, plugins, options.upm);
  if (options.pages !== false) await registerHostPages(app, { contextPath: CONTEXT_PATH, plugins, store });
  return { app, store, plugins, faults, sessions, get adminToken() { return adminToken; } };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const built = await buildEmulator(options);
  const { app, store, faults, plugins } = built;
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 7990, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 7990;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}${CONTEXT_PATH}`;
  let closed = false;
  return {
    url,
    port,
    store,
    plugins,
    app,
    faults,
    get adminToken() {
      return built.adminToken;
    },
    async close() {
      if (closed) return;
      closed = true;
      faults.releaseAll();
      await app.close();
      store.flush();
    },
  };
}
