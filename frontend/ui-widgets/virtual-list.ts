/**
 * A virtualised ARIA grid: fixed row height, only the rows in view (plus `overscan`) exist in the DOM,
 * so 10 000 items cost the same as 40. Row elements are recycled: `setItems` and scrolling refill the rows
 * already in the DOM (a row still showing the same item is left alone), so a new filter result costs a few
 * text updates, not a rebuilt window. Keyboard: ↑/↓ or k/j move, PageUp/PageDown, Home/End, Enter activates.
 * The grid itself holds focus and points at the active row with `aria-activedescendant`; the active row is
 * always rendered (even when scrolled away) so that reference never dangles.
 */
import { h, render } from 'yourcompany/ui';

export interface VirtualListOptions<T> {
  items: readonly T[];
  /** Pixels; every row has exactly this height (CSS must not change it). */
  rowHeight: number;
  /** Builds the cells of one row (each with role="gridcell" or "columnheader"); the list wraps them in the row. */
  renderRow(item: T, index: number): Node | Node[];
  /**
   * Optional: makes a recycled row's cells (built by `renderRow` for `previous`) show `item` in place.
   * Returns false when it cannot (e.g. another kind of row); then the cells are rebuilt with `renderRow`.
   */
  updateRow?(row: HTMLElement, item: T, previous: T, index: number): boolean;
  /** Accessible name of the grid. */
  label: string;
  /** A header row's cells, rendered sticky above the rows and counted in `aria-rowcount`. */
  header?: Node[];
  /** Rows rendered beyond each edge of the viewport. */
  overscan?: number;
  /** Used when the browser reports no layout height (jsdom, a hidden container). */
  fallbackViewportHeight?: number;
  /** Extra class names for a row (e.g. group headers). */
  rowClass?(item: T, index: number): string | undefined;
  onActivate?(item: T, index: number): void;
  onActiveChange?(item: T, index: number): void;
  testId?: string;
}

export interface VirtualList<T> {
  readonly element: HTMLElement;
  setItems(items: readonly T[]): void;
  /** Makes `index` the active row, scrolls it into view and (optionally) focuses the grid. */
  setActive(index: number, options?: { focus?: boolean }): void;
  /** Moves the active row by `delta`, clamped; returns the new index (-1 when empty). */
  move(delta: number, options?: { focus?: boolean }): number;
  activeIndex(): number;
  /** [start, end) of the rows currently in the DOM window (the active row may be rendered in addition). */
  renderedRange(): { start: number; end: number };
  focus(): void;
  destroy(): void;
}

let sequence = 0;

export function virtualList<T>(options: VirtualListOptions<T>): VirtualList<T> {
  const id = `yc-vlist-${++sequence}`;
  const rowHeight = options.rowHeight;
  const overscan = options.overscan ?? 8;
  const headerRows = options.header ? 1 : 0;
  let items = options.items;
  let active = items.length ? 0 : -1;
  let range = { start: 0, end: 0 };
  const rendered = new Map<number, HTMLElement>();
  let frame = 0;

  // Layout-critical styles are inline so any consumer works without the viewer's stylesheet.
  const body = h('div', { class: 'yc-vlist-body', role: 'rowgroup', style: 'position:relative' });
  const headerGroup = options.header
    ? h('div', { class: 'yc-vlist-header', role: 'rowgroup' }, h('div', { class: 'yc-vlist-row yc-vlist-header-row', role: 'row', 'aria-rowindex': 1 }, ...options.header))
    : null;
  const element = h(
    'div',
    {
      id,
      class: 'yc-vlist',
      role: 'grid',
      tabindex: 0,
      'aria-label': options.label,
      'aria-readonly': 'true',
      'data-testid': options.testId,
      style: 'overflow:auto;position:relative',
      onkeydown: (event: Event) => onKey(event as KeyboardEvent),
      onscroll: () => schedule(),
      onfocus: () => element.classList.add('yc-vlist-focused'),
      onblur: () => element.classList.remove('yc-vlist-focused'),
    },
    headerGroup,
    body,
  );

  function viewportHeight(): number {
    return element.clientHeight || options.fallbackViewportHeight || 480;
  }

  function headerHeight(): number {
    return headerGroup ? headerGroup.offsetHeight : 0;
  }

  function rowId(index: number): string {
    return `${id}-row-${index}`;
  }

  /** Which item each row element in the DOM (or in the pool) currently shows. */
  const shown = new WeakMap<HTMLElement, { item: T; index: number }>();
  /** Detached rows waiting to be reused. */
  const pool: HTMLElement[] = [];

  function rowClassName(item: T, index: number): string {
    const extra = options.rowClass?.(item, index);
    return `yc-vlist-row${extra ? ` ${extra}` : ''}${index === active ? ' yc-vlist-active' : ''}`;
  }

  function setCells(row: HTMLElement, item: T, index: number): void {
    const content = options.renderRow(item, index);
    render(row, content);
  }

  /** Points `row` at `index` and makes it show `items[index]`, touching only what changed. */
  function fill(row: HTMLElement, index: number): void {
    const item = items[index];
    const before = shown.get(row);
    if (!before || before.index !== index) {
      row.id = rowId(index);
      row.setAttribute('aria-rowindex', String(index + 1 + headerRows));
      row.setAttribute('data-index', String(index));
      row.style.top = `${index * rowHeight}px`;
    }
    if (!before) setCells(row, item, index);
    else if (before.item !== item && !options.updateRow?.(row, item, before.item, index)) setCells(row, item, index);
    const className = rowClassName(item, index);
    if (row.className !== className) row.className = className;
    const selected = index === active ? 'true' : 'false';
    if (row.getAttribute('aria-selected') !== selected) row.setAttribute('aria-selected', selected);
    shown.set(row, { item, index });
  }

  function takeRow(index: number): HTMLElement {
    let row = pool.pop();
    if (!row) {
      const created = h('div', { role: 'row', style: `position:absolute;left:0;right:0;height:${rowHeight}px` });
      created.addEventListener('click', () => {
        const at = shown.get(created)?.index;
        if (at !== undefined) setActive(at);
      });
      row = created;
    }
    fill(row, index);
    return row;
  }

  function release(index: number, row: HTMLElement): void {
    row.remove();
    rendered.delete(index);
    pool.push(row);
  }

  /** The rows [start, end) around the scroll position, plus the active row. */
  function update(): void {
    frame = 0;
    const top = Math.max(0, element.scrollTop - headerHeight());
    const start = Math.max(0, Math.floor(top / rowHeight) - overscan);
    const end = Math.min(items.length, Math.ceil((top + viewportHeight()) / rowHeight) + overscan);
    range = { start, end };
    const wanted = (index: number): boolean => (index >= start && index < end) || index === active;
    for (const [index, row] of rendered) {
      if (!wanted(index)) release(index, row);
    }
    const indexes: number[] = [];
    for (let index = start; index < end; index++) indexes.push(index);
    if (active >= 0 && (active < start || active >= end)) indexes.push(active);
    for (const index of indexes) {
      if (rendered.has(index)) continue;
      const row = takeRow(index);
      rendered.set(index, row);
      body.appendChild(row);
    }
  }

  function schedule(): void {
    if (frame) return;
    frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(update) : (setTimeout(update, 0) as unknown as number);
  }

  function syncAria(): void {
    element.setAttribute('aria-rowcount', String(items.length + headerRows));
    if (active >= 0) element.setAttribute('aria-activedescendant', rowId(active));
    else element.removeAttribute('aria-activedescendant');
    body.style.height = `${items.length * rowHeight}px`;
  }

  function clearRows(): void {
    for (const row of rendered.values()) row.remove();
    rendered.clear();
    pool.length = 0;
  }

  function scrollIntoView(index: number): void {
    const offset = headerHeight();
    const top = index * rowHeight;
    const view = viewportHeight() - offset;
    const scrollTop = element.scrollTop;
    if (top < scrollTop) element.scrollTop = top;
    else if (top + rowHeight > scrollTop + view) element.scrollTop = top + rowHeight - view;
  }

  function setActive(index: number, opts: { focus?: boolean } = {}): void {
    if (!items.length) return;
    const next = Math.max(0, Math.min(items.length - 1, index));
    const previous = active;
    active = next;
    for (const i of [previous, next]) {
      const row = rendered.get(i);
      if (row) fill(row, i);
    }
    scrollIntoView(next);
    syncAria();
    update();
    if (opts.focus) element.focus();
    if (previous !== next) options.onActiveChange?.(items[next], next);
  }

  function move(delta: number, opts: { focus?: boolean } = {}): number {
    if (!items.length) return -1;
    setActive((active < 0 ? 0 : active) + delta, opts);
    return active;
  }

  function onKey(event: KeyboardEvent): void {
    if (event.target !== element || event.altKey || event.ctrlKey || event.metaKey) return;
    const page = Math.max(1, Math.floor(viewportHeight() / rowHeight) - 1);
    const moves: Record<string, () => void> = {
      ArrowDown: () => move(1),
      j: () => move(1),
      ArrowUp: () => move(-1),
      k: () => move(-1),
      PageDown: () => move(page),
      PageUp: () => move(-page),
      Home: () => setActive(0),
      End: () => setActive(items.length - 1),
      Enter: () => {
        if (active >= 0) options.onActivate?.(items[active], active);
      },
    };
    const action = moves[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  syncAria();
  update();

  return {
    element,
    setItems(next) {
      items = next;
      active = items.length ? Math.min(Math.max(active, 0), items.length - 1) : -1;
      if (element.scrollTop > items.length * rowHeight) element.scrollTop = 0;
      // Rows past the new end go to the pool; the rest are refilled in place by update().
      for (const [index, row] of rendered) {
        if (index < items.length) fill(row, index);
        else release(index, row);
      }
      syncAria();
      update();
    },
    setActive,
    move,
    activeIndex: () => active,
    renderedRange: () => ({ ...range }),
    focus: () => element.focus(),
    destroy() {
      if (frame) {
        if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
        clearTimeout(frame);
      }
      clearRows();
      element.remove();
    },
  };
}
