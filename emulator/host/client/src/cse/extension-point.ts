/**
 * One subscription to an extension point, the way Bitbucket's React host (CSE components'
 * ExtensionsObservable) drives it: `registry.getLocation(name)` → descriptors; each descriptor's
 * attributes provider runs once per subscription with `(extensionApi, context)`; `updateAttributes`
 * re-renders (batched per frame); `onCleanup` callbacks run when the host leaves. Every call into an
 * extension is guarded so one broken extension cannot break the page or its neighbours.
 */
import registry from '@atlassian/clientside-extensions-registry';
import type { ExtensionDescriptor, ExtensionAttributes } from '@atlassian/clientside-extensions-registry';

export interface ExtensionInstance {
  key: string;
  attributes: ExtensionAttributes;
  /** Bumped on every attribute change so renderers can tell. */
  revision: number;
}

export type Renderer = (instances: ExtensionInstance[], loading: boolean) => void;

interface InstanceState extends ExtensionInstance {
  cleanups: (() => void)[];
  disposed: boolean;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

export function reportExtensionError(key: string, what: string, error: unknown): void {
  console.error(`[client-side extensions] ${key}: ${what} failed:`, error);
}

export class ExtensionPointHost {
  private subscription: { unsubscribe(): void } | null = null;
  private readonly instances = new Map<string, InstanceState>();
  private order: string[] = [];
  private loading = true;
  private frame = 0;
  private stopped = false;

  constructor(
    readonly location: string,
    private readonly context: Record<string, unknown>,
    private readonly renderer: Renderer,
  ) {}

  start(): this {
    this.subscription = registry.getLocation(this.location).subscribe((payload) => this.receive(payload.descriptors, payload.loadingState));
    return this;
  }

  private receive(descriptors: ExtensionDescriptor[], loading: boolean): void {
    if (this.stopped) return;
    this.loading = loading;
    const keys = new Set(descriptors.map((d) => d.key));
    for (const [key, instance] of this.instances) {
      if (!keys.has(key)) {
        this.dispose(instance);
        this.instances.delete(key);
      }
    }
    for (const descriptor of descriptors) if (!this.instances.has(descriptor.key)) this.instantiate(descriptor);
    this.order = descriptors.map((d) => d.key);
    this.scheduleRender();
  }

  private instantiate(descriptor: ExtensionDescriptor): void {
    const instance: InstanceState = { key: descriptor.key, attributes: { ...descriptor.attributes }, revision: 0, cleanups: [], disposed: false };
    const api = {
      updateAttributes: (payload: unknown) => {
        if (instance.disposed) return;
        try {
          const next = typeof payload === 'function' ? (payload as (prev: ExtensionAttributes) => unknown)({ ...instance.attributes }) : payload;
          if (!isPlainObject(next)) throw new TypeError('updateAttributes needs a plain object');
          instance.attributes = { ...instance.attributes, ...next };
          instance.revision += 1;
          this.scheduleRender();
        } catch (error) {
          reportExtensionError(instance.key, 'updateAttributes', error);
        }
      },
      onCleanup: (callback: () => void) => {
        if (typeof callback === 'function') instance.cleanups.push(callback);
      },
    };
    if (descriptor.attributesProvider) {
      let provided: unknown;
      try {
        provided = descriptor.attributesProvider(api, this.context);
      } catch (error) {
        reportExtensionError(descriptor.key, 'attributes provider', error);
        this.dispose(instance);
        return;
      }
      if (!isPlainObject(provided)) {
        reportExtensionError(descriptor.key, 'attributes provider', new TypeError('it must return a plain object'));
        this.dispose(instance);
        return;
      }
      instance.attributes = { ...instance.attributes, ...provided };
    }
    this.instances.set(descriptor.key, instance);
  }

  private scheduleRender(): void {
    if (this.frame || this.stopped) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      if (this.stopped) return;
      const list = this.order.map((key) => this.instances.get(key)).filter((i): i is InstanceState => Boolean(i));
      try {
        this.renderer(list, this.loading);
      } catch (error) {
        console.error(`[client-side extensions] rendering ${this.location} failed:`, error);
      }
    });
  }

  private dispose(instance: InstanceState): void {
    if (instance.disposed) return;
    instance.disposed = true;
    for (const cleanup of instance.cleanups.splice(0)) {
      try {
        cleanup();
      } catch (error) {
        reportExtensionError(instance.key, 'onCleanup callback', error);
      }
    }
  }

  /** Leaves the extension point: unsubscribes and runs every extension's cleanups. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.subscription = null;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
    for (const instance of this.instances.values()) this.dispose(instance);
    this.instances.clear();
  }
}
