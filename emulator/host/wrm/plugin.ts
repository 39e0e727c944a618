/**
 * The installed plugin as the emulator sees it: the built descriptor under `pluginDir`, its i18n
 * bundle and its files. Reloaded when the descriptor changes (the lead rebuilds while it runs).
 */
import { createHash } from 'crypto';
import { existsSync, readFileSync, statSync } from 'fs';
import { join, normalize, sep } from 'path';
import { parsePluginDescriptor, type PluginDescriptor, type WebResourceModule } from './descriptor';
import { transformJsI18n } from './js-i18n';
import { WebResourceResolver } from './resolver';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseProperties } = require('../../../plugin-descriptor/properties') as { parseProperties(text: string): Record<string, string> };

export interface LoadedPlugin {
  descriptor: PluginDescriptor;
  bundle: Record<string, string>;
  /** Changes whenever the plugin's files change; part of every resource URL (cache busting). */
  hash: string;
  resolver: WebResourceResolver;
}

export interface ServedFile {
  body: Buffer | string;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  js: 'application/javascript;charset=UTF-8',
  css: 'text/css;charset=UTF-8',
  map: 'application/json;charset=UTF-8',
  json: 'application/json;charset=UTF-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  gif: 'image/gif',
  woff: 'font/woff',
  woff2: 'font/woff2',
};

export function contentTypeOf(name: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}

export class InstalledPlugin {
  private loaded: LoadedPlugin | null = null;
  private loadedStamp = '';
  private readonly fileCache = new Map<string, { stamp: string; file: ServedFile }>();

  constructor(
    readonly pluginDir: string,
    private readonly contextPath: string,
  ) {}

  get descriptorPath(): string {
    return join(this.pluginDir, 'atlassian-plugin.xml');
  }

  private stampOf(path: string): string {
    const stat = statSync(path);
    return `${stat.mtimeMs}:${stat.size}`;
  }

  /** The current plugin; throws with a clear message when it is not built. */
  current(): LoadedPlugin {
    if (!existsSync(this.descriptorPath)) throw new Error(`No plugin descriptor at ${this.descriptorPath} — run "npm run build"`);
    const stamp = this.stampOf(this.descriptorPath);
    if (this.loaded && stamp === this.loadedStamp) return this.loaded;
    const xml = readFileSync(this.descriptorPath, 'utf8');
    const descriptor = parsePluginDescriptor(xml);
    const bundle: Record<string, string> = {};
    const hash = createHash('sha256').update(xml);
    for (const location of descriptor.i18nLocations) {
      const file = this.safePath(`${location}.properties`);
      if (file && existsSync(file)) {
        const text = readFileSync(file, 'utf8');
        hash.update(text);
        Object.assign(bundle, parseProperties(text));
      }
    }
    for (const module of descriptor.webResources) {
      for (const resource of module.resources) {
        const file = this.safePath(resource.location);
        if (file && existsSync(file)) hash.update(`${resource.location}:${this.stampOf(file)}`);
      }
    }
    const digest = hash.digest('hex').slice(0, 20);
    const resolver = new WebResourceResolver(descriptor, (module, name) => this.resourceUrl(digest, module, name));
    this.loaded = { descriptor, bundle, hash: digest, resolver };
    this.loadedStamp = stamp;
    this.fileCache.clear();
    return this.loaded;
  }

  resourceUrl(hash: string, module: WebResourceModule, name: string): string {
    return `${this.contextPath}/s/${hash}/_/download/batch/${module.completeKey}/${encodeURIComponent(name)}`;
  }

  /** A path inside pluginDir, or null when `relative` escapes it. */
  safePath(relative: string): string | null {
    const full = normalize(join(this.pluginDir, relative));
    const root = normalize(this.pluginDir + sep);
    return full.startsWith(root) ? full : null;
  }

  /**
   * A resource of a web-resource, transformed as its `<transformation>`s say; `name.map` serves the
   * source map next to a resource. Null when there is no such resource.
   */
  resourceFile(completeKey: string, name: string): ServedFile | null {
    const plugin = this.current();
    const module = plugin.resolver.module(completeKey);
    if (!module) return null;
    const isMap = name.endsWith('.map');
    const resource = module.resources.find((r) => r.type === 'download' && r.name === (isMap ? name.slice(0, -4) : name));
    if (!resource) return null;
    const path = this.safePath(isMap ? `${resource.location}.map` : resource.location);
    if (!path || !existsSync(path)) return null;
    const extension = /\.([a-z0-9]+)$/i.exec(resource.name)?.[1]?.toLowerCase() ?? '';
    const transformers = isMap ? [] : (module.transformations[extension] ?? []);
    return this.cachedFile(`${completeKey}/${name}`, path, isMap ? name : resource.name, transformers, plugin.bundle);
  }

  /** `download/resources/<key>/<path>`: WRM's asset URLs (webpack's public path for lazy chunks). */
  assetFile(completeKey: string, relative: string): ServedFile | null {
    const plugin = this.current();
    const module = plugin.resolver.module(completeKey);
    const named = module?.resources.find((r) => r.type === 'download' && r.name === relative);
    if (named) return this.resourceFile(completeKey, relative);
    // The WRM webpack plugin's `assets-<uuid>` web-resource stands for webpack's output folder.
    if (!/^[^:]+:assets-[\w-]+$/.test(completeKey) || completeKey.split(':')[0] !== plugin.descriptor.key) return null;
    const path = this.safePath(join('js', relative));
    if (!path || !existsSync(path) || !statSync(path).isFile()) return null;
    const transformers = relative.endsWith('.js') ? ['jsI18n'] : [];
    return this.cachedFile(`assets/${relative}`, path, relative, transformers, plugin.bundle);
  }

  private cachedFile(cacheKey: string, path: string, name: string, transformers: string[], bundle: Record<string, string>): ServedFile {
    const stamp = this.stampOf(path);
    const cached = this.fileCache.get(cacheKey);
    if (cached && cached.stamp === stamp) return cached.file;
    let body: Buffer | string = readFileSync(path);
    if (transformers.includes('jsI18n')) body = transformJsI18n(body.toString('utf8'), bundle);
    const file = { body, contentType: contentTypeOf(name) };
    this.fileCache.set(cacheKey, { stamp, file });
    return file;
  }

  /** A translated message for server-rendered parts (web-item labels); unknown keys render as the key. */
  text(key: string | undefined): string {
    if (!key) return '';
    const bundle = this.current().bundle;
    return Object.prototype.hasOwnProperty.call(bundle, key) ? bundle[key] : key;
  }
}
