/**
 * The plugins UPM has installed, as the plugin framework keeps them: each user-installed JAR lives in
 * `<dataDir>/upm/installed-plugins/<plugin key>.jar` (Bitbucket's `shared/plugins/installed-plugins`),
 * and the enabled state of plugins and modules in `<dataDir>/upm/plugin-state.json` (the framework's
 * persistent plugin state, which survives upgrades: a module disabled before an upgrade stays disabled).
 *
 * The host pages and WRM read the installed JARs' contents from here (emulator/host/wrm/plugin.ts), so an
 * install through UPM swaps what the next page load gets, without a restart.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { DescriptorError, parsePluginDescriptor, type PluginDescriptor } from '../host/wrm/descriptor';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readJarBuffer, parseManifest } = require('../../plugin-descriptor/jar') as {
  readJarBuffer(bytes: Buffer): Promise<Map<string, Buffer>>;
  parseManifest(bytes: Buffer): Record<string, string>;
};

export interface InstalledJar {
  key: string;
  descriptor: PluginDescriptor;
  /** Every file entry of the JAR. */
  files: Map<string, Buffer>;
  /** sha256 of the JAR's bytes: identifies this build. */
  sha256: string;
  size: number;
  installedAt: number;
}

export interface PluginState {
  enabled: boolean;
  disabledModules: string[];
}

/** Why the framework refused a JAR; `subCode` goes into UPM's task status. */
export class InstallError extends Error {
  constructor(
    readonly subCode: string,
    message: string,
  ) {
    super(message);
  }
}

const KEY_PATTERN = /^[A-Za-z0-9_.-]+$/;

/** Reads a plugin JAR the way the framework's transformerless bundle factory would accept it. */
export async function readPluginJar(bytes: Buffer): Promise<Omit<InstalledJar, 'installedAt'>> {
  let files: Map<string, Buffer>;
  try {
    files = await readJarBuffer(bytes);
  } catch (error) {
    throw new InstallError('upm.pluginInstall.error.invalid.plugin.file', `The uploaded file is not a JAR (zip) file: ${(error as Error).message}`);
  }
  const xml = files.get('atlassian-plugin.xml');
  if (!xml) throw new InstallError('upm.pluginInstall.error.invalid.plugin.file', 'The JAR has no atlassian-plugin.xml at its root, so no plugin loader accepts it.');
  let descriptor: PluginDescriptor;
  try {
    descriptor = parsePluginDescriptor(xml.toString('utf8'));
  } catch (error) {
    if (error instanceof DescriptorError) throw new InstallError('upm.pluginInstall.error.invalid.plugin.file', `atlassian-plugin.xml: ${error.message}`);
    throw error;
  }
  if (!KEY_PATTERN.test(descriptor.key)) throw new InstallError('upm.pluginInstall.error.invalid.plugin.file', `The plugin key "${descriptor.key}" is not a valid plugin key.`);
  const manifestBytes = files.get('META-INF/MANIFEST.MF');
  const manifest = manifestBytes ? parseManifest(manifestBytes) : {};
  // A transformerless plugin is an OSGi bundle whose manifest names the plugin key (host-anatomy.md §4.2).
  if (!manifest['Bundle-SymbolicName'] || !manifest['Bundle-Version']) throw new InstallError('upm.pluginInstall.error.invalid.plugin.file', 'META-INF/MANIFEST.MF lacks Bundle-SymbolicName or Bundle-Version, so the JAR is not an OSGi bundle.');
  if (manifest['Atlassian-Plugin-Key'] !== descriptor.key) {
    throw new InstallError('upm.pluginInstall.error.invalid.plugin.file', `META-INF/MANIFEST.MF says Atlassian-Plugin-Key "${manifest['Atlassian-Plugin-Key'] ?? ''}" but atlassian-plugin.xml has key "${descriptor.key}".`);
  }
  return { key: descriptor.key, descriptor, files, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

export class InstalledPlugins {
  private readonly plugins = new Map<string, InstalledJar>();
  private state: Record<string, PluginState> = {};
  /** Bumped on every change; the host rebuilds its view of the plugins when it moves. */
  revision = 0;

  private constructor(readonly directory: string) {}

  get jarDirectory(): string {
    return join(this.directory, 'installed-plugins');
  }

  private get stateFile(): string {
    return join(this.directory, 'plugin-state.json');
  }

  /** Loads what an earlier run installed (`<dataDir>/upm`). */
  static async open(dataDir: string): Promise<InstalledPlugins> {
    const plugins = new InstalledPlugins(join(dataDir, 'upm'));
    mkdirSync(plugins.jarDirectory, { recursive: true });
    if (existsSync(plugins.stateFile)) {
      try {
        plugins.state = JSON.parse(readFileSync(plugins.stateFile, 'utf8')) as Record<string, PluginState>;
      } catch {
        plugins.state = {};
      }
    }
    for (const name of readdirSync(plugins.jarDirectory).filter((n) => n.endsWith('.jar')).sort()) {
      const file = join(plugins.jarDirectory, name);
      try {
        const jar = await readPluginJar(readFileSync(file));
        plugins.plugins.set(jar.key, { ...jar, installedAt: Date.now() });
      } catch (error) {
        // Like the framework at start-up: a broken JAR is skipped (and logged), the others load.
        process.stderr.write(`emulator: skipping installed plugin ${file}: ${(error as Error).message}\n`);
      }
    }
    return plugins;
  }

  list(): InstalledJar[] {
    return [...this.plugins.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  get(key: string): InstalledJar | undefined {
    return this.plugins.get(key);
  }

  stateOf(key: string): PluginState {
    return this.state[key] ?? { enabled: true, disabledModules: [] };
  }

  isModuleEnabled(pluginKey: string, moduleKey: string): boolean {
    const state = this.stateOf(pluginKey);
    return state.enabled && !state.disabledModules.includes(moduleKey);
  }

  /** Installs or upgrades: the JAR replaces the one with the same key; the plugin is enabled. */
  async install(bytes: Buffer): Promise<InstalledJar> {
    const jar = { ...(await readPluginJar(bytes)), installedAt: Date.now() };
    const file = join(this.jarDirectory, `${jar.key}.jar`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
    this.plugins.set(jar.key, jar);
    const previous = this.stateOf(jar.key);
    // Module states the admin chose survive the upgrade, for modules that still exist.
    const moduleKeys = new Set(jar.descriptor.modules.map((m) => m.key));
    this.state[jar.key] = { enabled: true, disabledModules: previous.disabledModules.filter((k) => moduleKeys.has(k)) };
    this.changed();
    return jar;
  }

  uninstall(key: string): boolean {
    if (!this.plugins.delete(key)) return false;
    rmSync(join(this.jarDirectory, `${key}.jar`), { force: true });
    delete this.state[key];
    this.changed();
    return true;
  }

  setEnabled(key: string, enabled: boolean): void {
    this.state[key] = { ...this.stateOf(key), enabled };
    this.changed();
  }

  setModuleEnabled(key: string, moduleKey: string, enabled: boolean): void {
    const state = this.stateOf(key);
    const disabled = new Set(state.disabledModules);
    if (enabled) disabled.delete(moduleKey);
    else disabled.add(moduleKey);
    this.state[key] = { ...state, disabledModules: [...disabled].sort() };
    this.changed();
  }

  private changed(): void {
    this.revision++;
    const tmp = `${this.stateFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 2));
    renameSync(tmp, this.stateFile);
  }
}
