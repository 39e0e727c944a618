/**
 * WRM's dependency resolution: `r` web-resource keys and `c` contexts → the plugin resources to load,
 * dependencies first, minus what the page already has (`xr`, `xc`). Keys the product provides are
 * satisfied by the page shell; anything else unknown fails the request, as Bitbucket fails the batch.
 */
import type { PluginDescriptor, WebResourceModule, DescriptorCondition } from './descriptor';

/**
 * Web-resources the emulated Bitbucket page shell provides (host-anatomy.md §1.7, §3.6, §5).
 * Deliberately the emulator's own list, not the plugin's HOST_MODULES, so a wrong key in the plugin shows up.
 */
export const HOST_PROVIDED_WEB_RESOURCES: ReadonlySet<string> = new Set([
  'com.atlassian.plugins.jquery:jquery',
  'com.atlassian.plugins.atlassian-plugins-webresource-rest:web-resource-manager',
  'com.atlassian.plugins.atlassian-plugins-webresource-plugin:context-path',
  'com.atlassian.plugins.atlassian-plugins-webresource-plugin:data',
  'com.atlassian.plugins.atlassian-plugins-webresource-plugin:format',
  'com.atlassian.plugins.atlassian-plugins-webresource-plugin:i18n',
  'com.atlassian.bitbucket.server.bitbucket-web-api:server',
  'com.atlassian.bitbucket.server.bitbucket-web-api:state',
  'com.atlassian.bitbucket.server.bitbucket-web-api:events',
  'com.atlassian.bitbucket.server.bitbucket-web-api:navbuilder',
  'com.atlassian.plugins.atlassian-clientside-extensions-runtime:runtime',
]);

/** AUI components are `com.atlassian.auiplugin:<component>`; the shell loads all of AUI. */
const AUI_COMPONENT = /^com\.atlassian\.auiplugin:[\w.-]+$/;

export function isHostProvided(completeKey: string): boolean {
  return HOST_PROVIDED_WEB_RESOURCES.has(completeKey) || AUI_COMPONENT.test(completeKey);
}

export interface ConditionUser {
  globalPermission?: string;
}

/** Product conditions a Java-free plugin can reference (host-anatomy.md §1.4). */
const CONDITIONS: Record<string, (user: ConditionUser | null) => boolean> = {
  'com.atlassian.bitbucket.web.conditions.IsLoggedInCondition': (user) => user !== null,
  'com.atlassian.bitbucket.web.conditions.IsAdminCondition': (user) => ['ADMIN', 'SYS_ADMIN'].includes(user?.globalPermission ?? ''),
  'com.atlassian.bitbucket.web.conditions.IsSystemAdminCondition': (user) => user?.globalPermission === 'SYS_ADMIN',
};

export function evaluateConditions(conditions: DescriptorCondition[], user: ConditionUser | null): { pass: boolean; errors: string[] } {
  const errors: string[] = [];
  let pass = true;
  for (const condition of conditions) {
    const check = CONDITIONS[condition.className];
    if (!check) {
      errors.push(`Condition class ${condition.className} could not be loaded (ClassNotFoundException)`);
      pass = false;
      continue;
    }
    if (check(user) === condition.invert) pass = false;
  }
  return { pass, errors };
}

export type ResourceType = 'JAVASCRIPT' | 'CSS';

export interface ResolvedResource {
  url: string;
  resourceType: ResourceType;
  /** Complete key of the web-resource the file belongs to. */
  key: string;
  batchType: 'resource';
  /** Resource name inside the web-resource. */
  name: string;
}

export interface ResolveRequest {
  r?: string[];
  c?: string[];
  xr?: string[];
  xc?: string[];
}

export interface ResolveResult {
  resources: ResolvedResource[];
  /** Complete keys of the plugin web-resources included (dependency order). */
  webResources: string[];
  /** Problems Bitbucket would fail the batch for. */
  errors: string[];
}

export function resourceTypeOf(name: string): ResourceType | null {
  if (/\.js$/i.test(name)) return 'JAVASCRIPT';
  if (/\.css$/i.test(name)) return 'CSS';
  return null;
}

export class WebResourceResolver {
  private readonly byKey = new Map<string, WebResourceModule>();
  private readonly byContext = new Map<string, WebResourceModule[]>();

  constructor(
    readonly descriptor: PluginDescriptor,
    private readonly urlOf: (module: WebResourceModule, resourceName: string) => string,
  ) {
    for (const module of descriptor.webResources) {
      this.byKey.set(module.completeKey, module);
      for (const context of module.contexts) {
        const list = this.byContext.get(context) ?? [];
        list.push(module);
        this.byContext.set(context, list);
      }
    }
  }

  module(completeKey: string): WebResourceModule | undefined {
    return this.byKey.get(completeKey);
  }

  modulesInContext(context: string): WebResourceModule[] {
    return this.byContext.get(context) ?? [];
  }

  contexts(): string[] {
    return [...this.byContext.keys()];
  }

  resolve(request: ResolveRequest, user: ConditionUser | null): ResolveResult {
    const errors: string[] = [];
    const order: WebResourceModule[] = [];
    const done = new Set<string>();

    // What the page already has: excluded keys and everything their contexts pulled in.
    const excluded = new Set<string>();
    const exclude = (key: string, seen: Set<string>) => {
      if (seen.has(key)) return;
      seen.add(key);
      excluded.add(key);
      for (const dep of this.byKey.get(key)?.dependencies ?? []) exclude(dep, seen);
    };
    for (const key of request.xr ?? []) exclude(key, new Set());
    for (const context of request.xc ?? []) for (const m of this.modulesInContext(context)) exclude(m.completeKey, new Set());

    const visit = (key: string, path: string[], requestedBy: string) => {
      if (done.has(key) || excluded.has(key)) return;
      if (path.includes(key)) {
        errors.push(`Circular web-resource dependency: ${[...path, key].join(' -> ')}`);
        return;
      }
      const module = this.byKey.get(key);
      if (!module) {
        if (!isHostProvided(key)) errors.push(`Cannot find web-resource module for ${key} (required by ${requestedBy})`);
        done.add(key);
        return;
      }
      const conditions = evaluateConditions(module.conditions, user);
      errors.push(...conditions.errors.map((e) => `${key}: ${e}`));
      if (!conditions.pass) {
        done.add(key);
        return;
      }
      for (const dep of module.dependencies) visit(dep, [...path, key], key);
      if (done.has(key)) return;
      done.add(key);
      order.push(module);
    };

    for (const key of request.r ?? []) visit(key, [], 'the page');
    for (const context of request.c ?? []) {
      if ((request.xc ?? []).includes(context)) continue;
      for (const module of this.modulesInContext(context)) visit(module.completeKey, [], `context ${context}`);
    }

    const resources: ResolvedResource[] = [];
    for (const module of order) {
      for (const resource of module.resources) {
        if (resource.type !== 'download') continue;
        const resourceType = resourceTypeOf(resource.name);
        if (!resourceType) continue;
        resources.push({ url: this.urlOf(module, resource.name), resourceType, key: module.completeKey, batchType: 'resource', name: resource.name });
      }
    }
    // CSS first, like WRM's batches, so styles apply before scripts render.
    resources.sort((a, b) => (a.resourceType === b.resourceType ? 0 : a.resourceType === 'CSS' ? -1 : 1));
    return { resources, webResources: order.map((m) => m.completeKey), errors };
  }
}
