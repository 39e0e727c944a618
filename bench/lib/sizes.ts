/**
 * Gzipped size of what the plugin ships, per web-resource, read from the built `target/classes`
 * (the same files the JAR carries), and mapping of WRM download URLs back to web-resources.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { parsePluginDescriptor, type WebResourceModule } from '../../emulator/host/wrm/descriptor';

export interface ResourceSize {
  /** `<pluginKey>:<key>` */
  webResource: string;
  /** Sum over the web-resource's js/css files, each gzipped on its own (as served). */
  jsGzip: number;
  cssGzip: number;
  raw: number;
}

export class BuiltPlugin {
  readonly pluginKey: string;
  private readonly modules = new Map<string, WebResourceModule>();

  constructor(private readonly classesDir: string) {
    const descriptorPath = join(classesDir, 'atlassian-plugin.xml');
    if (!existsSync(descriptorPath)) throw new Error(`${descriptorPath} is missing: run \`npm run package\` first`);
    const descriptor = parsePluginDescriptor(readFileSync(descriptorPath, 'utf8'));
    this.pluginKey = descriptor.key;
    for (const module of descriptor.webResources) this.modules.set(module.completeKey, module);
  }

  webResources(): string[] {
    return [...this.modules.keys()];
  }

  /** Gzip level 9 like a typical reverse proxy's `gzip_comp_level` upper setting; sizes are per file. */
  size(completeKey: string): ResourceSize {
    const module = this.modules.get(completeKey);
    if (!module) throw new Error(`No web-resource ${completeKey} in the built descriptor`);
    const result: ResourceSize = { webResource: completeKey, jsGzip: 0, cssGzip: 0, raw: 0 };
    for (const resource of module.resources) {
      if (resource.type !== 'download') continue;
      const file = join(this.classesDir, resource.location);
      if (!existsSync(file)) throw new Error(`${completeKey} lists ${resource.location}, which is not in ${this.classesDir}`);
      const bytes = readFileSync(file);
      const gz = gzipSync(bytes, { level: 9 }).length;
      result.raw += bytes.length;
      if (resource.name.endsWith('.css')) result.cssGzip += gz;
      else if (resource.name.endsWith('.js')) result.jsGzip += gz;
    }
    return result;
  }

  /**
   * The plugin web-resources a WRM download URL carries: `/download/batch/<key>/…` (one resource) or
   * `/download/contextbatch/<type>/<ctx,ctx,-excluded>/…` (every resource of the contexts, minus excluded
   * contexts' ones). Host resources are not ours and are left out.
   */
  resourcesInUrl(url: string): string[] {
    const path = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
    const single = /\/download\/batch\/([^/]+)\//.exec(path);
    if (single) return this.modules.has(single[1]) ? [single[1]] : [];
    const context = /\/download\/contextbatch\/(?:js|css)\/([^/]+)\//.exec(path);
    if (!context) return [];
    const names = context[1].split(',');
    const included = names.filter((n) => !n.startsWith('-'));
    const excluded = names.filter((n) => n.startsWith('-')).map((n) => n.slice(1));
    return [...this.modules.values()]
      .filter((m) => m.contexts.some((c) => included.includes(c)) && !m.contexts.some((c) => excluded.includes(c)))
      .map((m) => m.completeKey);
  }
}
