/** DOM building for the host's own views: text is always text, URLs are http(s) or relative only. */

export type Child = Node | string | number | null | undefined | false | Child[];
type Listener = (event: Event) => void;
export type Props = Record<string, string | number | boolean | null | undefined | Listener>;

export function safeUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const trimmed = url.trim();
  if (!trimmed || /[\u0000-\u001f]/.test(trimmed)) return undefined;
  if (/^https?:\/\//i.test(trimmed)) return trimmed;
  if (trimmed.startsWith('//') || trimmed.startsWith('\\') || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return undefined;
  return trimmed;
}

export function el(tag: string, props?: Props | null, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
      continue;
    }
    if (typeof value === 'function') continue;
    if (name === 'href' || name === 'src') {
      const safe = safeUrl(value);
      if (safe !== undefined) element.setAttribute(name, safe);
      continue;
    }
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function replaceChildren(parent: Node, ...children: Child[]): void {
  clear(parent);
  append(parent, children);
}

export function spinner(label = 'Loading'): HTMLElement {
  return el('aui-spinner', { size: 'small', role: 'progressbar', 'aria-label': label });
}

export function auiMessage(type: 'error' | 'warning' | 'info', title: string, body?: string): HTMLElement {
  return el('div', { class: `aui-message aui-message-${type}`, role: type === 'error' ? 'alert' : 'status' }, el('p', { class: 'title' }, el('strong', null, title)), body ? el('p', null, body) : null);
}

export function relativeTime(timestamp: unknown): string {
  if (typeof timestamp !== 'number') return '';
  return new Date(timestamp).toISOString().replace('T', ' ').slice(0, 16);
}
