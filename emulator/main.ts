/**
 * `npm start` (plugin-descriptor/start.js builds first): runs the emulator until Ctrl-C, after installing
 * the freshly built JAR through UPM's REST API (the same path `npm run deploy` takes). Flags: --reset,
 * --faults, --latency=<ms>, --data-dir <dir>, --upm-upload-disabled, --upm-truststore=<dir>, --large
 * (2,000 repositories for the cross-repository overview); env PORT, EMULATOR_DATA_DIR (the flag wins).
 * Separate data dirs let two emulators run from one checkout.
 */
import { existsSync } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { startEmulator } from './index';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deployPlugin } = require('../plugin-descriptor/deploy') as typeof import('../plugin-descriptor/deploy');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { JAR_FILE } = require('../plugin-descriptor/package-jar') as { JAR_FILE: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { APP, VIEWER_ROUTE } = require('../plugin-descriptor/modules') as { APP: { name: string }; VIEWER_ROUTE: string };

export const USAGE = 'Usage: tsx emulator/main.ts [--reset] [--faults] [--latency=ms] [--data-dir <dir>] [--upm-upload-disabled] [--upm-truststore=<dir>] [--large[=N]]';

const HELP = `
  --reset                 reseed the data dir
  --faults                enable /rest/emulator/1.0/* (fault injection, request log) for tests
  --latency=<ms>          add latency to every REST request
  --data-dir <dir>        where store.json and the installed plugins (upm/) live; default .emulator-data
  --large[=N]             seed 2,000 (or N) repositories (for the cross-repository overview)
  --upm-upload-disabled   UPM as on Bitbucket 8.9+ without -Dupm.plugin.upload.enabled=true: uploads refused
  --upm-truststore=<dir>  UPM 8 (Bitbucket 10) app signature check: uploads need a .sig that a PEM
                          certificate in <dir> verifies (npm run sign prints which certificate)
  --verbose               (npm start) show the build's output too
  PORT=<port>             listen port, default 7990
On start the freshly built JAR is installed through UPM's REST API (docs/install-reference.md).
`;

interface Flags {
  reset: boolean;
  faults: boolean;
  latencyMs: number;
  dataDir: string;
  /** true: the default 2,000 repositories; a number: that many. */
  large: boolean | number;
  upm: { uploadEnabled: boolean; truststore: string | null };
}

function parseArgs(argv: string[]): Flags {
  const flags: Flags = { reset: false, faults: false, latencyMs: 0, dataDir: process.env.EMULATOR_DATA_DIR || '.emulator-data', large: false, upm: { uploadEnabled: true, truststore: null } };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--reset') flags.reset = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n${HELP}`);
      process.exit(0);
    }
    else if (arg === '--data-dir' || arg.startsWith('--data-dir=')) {
      const value = arg === '--data-dir' ? argv[++i] : arg.slice('--data-dir='.length);
      if (!value) throw new Error('--data-dir needs a directory: --data-dir <dir>');
      flags.dataDir = value;
    }
    // UPM modes (emulator/upm): Bitbucket 8.9+ without -Dupm.plugin.upload.enabled=true …
    else if (arg === '--upm-upload-disabled') flags.upm.uploadEnabled = false;
    // … and UPM 8's (Bitbucket 10's) app signature check against a truststore folder of PEM certificates.
    else if (arg.startsWith('--upm-truststore=')) flags.upm.truststore = path.resolve(arg.slice('--upm-truststore='.length));
    else if (arg === '--faults') flags.faults = true;
    else if (arg === '--large') flags.large = true;
    else if (arg.startsWith('--large=')) {
      const value = Number(arg.slice('--large='.length));
      if (!Number.isInteger(value) || value < 1 || value > 200_000) throw new Error(`Invalid ${arg}: expected --large=<repositories, 1..200000>`);
      flags.large = value;
    }
    else if (arg.startsWith('--latency=')) {
      const value = Number(arg.slice('--latency='.length));
      if (!Number.isFinite(value) || value < 0) throw new Error(`Invalid ${arg}: expected --latency=<milliseconds>`);
      flags.latencyMs = value;
    } else throw new Error(`Unknown argument ${arg}. ${USAGE}`);
  }
  return flags;
}

async function main(): Promise<void> {
  const started = performance.now();
  const flags = parseArgs(process.argv.slice(2));
  const port = process.env.PORT !== undefined ? Number(process.env.PORT) : 7990;
  const emulator = await startEmulator({ ...flags, port });
  const ms = Math.round(performance.now() - started);
  const { url, store, adminToken } = emulator;
  const install = await installBuiltJar(url, () => emulator.plugins.list().length > 0);
  const prs = store.data.pullRequests
    .filter((pr) => pr.state === 'OPEN')
    .slice(0, 4)
    .map((pr, i) => {
      const repo = store.repositoryById(pr.repositoryId)!;
      return `  ${i === 0 ? 'Pull requests: ' : ' '.repeat(15)}${url}/projects/${repo.projectKey}/repos/${repo.slug}/pull-requests/${pr.id}/overview  (${pr.title})`;
    });
  const viewer = `${url}/dashboard${VIEWER_ROUTE}`;
  const upm = `UPM upload ${flags.upm.uploadEnabled ? 'enabled' : 'disabled (--upm-upload-disabled)'}, signature check ${flags.upm.truststore ? `on (truststore ${path.relative(process.cwd(), flags.upm.truststore) || '.'})` : 'off'}`;
  // What a newcomer needs first (where to log in, as whom, what to open, the token), then the plugin and the
  // store; with npm's own 4 lines, npm start fits in 15.
  const lines = [
    `${APP.name} in a local Bitbucket 9.2: ${url}/login  (ready in ${ms} ms${flags.faults ? '; faults enabled' : ''}${flags.latencyMs ? `; latency ${flags.latencyMs} ms` : ''})`,
    '  Users:         admin/admin (system admin), user/user (read-only), alice/alice, bob/bob, carol, dave, erin, frank',
    ...prs,
    `  Report viewer: ${viewer}`,
    ...(flags.large ? [`  Overview:      ${viewer}?scope=overview  (${store.data.repositories.length} repositories)`] : []),
    `  Admin token:   ${adminToken}`,
    `  Try:           curl -H "Authorization: Bearer ${adminToken}" ${url}/rest/api/latest/projects/ACME/repos/web-app/pull-requests`,
    `  Plugin:        ${install}; ${upm}`,
    `  Data:          ${path.join(path.resolve(flags.dataDir), 'store.json')} (--reset reseeds; --help lists the flags; Ctrl-C stops)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Deploys target/<jar> (+ .sig) through UPM as admin; one line saying what happened. */
async function installBuiltJar(url: string, hasPlugins: () => boolean): Promise<string> {
  const serving = () => (hasPlugins() ? 'serving the plugin UPM installed earlier' : 'serving no plugin');
  if (!existsSync(JAR_FILE)) return `no ${path.relative(process.cwd(), JAR_FILE)} (run "npm run package"); ${serving()}`;
  try {
    const result = await deployPlugin({ url, user: 'admin', password: 'admin', jar: JAR_FILE });
    return `installed ${path.relative(process.cwd(), JAR_FILE)}${result.signed ? ' (signed)' : ''} through UPM (POST /rest/plugins/1.0/) in ${result.ms} ms: ${result.key} ${result.version}, ${result.modules} modules enabled`;
  } catch (error) {
    return `NOT installed through UPM: ${(error as Error).message}; ${serving()}`;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
