/** @jest-environment jsdom */
import { approximateNote, NOTE_FILES } from '../../frontend/ui-widgets/approximate-note';
import { resetFakeHost } from '../fake-host/state';
import { axeViolations, renderInto } from '../support/dom';
import { HOSTILE_MARKUP } from '../support/wire';
import { restError } from '../insights-panel/fixtures';

beforeEach(() => resetFakeHost({ contextPath: '/bitbucket' }));

const files = (n: number) => Array.from({ length: n }, (_, i) => `src/file-${i + 1}.ts`);
const listed = (note: HTMLElement | null) => Array.from(note?.querySelectorAll('.yc-approximate-files li') ?? []).map((li) => li.textContent);

describe('approximateNote', () => {
  it('is absent when every count is exact', () => {
    expect(approximateNote({ files: [], diff: true })).toBeNull();
    expect(approximateNote({ files: [], diff: false, error: restError('server', 500) })).toBeNull();
  });

  it('names the first files and counts the rest', () => {
    const note = approximateNote({ files: files(NOTE_FILES + 2), diff: true });
    expect(note?.classList.contains('aui-message-info')).toBe(true);
    expect(note?.querySelector('.title')?.textContent).toBe('Some counts are approximate');
    expect(listed(note)).toEqual([...files(NOTE_FILES), 'and 2 more files']);
    expect(listed(approximateNote({ files: files(NOTE_FILES + 1), diff: true }))).toContain('and 1 more file');
    expect(listed(approximateNote({ files: files(2), diff: true }))).toEqual(files(2));
  });

  it('says why: a diff cut short or missing files, an unusable diff, or a diff that could not be read', () => {
    expect(approximateNote({ files: files(1), diff: true })?.textContent).toContain('The diff of these files was too large or is missing');
    expect(approximateNote({ files: files(1), diff: false })?.textContent).toContain('The diff could not be used');
    const refused = approximateNote({ files: files(1), diff: false, error: restError('forbidden', 403) });
    expect(refused?.textContent).toContain('The diff could not be read (');
    expect(refused?.textContent).not.toContain('could not be used');
  });

  it('shows hostile paths as inert text and is axe-clean', async () => {
    const container = renderInto();
    const note = approximateNote({ files: [HOSTILE_MARKUP, 'src/a.ts'], diff: true })!;
    container.append(note);
    expect(note.querySelector('img, script')).toBeNull();
    expect(listed(note)[0]).toBe(HOSTILE_MARKUP);
    expect(await axeViolations(container)).toEqual([]);
  });
});
