/** @jest-environment jsdom */
import { h } from '../../frontend/ui/dom';
import { virtualList } from '../../frontend/ui-widgets/virtual-list';

interface Item {
  n: number;
  label: string;
}

const items = (count: number): Item[] => Array.from({ length: count }, (_, n) => ({ n, label: `item ${n}` }));

function press(target: HTMLElement, key: string): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
}

function setup(count: number, extra: Partial<Parameters<typeof virtualList<Item>>[0]> = {}) {
  const activated: number[] = [];
  const list = virtualList<Item>({
    items: items(count),
    rowHeight: 30,
    label: 'Things',
    fallbackViewportHeight: 300,
    overscan: 5,
    header: [h('div', { role: 'columnheader' }, 'Label')],
    renderRow: (item) => h('div', { role: 'gridcell' }, item.label),
    onActivate: (_item, index) => activated.push(index),
    ...extra,
  });
  document.body.appendChild(list.element);
  return { list, activated, rows: () => list.element.querySelectorAll('.yc-vlist-body [role="row"]') };
}

afterEach(() => {
  document.body.textContent = '';
});

describe('virtualList', () => {
  it('keeps the DOM bounded at 10 000 items and exposes the full row count', () => {
    const { list, rows } = setup(10000);
    expect(rows().length).toBeLessThanOrEqual(10 + 1 + 2 * 5);
    expect(rows().length).toBeGreaterThan(5);
    expect(list.element.getAttribute('role')).toBe('grid');
    expect(list.element.getAttribute('aria-rowcount')).toBe('10001');
    const first = rows()[0] as HTMLElement;
    expect(first.getAttribute('aria-rowindex')).toBe('2');
    expect((list.element.querySelector('.yc-vlist-body') as HTMLElement).style.height).toBe('300000px');
  });

  it('renders the window around the scroll position', () => {
    const { list, rows } = setup(10000);
    list.element.scrollTop = 30 * 5000;
    list.element.dispatchEvent(new Event('scroll'));
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        const indexes = [...rows()].map((r) => Number(r.getAttribute('data-index')));
        expect(indexes).toContain(5000);
        expect(indexes).toContain(0); // the active row stays rendered for aria-activedescendant
        expect(rows().length).toBeLessThanOrEqual(22);
        expect(list.renderedRange().start).toBe(4995);
        resolve();
      }, 50);
    });
  });

  it('moves with j/k and arrows, jumps with Home/End, activates with Enter', () => {
    const { list, activated } = setup(100);
    const grid = list.element;
    press(grid, 'j');
    press(grid, 'ArrowDown');
    expect(list.activeIndex()).toBe(2);
    press(grid, 'k');
    expect(list.activeIndex()).toBe(1);
    expect(grid.getAttribute('aria-activedescendant')).toBe(grid.querySelector('[data-index="1"]')!.id);
    expect(grid.querySelector('[data-index="1"]')!.getAttribute('aria-selected')).toBe('true');
    press(grid, 'End');
    expect(list.activeIndex()).toBe(99);
    expect(grid.querySelector('[data-index="99"]')).not.toBeNull();
    expect(grid.scrollTop).toBeGreaterThan(0);
    press(grid, 'Enter');
    expect(activated).toEqual([99]);
    press(grid, 'Home');
    press(grid, 'ArrowUp');
    expect(list.activeIndex()).toBe(0);
    expect(press(grid, 'x').defaultPrevented).toBe(false);
  });

  it('ignores keys typed into controls inside rows', () => {
    const { list } = setup(10, { renderRow: (item) => h('div', { role: 'gridcell' }, h('a', { href: '/x' }, item.label)) });
    const link = list.element.querySelector('a')!;
    press(link, 'j');
    expect(list.activeIndex()).toBe(0);
  });

  it('replaces items, clamps the active row and handles an empty list', () => {
    const { list, rows } = setup(50);
    list.setActive(40);
    list.setItems(items(10));
    expect(list.activeIndex()).toBe(9);
    expect(list.element.getAttribute('aria-rowcount')).toBe('11');
    list.setItems([]);
    expect(list.activeIndex()).toBe(-1);
    expect(rows().length).toBe(0);
    expect(list.element.hasAttribute('aria-activedescendant')).toBe(false);
    expect(list.move(1)).toBe(-1);
  });

  it('recycles row elements: a new item list refills the rows in place, rows showing the same item are left alone', () => {
    const all = items(100);
    const built: number[] = [];
    const { list, rows } = setup(0, { items: all, renderRow: (item) => (built.push(item.n), h('div', { role: 'gridcell' }, item.label)) });
    const before = [...rows()];
    expect(before.length).toBeGreaterThan(5);
    built.length = 0;
    // Same items for the first three rows, then others: the elements stay, only changed rows get new cells.
    const next = [all[0], all[1], all[2], ...all.slice(50)];
    list.setItems(next);
    const after = [...rows()];
    expect(after).toEqual(before);
    expect(built).toEqual(next.slice(3, before.length).map((item) => item.n));
    expect(after.map((row) => row.textContent)).toEqual(next.slice(0, before.length).map((item) => item.label));
    expect(after.map((row) => row.getAttribute('data-index'))).toEqual(before.map((_, i) => String(i)));
    // Clicking a recycled row activates the index it shows now.
    (after[4] as HTMLElement).click();
    expect(list.activeIndex()).toBe(4);
    expect(after[4].getAttribute('aria-selected')).toBe('true');
    expect(after[4].classList.contains('yc-vlist-active')).toBe(true);
    expect(after[0].classList.contains('yc-vlist-active')).toBe(false);
  });

  it('uses updateRow to patch a recycled row, and renderRow when updateRow declines', () => {
    const patched: [number, number][] = [];
    const { list, rows } = setup(30, {
      updateRow: (row, item, previous) => {
        if (item.n % 2) return false;
        patched.push([previous.n, item.n]);
        row.querySelector('[role="gridcell"]')!.textContent = `patched ${item.n}`;
        return true;
      },
    });
    list.setItems(items(30).map((item) => ({ ...item, n: item.n + 100, label: `new ${item.n}` })));
    const texts = [...rows()].map((row) => row.textContent);
    expect(texts[0]).toBe('patched 100');
    expect(texts[1]).toBe('new 1');
    expect(patched[0]).toEqual([0, 100]);
  });

  it('scrolling reuses the rows that left the window', () => {
    const { list, rows } = setup(1000);
    const before = new Set(rows());
    list.element.scrollTop = 30 * 500;
    list.element.dispatchEvent(new Event('scroll'));
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        const now = [...rows()];
        expect(now.filter((row) => before.has(row)).length).toBe(before.size);
        expect(now.map((r) => Number(r.getAttribute('data-index')))).toContain(500);
        resolve();
      }, 50);
    });
  });

  it('destroy removes the grid', () => {
    const { list } = setup(10);
    list.destroy();
    expect(document.querySelector('[role="grid"]')).toBeNull();
  });
});
