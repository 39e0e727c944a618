/**
 * How the PR page renders extension types (host-anatomy.md §1.5, §2.1): button/link/modal as AUI
 * buttons in a row (summary, diff toolbar) or as menu items ("More actions"); panels below comments
 * with PanelHandler semantics. Attributes honoured: label, hidden, disabled, loading/isLoading,
 * iconBefore, url (links), onAction.
 */
import { PanelExtension } from '@atlassian/clientside-extensions';
import { el, replaceChildren, safeUrl, spinner } from '../dom';
import type { ExtensionInstance, Renderer } from './extension-point';
import { reportExtensionError } from './extension-point';
import { openExtensionModal } from './modal';

type ItemMode = 'row' | 'menu';
const ACTION_TYPES = new Set(['button', 'link', 'modal']);

function invokeAction(instance: ExtensionInstance): void {
  const { type, onAction, label } = instance.attributes as { type?: string; onAction?: unknown; label?: unknown };
  if (type === 'modal') {
    if (typeof onAction === 'function') openExtensionModal(instance.key, onAction, String(label ?? ''));
    return;
  }
  if (typeof onAction !== 'function') return;
  try {
    (onAction as () => void)();
  } catch (error) {
    reportExtensionError(instance.key, 'onAction', error);
  }
}

function itemElement(instance: ExtensionInstance, mode: ItemMode): HTMLElement {
  const attributes = instance.attributes as Record<string, unknown>;
  const type = String(attributes.type ?? 'button');
  const label = attributes.label === undefined || attributes.label === null ? '' : String(attributes.label);
  const disabled = Boolean(attributes.disabled);
  const loading = Boolean(attributes.isLoading ?? attributes.loading);
  const icon = typeof attributes.iconBefore === 'string' && /^[\w/-]+$/.test(attributes.iconBefore) ? attributes.iconBefore : null;
  const children = [
    loading ? spinner() : null,
    icon ? el('span', { class: `aui-icon aui-icon-small aui-iconfont-${icon.replace(/\//g, '-')}`, 'aria-hidden': 'true', 'data-icon': icon }) : null,
    el('span', { class: 'emulator-extension-label' }, label),
  ];
  const common = {
    'data-extension-key': instance.key,
    'data-extension-type': type,
    'aria-disabled': disabled ? 'true' : undefined,
    'aria-busy': loading ? 'true' : undefined,
  };
  const onclick = (event: Event) => {
    if (disabled) {
      event.preventDefault();
      return;
    }
    if (type !== 'link') event.preventDefault();
    invokeAction(instance);
  };
  if (type === 'link') {
    const href = safeUrl(attributes.url ?? attributes.link);
    return el('a', { ...common, class: mode === 'row' ? 'aui-button aui-button-link' : 'emulator-menu-item', href: disabled ? undefined : href, role: mode === 'menu' ? 'menuitem' : undefined, tabindex: mode === 'menu' ? '-1' : undefined, onclick }, ...children);
  }
  return el(
    'button',
    {
      ...common,
      type: 'button',
      class: mode === 'row' ? 'aui-button' : 'emulator-menu-item',
      role: mode === 'menu' ? 'menuitem' : undefined,
      tabindex: mode === 'menu' ? '-1' : undefined,
      disabled: mode === 'row' && disabled,
      'aria-haspopup': type === 'modal' ? 'dialog' : undefined,
      onclick,
    },
    ...children,
  );
}

function warnUnsupported(location: string, instance: ExtensionInstance): void {
  console.warn(`[client-side extensions] ${location} does not render extensions of type "${String(instance.attributes.type)}" (${instance.key})`);
}

/** Buttons/links/modals in a row; hidden ones are skipped. */
export function actionRowRenderer(location: string, container: HTMLElement): Renderer {
  const warned = new Set<string>();
  return (instances, loading) => {
    const visible = instances.filter((instance) => {
      if (!ACTION_TYPES.has(String(instance.attributes.type ?? 'button'))) {
        if (!warned.has(instance.key)) warnUnsupported(location, instance);
        warned.add(instance.key);
        return false;
      }
      return !instance.attributes.hidden;
    });
    const focusedKey = (document.activeElement as HTMLElement | null)?.closest?.('[data-extension-key]')?.getAttribute('data-extension-key');
    replaceChildren(container, loading && visible.length === 0 ? spinner() : null, visible.map((instance) => itemElement(instance, 'row')));
    container.setAttribute('aria-busy', loading ? 'true' : 'false');
    // Keep keyboard focus on the same extension across label updates.
    if (focusedKey) container.querySelector<HTMLElement>(`[data-extension-key="${CSS.escape(focusedKey)}"]`)?.focus();
  };
}

/** Menu items inside the "More actions" menu. */
export function menuRenderer(location: string, menu: HTMLElement, onChange: (count: number) => void): Renderer {
  return (instances, loading) => {
    const visible = instances.filter((i) => ACTION_TYPES.has(String(i.attributes.type ?? 'button')) && !i.attributes.hidden);
    replaceChildren(
      menu,
      visible.length === 0 ? el('div', { class: 'emulator-menu-empty', role: 'none' }, loading ? spinner() : 'No actions') : null,
      visible.map((instance) => itemElement(instance, 'menu')),
    );
    menu.setAttribute('aria-busy', loading ? 'true' : 'false');
    onChange(visible.length);
    void location;
  };
}

/**
 * Panels (PanelHandler semantics): `onAction(panelApi)` once, then the render callback with a fresh
 * `<div>`; the cleanup callback gets the same node on unmount or when the panel's onAction changes.
 */
export class PanelRenderer {
  private readonly mounted = new Map<string, { onAction: unknown; node: HTMLElement; api: InstanceType<typeof PanelExtension.Api> }>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly location: string,
    private readonly container: HTMLElement,
  ) {}

  readonly render: Renderer = (instances) => {
    const wanted = instances.filter((i) => {
      if (i.attributes.type !== 'panel') {
        if (!this.warned.has(i.key)) warnUnsupported(this.location, i);
        this.warned.add(i.key);
        return false;
      }
      return !i.attributes.hidden && typeof i.attributes.onAction === 'function';
    });
    const keys = new Set(wanted.map((i) => i.key));
    for (const [key, panel] of this.mounted) {
      const instance = wanted.find((i) => i.key === key);
      if (!keys.has(key) || instance?.attributes.onAction !== panel.onAction) this.unmount(key);
    }
    for (const instance of wanted) {
      if (this.mounted.has(instance.key)) continue;
      const api = new PanelExtension.Api();
      try {
        (instance.attributes.onAction as (panelApi: typeof api) => void)(api);
      } catch (error) {
        reportExtensionError(instance.key, 'panel onAction', error);
        continue;
      }
      const node = el('div', { class: 'emulator-extension-panel', 'data-extension-key': instance.key });
      this.container.appendChild(node);
      this.mounted.set(instance.key, { onAction: instance.attributes.onAction, node, api });
      api.getRenderCallback()(node);
    }
    // Order follows the descriptors (weight).
    for (const instance of wanted) {
      const panel = this.mounted.get(instance.key);
      if (panel) this.container.appendChild(panel.node);
    }
  };

  private unmount(key: string): void {
    const panel = this.mounted.get(key);
    if (!panel) return;
    this.mounted.delete(key);
    panel.api.getCleanupCallback()(panel.node);
    panel.node.remove();
  }

  dispose(): void {
    for (const key of [...this.mounted.keys()]) this.unmount(key);
  }
}
