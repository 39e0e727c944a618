/** Builds of the plugin for install tests: the real build, and a next version with a changed descriptor. */
import { cpSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parsePluginDescriptor } from '../../emulator/host/wrm/descriptor';
import { packageJar } from '../../plugin-descriptor/package-jar';

export const CLASSES = join(__dirname, '../../target/classes');

/** What version 1.0.1's probe script sets on `window` when a page loads it. */
export const PROBE_GLOBAL = '__deployProbe';

/** The launcher: the web-resource in `atl.general` every page loads. */
export function launcher(classes: string) {
  const descriptor = parsePluginDescriptor(readFileSync(join(classes, 'atlassian-plugin.xml'), 'utf8'));
  const module = descriptor.webResources.find((m) => m.contexts.includes('atl.general') && m.resources.some((r) => r.name.endsWith('.js')))!;
  const resource = module.resources.find((r) => r.name.endsWith('.js'))!;
  return { module, resource };
}

/**
 * A second build of the plugin: version 1.0.1, a marker in the launcher and one more web-resource in
 * `atl.general` (`deploy-probe`, whose script sets `window.__deployProbe`), packaged like `npm run package`.
 */
export async function nextVersionJar(dir: string, jarFile: string): Promise<string> {
  const classes = join(dir, 'classes-next');
  cpSync(CLASSES, classes, { recursive: true });
  const xmlFile = join(classes, 'atlassian-plugin.xml');
  const xml = readFileSync(xmlFile, 'utf8');
  const probe = '<web-resource key="deploy-probe" name="Deploy probe"><resource type="download" name="probe.js" location="js/deploy-probe.js"/><context>atl.general</context></web-resource>';
  const next = xml.replace(/<version>[^<]*<\/version>/, '<version>1.0.1</version>').replace('</atlassian-plugin>', `${probe}\n</atlassian-plugin>`);
  if (next === xml || !next.includes('<version>1.0.1</version>')) throw new Error('could not plant version 1.0.1 into atlassian-plugin.xml');
  writeFileSync(xmlFile, next);
  writeFileSync(join(classes, 'js/deploy-probe.js'), `/* deploy probe of version 1.0.1 */\nwindow.${PROBE_GLOBAL} = '1.0.1';\n`);
  const { resource } = launcher(classes);
  writeFileSync(join(classes, resource.location), `${readFileSync(join(classes, resource.location), 'utf8')}\n/* launcher of version 1.0.1 */`);
  return packageJar(classes, jarFile);
}
