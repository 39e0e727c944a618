/**
 * Defines the host AMD modules on the page's requirejs. AUI was loaded with `define.amd` hidden
 * (so it set `window.AJS` and still amdified `aui/*`); restore it here. Named `define`s from plain
 * script tags sit in requirejs' global queue until something requires them, and requirejs resolves
 * on a timer — Bitbucket's loader makes them available synchronously, so force that.
 */
type Factory = () => unknown;
interface RequireJs {
  (deps: string[], callback?: (...modules: unknown[]) => void, errback?: (error: unknown) => void): void;
  (id: string): unknown;
  config(options: Record<string, unknown>): void;
  s?: { contexts?: Record<string, { nextTick?: (fn: () => void) => void; defined?: Record<string, unknown> }> };
}
interface AmdWindow {
  define?: ((id: string, deps: string[], factory: Factory) => void) & { amd?: unknown };
  require?: RequireJs;
  requirejs?: RequireJs;
  __emulatorHiddenAmd?: unknown;
}

const amdWindow = window as unknown as AmdWindow;

export function restoreDefineAmd(): void {
  if (amdWindow.define && amdWindow.__emulatorHiddenAmd !== undefined) {
    amdWindow.define.amd = amdWindow.__emulatorHiddenAmd;
    delete amdWindow.__emulatorHiddenAmd;
  }
}

export function configureLoader(missingModuleBase: string): void {
  // An AMD id nobody defined must fail loudly (Bitbucket's loader has no network fallback).
  amdWindow.requirejs?.config({ baseUrl: missingModuleBase, waitSeconds: 20 });
}

export function defineHostModules(modules: Record<string, unknown>): void {
  const define = amdWindow.define;
  const requirejs = amdWindow.requirejs;
  if (!define || !requirejs) throw new Error('The page has no AMD loader');
  for (const [id, value] of Object.entries(modules)) define(id, [], () => value);
  const context = requirejs.s?.contexts?._;
  const savedTick = context?.nextTick;
  if (context) context.nextTick = (fn) => fn();
  try {
    requirejs(Object.keys(modules));
  } finally {
    if (context) context.nextTick = savedTick;
  }
}

export function isDefined(id: string): boolean {
  return Boolean(amdWindow.requirejs?.s?.contexts?._?.defined && id in amdWindow.requirejs.s.contexts._.defined);
}
