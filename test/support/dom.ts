/**
 * DOM-test helpers shared by the panels' and extensions' suites (jsdom environment).
 */
import axe from 'axe-core';

/** Lets queued work settle: `ticks` macrotasks, each of which first drains every pending microtask. */
export async function flushPromises(ticks = 8): Promise<void> {
  for (let i = 0; i < ticks; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Empties the document and returns a fresh container attached to it (focus and axe need it connected). */
export function renderInto(doc: Document = document): HTMLElement {
  doc.body.replaceChildren();
  const container = doc.createElement('div');
  doc.body.appendChild(container);
  return container;
}

/**
 * Like `renderInto`, but inside a stand-in for the host's CSE modal (a dialog titled by an h2), so axe's
 * `heading-order` sees the headings a panel's content follows in the product.
 */
export function renderInModal(title = 'Modal title', doc: Document = document): HTMLElement {
  doc.body.replaceChildren();
  const container = doc.createElement('div');
  const heading = doc.createElement('h2');
  heading.id = 'yc-test-modal-title';
  heading.textContent = title;
  const dialog = doc.createElement('section');
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-labelledby', heading.id);
  dialog.append(heading, container);
  doc.body.appendChild(dialog);
  return container;
}

/** axe-core's violations under `root` as `rule: offending html` lines (colour contrast needs real layout, so it is off). */
export async function axeViolations(root: Element = document.body): Promise<string[]> {
  const result = await axe.run(root, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

/** The CSE extension API an attributes provider receives, with `cleanup()` to play the host's cleanup. */
export interface FakeExtensionApi {
  updateAttributes: jest.Mock;
  onCleanup: jest.Mock;
  cleanup(): void;
}

export function fakeExtensionApi(): FakeExtensionApi {
  const callbacks: (() => void)[] = [];
  return { updateAttributes: jest.fn(), onCleanup: jest.fn((cb: () => void) => callbacks.push(cb)), cleanup: () => callbacks.forEach((cb) => cb()) };
}

/** The CSE modal API `onAction` receives; `mount`/`unmount` play the host opening and closing the modal. */
export interface FakeModalApi {
  mount(el: HTMLElement): void;
  unmount(el: HTMLElement): void;
  setTitle: jest.Mock;
  setWidth: jest.Mock;
  setAppearance: jest.Mock;
  closeModal: jest.Mock;
  onMount: jest.Mock;
  onUnmount: jest.Mock;
}

export function fakeModalApi(): FakeModalApi {
  const api: FakeModalApi = {
    mount: () => undefined,
    unmount: () => undefined,
    setTitle: jest.fn(),
    setWidth: jest.fn(),
    setAppearance: jest.fn(),
    closeModal: jest.fn(),
    onMount: jest.fn((cb: (el: HTMLElement) => void) => {
      api.mount = cb;
    }),
    onUnmount: jest.fn((cb: (el: HTMLElement) => void) => {
      api.unmount = cb;
    }),
  };
  return api;
}

/** Opens a modal (or panel) extension's surface into a fresh element, as the host does on click or render. */
export function openSurface(attributes: { onAction?: unknown }): { modal: FakeModalApi; element: HTMLElement } {
  const modal = fakeModalApi();
  (attributes.onAction as (api: FakeModalApi) => void)(modal);
  const element = document.createElement('div');
  modal.mount(element);
  return { modal, element };
}

/**
 * What a Bitbucket page gives our lazily loaded surfaces: `WRM.require('wr!<plugin>:module-<name>')`
 * succeeds (the fake host's registered web-resources) and the page's AMD `require` resolves
 * `yourcompany/<name>` — here to the module's source through jest, so `jest.mock`s apply. Returns the
 * names the page asked for, in order.
 */
export function provideLazyModules(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { registerWebResource } = require('wrm/require') as typeof import('../fake-host/modules/wrm-require');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { NAMED_MODULES, PLUGIN_KEY, moduleWebResourceKey } = require('../../plugin-descriptor/modules') as { NAMED_MODULES: Record<string, unknown>; PLUGIN_KEY: string; moduleWebResourceKey(name: string): string };
  for (const name of Object.keys(NAMED_MODULES)) registerWebResource(`wr!${PLUGIN_KEY}:${moduleWebResourceKey(name)}`, () => undefined);
  const requested: string[] = [];
  (globalThis as unknown as { require: unknown }).require = (names: string[], onLoad: (...modules: unknown[]) => void, onError: (error: unknown) => void) => {
    requested.push(...names);
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      onLoad(...names.map((name) => require(name)));
    } catch (error) {
      onError(error);
    }
  };
  return requested;
}
