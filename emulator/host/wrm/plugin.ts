/**
 * The installed plugins as the host serves them: the JARs UPM installed (emulator/upm/plugins.ts),
 * their descriptors merged with disabled plugins and modules left out (the plugin framework unregisters
 * them), their i18n bundles and their files, read from the JAR entries. Rebuilt whenever UPM changes
 * anything, so a deploy takes effect on the next page load without a restart.
 */
import { createHash } from 'crypto';
import { posix } from 'path';
import type { InstalledJar, InstalledPlugins } from '../../upm/plugins';
import type { PluginDescriptor, WebResourceModule } from './descriptor';
import { transformJsI18n } from './js-i18n';
import { WebResourceResolver } from './resolver';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseProperties } = require('../../../plugin-descriptor/properties') as { parseProperties(text: string): Record<string, string> };

export interface LoadedPlugin {
  /** The enabled modules of every enabled plugin, merged (complete keys carry each plugin's key). */
  descriptor: PluginDescriptor;
  /** Enabled plugins by key. */
  jars: Map<string, InstalledJar>;
  bundle: Record<string, string>;
  /** Changes whenever an install, upgrade, enable or disable changes what is served; part of every resource URL. */
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

/** A JAR entry name for a descriptor `location`, or null when it would escape the JAR root. */
export function entryName(location: string): string | null {
  const normalized = posix.normalize(location.replace(/\\/g, '/')).replace(/^\/+/, '');
  return normalized === '' || normalized === '.' || normalized.startsWith('../') || normalized === '..' ? null : normalized;
}

const pluginKeyOf = (completeKey: string): string => completeKey.split(':')[0];

export class InstalledPlugin {
  private loaded: LoadedPlugin | null = null;
  private loadedRevision = -1;
  private readonly fileCache = new Map<string, ServedFile>();

  constructor(
    readonly plugins: InstalledPlugins,
    private readonly contextPath: string,
  ) {}

  /** What is served now; an empty plugin set when nothing is installed (pages render without plugin code). */
  current(): LoadedPlugin {
    if (this.loaded && this.plugins.revision === this.loadedRevision) return this.loaded;
    const jars = new Map<string, InstalledJar>();
    const webResources: WebResourceModule[] = [];
    const webItems: PluginDescriptor['webItems'] = [];
    const modules: PluginDescriptor['modules'] = [];
    const i18nLocations: string[] = [];
    const bundle: Record<string, string> = {};
    const hash = createHash('sha256');
    for (const jar of this.plugins.list()) {
      const state = this.plugins.stateOf(jar.key);
      hash.update(`${jar.key}:${jar.sha256}:${state.enabled}:${state.disabledModules.join(',')};`);
      if (!state.enabled) continue;
      jars.set(jar.key, jar);
      const enabled = (key: string) => !state.disabledModules.includes(key);
      webResources.push(...jar.descriptor.webResources.filter((m) => enabled(m.key)));
      webItems.push(...jar.descriptor.webItems.filter((m) => enabled(m.key)));
      modules.push(...jar.descriptor.modules.filter((m) => enabled(m.key)));
      for (const location of jar.descriptor.i18nLocations) {
        i18nLocations.push(location);
        const name = entryName(`${location}.properties`);
        const file = name ? jar.files.get(name) : undefined;
        if (file) Object.assign(bundle, parseProperties(file.toString('utf8')));
      }
    }
    const digest = hash.digest('hex').slice(0, 20);
    const descriptor: PluginDescriptor = { key: [...jars.keys()].join(','), name: 'installed plugins', version: '', i18nLocations, webResources, webItems, modules };
    const resolver = new WebResourceResolver(descriptor, (module, name) => this.resourceUrl(digest, module, name));
    this.loaded = { descriptor, jars, bundle, hash: digest, resolver };
    this.loadedRevision = this.plugins.revision;
    this.fileCache.clear();
    return this.loaded;
  }

  resourceUrl(hash: string, module: WebResourceModule, name: string): string {
    return `${this.contextPath}/s/${hash}/_/download/batch/${module.completeKey}/${encodeURIComponent(name)}`;
  }

  private entry(pluginKey: string, location: string): Buffer | null {
    const name = entryName(location);
    const jar = this.current().jars.get(pluginKey);
    return (name && jar?.files.get(name)) || null;
  }

  /**
   * A resource of a web-resource, transformed as its `<transformation>`s say; `name.map` serves the
   * source map next to a resource. Null when there is no such resource (or its module is disabled).
   */
  resourceFile(completeKey: string, name: string): ServedFile | null {
    const plugin = this.current();
    const module = plugin.resolver.module(completeKey);
    if (!module) return null;
    const isMap = name.endsWith('.map');
    const resource = module.resources.find((r) => r.type === 'download' && r.name === (isMap ? name.slice(0, -4) : name));
    if (!resource) return null;
    const cacheKey = `batch/${completeKey}/${name}`;
    const cached = this.fileCache.get(cacheKey);
    if (cached) return cached;
    const bytes = this.entry(pluginKeyOf(completeKey), isMap ? `${resource.location}.map` : resource.location);
    if (!bytes) return null;
    const extension = /\.([a-z0-9]+)$/i.exec(resource.name)?.[1]?.toLowerCase() ?? '';
    const transformers = isMap ? [] : (module.transformations[extension] ?? []);
    return this.cache(cacheKey, bytes, isMap ? name : resource.name, transformers, plugin.bundle);
  }

  /** `download/resources/<key>/<path>`: WRM's asset URLs (webpack's public path for lazy chunks). */
  assetFile(completeKey: string, relative: string): ServedFile | null {
    const plugin = this.current();
    const module = plugin.resolver.module(completeKey);
    const named = module?.resources.find((r) => r.type === 'download' && r.name === relative);
    if (named) return this.resourceFile(completeKey, relative);
    // The WRM webpack plugin's `assets-<uuid>` web-resource stands for webpack's output folder.
    if (!/^[^:]+:assets-[\w-]+$/.test(completeKey) || !plugin.jars.has(pluginKeyOf(completeKey))) return null;
    const cacheKey = `assets/${completeKey}/${relative}`;
    const cached = this.fileCache.get(cacheKey);
    if (cached) return cached;
    const bytes = this.entry(pluginKeyOf(completeKey), posix.join('js', relative));
    if (!bytes) return null;
    const transformers = relative.endsWith('.js') ? ['jsI18n'] : [];
    return this.cache(cacheKey, bytes, relative, transformers, plugin.bundle);
  }

  private cache(cacheKey: string, bytes: Buffer, name: string, transformers: string[], bundle: Record<string, string>): ServedFile {
    let body: Buffer | string = bytes;
    if (transformers.includes('jsI18n')) body = transformJsI18n(bytes.toString('utf8'), bundle);
    const file = { body, contentType: contentTypeOf(name) };
    this.fileCache.set(cacheKey, file);
    return file;
  }

  /** A translated message for server-rendered parts (web-item labels); unknown keys render as the key. */
  text(key: string | undefined): string {
    if (!key) return '';
    const bundle = this.current().bundle;
    return Object.prototype.hasOwnProperty.call(bundle, key) ? bundle[key] : key;
  }
}
