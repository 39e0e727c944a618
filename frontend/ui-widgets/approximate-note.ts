/** The note that says which files' findings were matched without the diff (so their counts are approximate), and why. */
import { I18n } from 'yourcompany/host';
import { auiMessage, h } from 'yourcompany/ui';
import { explainError } from './error-message';

/** Files named before "and N more": the note stays a few lines however large the pull request. */
export const NOTE_FILES = 5;

export interface ApproximateMatching {
  /** Paths matched without the diff, sorted; empty when every count is exact. */
  files: string[];
  /** Whether a readable diff was used at all. */
  diff: boolean;
  /** Why the diff could not be read, when it could not. */
  error?: unknown;
}

/** An AUI info message, or null when nothing was matched approximately. */
export function approximateNote(matching: ApproximateMatching): HTMLElement | null {
  if (matching.files.length === 0) return null;
  const why =
    matching.error !== undefined
      ? I18n.getText('yourcompany.matching.approximate.failed', explainError(matching.error).title)
      : matching.diff
        ? I18n.getText('yourcompany.matching.approximate.partial')
        : I18n.getText('yourcompany.matching.approximate.unreadable');
  const shown = matching.files.slice(0, NOTE_FILES);
  const more = matching.files.length - shown.length;
  const note = auiMessage(
    'info',
    I18n.getText('yourcompany.matching.approximate.title'),
    why,
    h('ul', { class: 'yc-approximate-files' }, shown.map((file) => h('li', null, h('code', null, file))), more > 0 ? h('li', null, I18n.getText('yourcompany.matching.approximate.more', more)) : null),
  );
  note.classList.add('yc-approximate-note');
  return note;
}
