/**
 * `npm start`: runs the emulator until Ctrl-C. Flags: --reset, --faults, --latency=<ms>, --data-dir <dir>;
 * env PORT, EMULATOR_DATA_DIR (the flag wins). Separate data dirs let two emulators run from one checkout.
 */
import * as path from 'path';
import { performance } from 'perf_hooks';
import { startEmulator } from './index';

function parseArgs(argv: string[]): { reset: boolean; faults: boolean; latencyMs: number; dataDir: string } {
  const flags = { reset: false, faults: false, latencyMs: 0, dataDir: process.env.EMULATOR_DATA_DIR || '.emulator-data' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--reset') flags.reset = true;
    else if (arg === '--data-dir' || arg.startsWith('--data-dir=')) {
      const value = arg === '--data-dir' ? argv[++i] : arg.slice('--data-dir='.length);
      if (!value) throw new Error('--data-dir needs a directory: --data-dir <dir>');
      flags.dataDir = value;
    }
    else if (arg === '--faults') flags.faults = true;
    else if (arg.startsWith('--latency=')) {
      const value = Number(arg.slice('--latency='.length));
      if (!Number.isFinite(value) || value < 0) throw new Error(`Invalid ${arg}: expected --latency=<milliseconds>`);
      flags.latencyMs = value;
    } else throw new Error(`Unknown argument ${arg}. Usage: tsx emulator/main.ts [--reset] [--faults] [--latency=ms] [--data-dir <dir>]`);
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
  const prs = store.data.pullRequests
    .filter((pr) => pr.state === 'OPEN')
    .slice(0, 4)
    .map((pr) => {
      const repo = store.repositoryById(pr.repositoryId)!;
      return `    ${url}/projects/${repo.projectKey}/repos/${repo.slug}/pull-requests/${pr.id}/overview  (${pr.title})`;
    });
  const lines = [
    `Bitbucket emulator ready in ${ms} ms${flags.faults ? ' (faults enabled)' : ''}${flags.latencyMs ? ` (latency ${flags.latencyMs} ms)` : ''}`,
    `  Log in as admin/admin (or user/user, alice/alice, bob/bob…): ${url}/login`,
    '  Pull requests:',
    ...prs,
    `  Report viewer: ${url}/dashboard#yourcompany-insights`,
    `  Repository:    ${url}/projects/ACME/repos/web-app/browse`,
    `  Admin token:   ${adminToken}`,
    `  Try:           curl -H "Authorization: Bearer ${adminToken}" ${url}/rest/api/latest/projects/ACME/repos/web-app/pull-requests`,
    `  Data:          ${path.join(path.resolve(flags.dataDir), 'store.json')} (--reset reseeds)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
