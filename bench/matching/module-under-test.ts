/**
 * Loads `compareAnnotations` from the TypeScript source of `frontend/insights-compare`, as the product bundles it:
 * esbuild resolves `yourcompany/*` through tsconfig paths and the host's AMD modules to the fake host the
 * emulator and the unit tests use (the module only needs them for i18n, never during matching).
 */
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import type { Comparator } from './bench';

const ROOT = resolve(__dirname, '../..');
const FAKE_HOST = join(ROOT, 'test/fake-host/modules');
/** The same mapping as jest.config.js's moduleNameMapper. */
const HOST_ALIASES: Record<string, string> = {
  'wrm/context-path': 'wrm-context-path.ts',
  'wrm/require': 'wrm-require.ts',
  'wrm/data': 'wrm-data.ts',
  'wrm/format': 'wrm-format.ts',
  'bitbucket/util/state': 'bitbucket-util-state.ts',
  'bitbucket/util/events': 'bitbucket-util-events.ts',
  'bitbucket/util/navbuilder': 'bitbucket-util-navbuilder.ts',
  'bitbucket/util/server': 'bitbucket-util-server.ts',
  'aui/flag': 'aui-flag.ts',
};

export function loadCompareAnnotations(): Comparator {
  const dir = mkdtempSync(join(tmpdir(), 'bench-matching-'));
  try {
    const outfile = join(dir, 'insights-compare.cjs');
    buildSync({
      entryPoints: [join(ROOT, 'frontend/insights-compare/index.ts')],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      tsconfig: join(ROOT, 'tsconfig.json'),
      alias: Object.fromEntries(Object.entries(HOST_ALIASES).map(([id, file]) => [id, join(FAKE_HOST, file)])),
      outfile,
      logLevel: 'error',
    });
    return (require(outfile) as { compareAnnotations: Comparator }).compareAnnotations;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
