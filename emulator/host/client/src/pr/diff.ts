/** A unified diff table from the REST diff JSON (`{diffs:[{hunks:[{segments:[{type,lines}]}]}]}`). */
import { el } from '../dom';
import type { DiffJson } from './types';

const SEGMENT_CLASS: Record<string, string> = { ADDED: 'diff-line-added', REMOVED: 'diff-line-removed', CONTEXT: 'diff-line-context' };
const MARK: Record<string, string> = { ADDED: '+', REMOVED: '-', CONTEXT: ' ' };

export function renderDiff(diffs: unknown[]): HTMLElement {
  const list = diffs as DiffJson[];
  if (list.length === 0) return el('p', null, 'No differences.');
  return el(
    'div',
    { class: 'diff-files' },
    list.map((diff) => {
      if (diff.binary) return el('p', { class: 'diff-binary' }, 'Binary file — no text diff.');
      const rows: HTMLElement[] = [];
      for (const hunk of diff.hunks ?? []) {
        rows.push(el('tr', { class: 'diff-hunk-header' }, el('td', { class: 'diff-line-number', 'aria-hidden': 'true' }), el('td', { class: 'diff-line-number', 'aria-hidden': 'true' }), el('td', { class: 'diff-code' }, `@@ -${hunk.sourceLine ?? 0},${hunk.sourceSpan ?? 0} +${hunk.destinationLine ?? 0},${hunk.destinationSpan ?? 0} @@${hunk.context ? ` ${hunk.context}` : ''}`)));
        for (const segment of hunk.segments ?? []) {
          const type = segment.type ?? 'CONTEXT';
          for (const line of segment.lines ?? []) {
            rows.push(
              el(
                'tr',
                { class: SEGMENT_CLASS[type] ?? '', 'data-segment-type': type },
                el('td', { class: 'diff-line-number' }, type === 'ADDED' ? '' : String(line.source ?? '')),
                el('td', { class: 'diff-line-number' }, type === 'REMOVED' ? '' : String(line.destination ?? '')),
                el('td', { class: 'diff-code' }, el('span', { class: 'diff-mark', 'aria-hidden': 'true' }, MARK[type] ?? ' '), line.line ?? ''),
              ),
            );
          }
        }
      }
      return el(
        'table',
        { class: 'diff-table', 'aria-label': `Diff of ${diff.destination?.toString ?? diff.source?.toString ?? ''}` },
        el('thead', { class: 'assistive' }, el('tr', null, el('th', { scope: 'col' }, 'Old line'), el('th', { scope: 'col' }, 'New line'), el('th', { scope: 'col' }, 'Code'))),
        el('tbody', null, rows),
        diff.truncated ? el('caption', null, 'This diff is truncated.') : null,
      );
    }),
  );
}
