/**
 * `yourcompany/ui-widgets`: the interactive building blocks only modals and the viewer use — the windowed
 * list and the inline confirmation — kept out of `yourcompany/ui` so the PR page loads neither before a
 * modal opens.
 */
export { confirmInline } from './confirm';
export type { ConfirmOptions } from './confirm';
export { virtualList } from './virtual-list';
export type { VirtualList, VirtualListOptions } from './virtual-list';
