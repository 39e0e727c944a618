/**
 * `yourcompany/ui-widgets`: the building blocks only modals and the viewer use — the windowed list, the
 * inline confirmation, REST error messages and the small view pieces — kept out of `yourcompany/ui` so the
 * PR page loads none of them before a modal opens.
 */
export { confirmInline } from './confirm';
export type { ConfirmOptions } from './confirm';
export { virtualList } from './virtual-list';
export type { VirtualList, VirtualListOptions } from './virtual-list';
export { errorMessage, explainError } from './error-message';
export type { ErrorLike, ExplainedError } from './error-message';
export { externalLink, keyValueList, sectionHeading } from './view';
export { approximateNote, NOTE_FILES } from './approximate-note';
export type { ApproximateMatching } from './approximate-note';
