/**
 * `npm run bench:floor`: the least the PR page's code before any modal opens could weigh as it is written today.
 * Everything the page runs then — the extension entries of the PR overview's extension points, the launcher and all
 * they import — bundled as ONE minified, tree-shaken file (esbuild; the host's modules stay external, as they are in
 * the product), gzipped at level 9; then the same without any of `yourcompany/rest`, which leaves the label logic
 * alone. `npm run bench` measures what the page really loads (one web-resource per module, as WRM serves them);
 * this is the floor no packaging can go under without moving behaviour out of page load (docs/benchmark.md).
 */
import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import { gzipSync } from 'zlib';
import { HOST_MODULES } from '../plugin-descriptor/modules';

const ROOT = resolve(__dirname, '..');
/** Extension points the PR overview page renders before any modal opens (the diff toolbar is another page). */
const PR_OVERVIEW_POINTS = new Set(['bitbucket.ui.pullrequest.overview.summary', 'bitbucket.ui.pullrequest.action', 'bitbucket.ui.pullrequest.comment.extra']);
/**
 * The host's modules, plus the CSE debug package: webpack leaves it out of our bundles (a sideEffects rule in
 * webpack.config.js), so it must not count here either.
 */
const EXTERNAL = [...Object.keys(HOST_MODULES), 'aui/*', '@atlassian/clientside-extensions-debug'];

/** The extension entries whose extension point is on the PR overview page. */
function pageLoadEntries(): string[] {
  const folder = join(ROOT, 'frontend/extensions');
  const onPage = readdirSync(folder)
    .filter((name) => name.endsWith('.ts'))
    .filter((name) => {
      const point = /@extension-point\s+(\S+)/.exec(readFileSync(join(folder, name), 'utf8'))?.[1];
      return point !== undefined && PR_OVERVIEW_POINTS.has(point);
    })
    .map((name) => `./frontend/extensions/${name}`);
  return onPage;
}

/** Each extension's default export is used (as the registry would), so tree-shaking keeps what it needs. */
function entryModule(extensions: string[]): string {
  const imports = extensions.map((file, i) => `import e${i} from ${JSON.stringify(file)};`);
  return [...imports, `import './frontend/launcher/index.ts';`, `(globalThis as Record<string, unknown>).extensions = [${extensions.map((_, i) => `e${i}`).join(', ')}];`].join('\n');
}

async function gzippedBundle(extensions: string[], external: string[]): Promise<number> {
  const result = await build({
    stdin: { contents: entryModule(extensions), resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2019',
    tsconfig: join(ROOT, 'tsconfig.json'),
    external,
    write: false,
    logLevel: 'error',
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

async function main(): Promise<void> {
  const extensions = pageLoadEntries();
  const all = await gzippedBundle(extensions, EXTERNAL);
  const withoutRest = await gzippedBundle(extensions, [...EXTERNAL, 'yourcompany/rest']);
  console.log(`${extensions.length} extension entries and the launcher: ${extensions.map((file) => file.split('/').pop()).join(', ')}`);
  console.log(`PR page before any modal, as one tree-shaken file (gzip -9): ${all.toLocaleString('en')} B`);
  console.log(`the same without yourcompany/rest (the label logic alone): ${withoutRest.toLocaleString('en')} B`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
