/**
 * Host-side static files: jQuery, requirejs, AUI dist (CSS/JS/fonts/images/design tokens), the host
 * runtime bundle and the host CSS. Served under `/s/emulator-host/<hash>/…` with immutable caching.
 */
import { existsSync, readFileSync, statSync } from 'fs';
import { join, normalize, sep } from 'path';
import { HOST_RUNTIME_DIR } from './client/build';
import { contentTypeOf } from './wrm/plugin';

const ROOT = join(__dirname, '../..');
const NODE_MODULES = join(ROOT, 'node_modules');
const AUI_DIST = join(NODE_MODULES, '@atlassian/aui/dist/aui');

/**
 * Runs right before AUI. Hides `define.amd` while AUI and the design-tokens API load
 * (host-anatomy.md §5.3), and provides `AJS.contextPath` the way WRM's context-path resource does:
 * AUI's bundle reads `contextPath` from the `window.AJS` that exists before it loads.
 */
function preAuiScript(contextPath: string): string {
  return `/* emulator: set up for AUI */
(function () {
  if (window.define && window.define.amd) { window.__emulatorHiddenAmd = window.define.amd; delete window.define.amd; }
  var contextPath = ${JSON.stringify(contextPath)};
  window.AJS = window.AJS || {};
  window.AJS.contextPath = function () { return contextPath; };
})();
`;
}

const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path fill="#0052CC" d="M1 1h14l-2 14H3z"/></svg>';

export interface HostAsset {
  body: Buffer | string;
  contentType: string;
}

function inside(base: string, relative: string): string | null {
  const full = normalize(join(base, relative));
  return full.startsWith(normalize(base + sep)) ? full : null;
}

const cache = new Map<string, HostAsset>();

function fileAsset(path: string | null, cacheable: boolean): HostAsset | null {
  if (!path || !existsSync(path) || !statSync(path).isFile()) return null;
  const cached = cacheable ? cache.get(path) : undefined;
  if (cached) return cached;
  const asset = { body: readFileSync(path), contentType: contentTypeOf(path) };
  if (cacheable) cache.set(path, asset);
  return asset;
}

/** `relative` is the part after `/s/emulator-host/<hash>/`. */
export function hostAsset(relative: string, contextPath: string): HostAsset | null {
  switch (relative) {
    case 'jquery.js':
      return fileAsset(join(NODE_MODULES, 'jquery/dist/jquery.min.js'), true);
    case 'jquery.min.map':
      return fileAsset(join(NODE_MODULES, 'jquery/dist/jquery.min.map'), true);
    case 'require.js':
      return fileAsset(join(NODE_MODULES, 'requirejs/require.js'), true);
    case 'pre-aui.js':
      return { body: preAuiScript(contextPath), contentType: contentTypeOf('x.js') };
    case 'favicon.svg':
      return { body: FAVICON, contentType: contentTypeOf('x.svg') };
    case 'host.css':
      return fileAsset(join(__dirname, 'client/host.css'), false);
    case 'host-runtime.js':
    case 'host-runtime.js.map':
      return fileAsset(join(HOST_RUNTIME_DIR, relative), false);
    default:
      if (relative.startsWith('aui/')) return fileAsset(inside(AUI_DIST, relative.slice(4)), true);
      return null;
  }
}
