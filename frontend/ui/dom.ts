/**
 * Views build DOM only through `h()`: text always becomes text nodes, links pass `safeHref`, and
 * there is no way to hand it HTML. That is how a view "cannot forget to escape".
 */

export type Child = Node | string | number | null | undefined | false | Child[];
type Listener = (event: Event) => void;
export type Props = Record<string, string | number | boolean | null | undefined | Listener>;

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);
const FORBIDDEN_ATTRIBUTES = new Set(['srcdoc', 'innerhtml', 'outerhtml']);
const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_TAGS = new Set(['svg', 'g', 'path', 'line', 'polyline', 'rect', 'circle', 'text', 'title', 'desc']);

/** Only http(s): and same-origin relative URLs survive; anything else (javascript:, data:, //host) becomes undefined. */
export function safeHref(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const trimmed = url.trim();
  if (!trimmed || /[\u0000-\u001f]/.test(trimmed)) return undefined;
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      const parsed = new URL(trimmed);
      return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
    } catch {
      return undefined;
    }
  }
  // Browsers read `\` as `/` in http(s) URLs, so `/\host` and `\\host` are protocol-relative too.
  if (trimmed.replace(/\\/g, '/').startsWith('//') || trimmed.startsWith('\\') || /^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return undefined;
  return trimmed;
}

export function h(tag: string, props?: Props | null, ...children: Child[]): HTMLElement {
  const element = SVG_TAGS.has(tag) ? document.createElementNS(SVG_NS, tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    const lower = name.toLowerCase();
    if (lower.startsWith('on')) {
      if (typeof value !== 'function') throw new TypeError(`h(): ${name} must be a function`);
      element.addEventListener(lower.slice(2), value);
      continue;
    }
    if (FORBIDDEN_ATTRIBUTES.has(lower)) throw new TypeError(`h(): ${name} is not allowed`);
    if (typeof value === 'function') throw new TypeError(`h(): ${name} cannot be a function`);
    if (URL_ATTRIBUTES.has(lower)) {
      const safe = safeHref(value);
      if (safe !== undefined) element.setAttribute(name, safe);
      continue;
    }
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element as HTMLElement;
}

function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces a container's content. */
export function render(container: Element, ...children: Child[]): void {
  clear(container);
  append(container, children);
}

export function clear(container: Element): void {
  while (container.firstChild) container.removeChild(container.firstChild);
}
