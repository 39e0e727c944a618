/**
 * @jest-environment @stryker-mutator/jest-runner/jest-env/jsdom
 *
 * jsdom, wrapped by Stryker so `npm run mutate` sees which test reaches which mutant (a docblock wins over the
 * runner's own environment); outside Stryker it is plain jest-environment-jsdom.
 */
import { downloadText } from '../../frontend/viewer/export';

describe('downloadText', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('clicks a hidden temporary <a download> on a Blob URL of the text, then removes it and frees the URL', async () => {
    jest.useFakeTimers();
    const blobs: Blob[] = [];
    const create = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:http://localhost/1234';
    });
    const revoke = jest.fn();
    Object.assign(URL, { createObjectURL: create, revokeObjectURL: revoke });
    const clicked: { download: string; href: string | null; hidden: boolean; attached: boolean }[] = [];
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.getAttribute('href'), hidden: this.hasAttribute('hidden'), attached: document.body.contains(this) });
    });

    downloadText(document, 'insights-P-r-abc.csv', 'a,b\r\n', 'text/csv;charset=utf-8');

    expect(clicked).toEqual([{ download: 'insights-P-r-abc.csv', href: 'blob:http://localhost/1234', hidden: true, attached: true }]);
    expect(document.querySelectorAll('a')).toHaveLength(0);
    expect(blobs).toHaveLength(1);
    expect(blobs[0].type).toBe('text/csv;charset=utf-8');
    expect(revoke).not.toHaveBeenCalled(); // the browser reads the URL after the click returns
    jest.runAllTimers();
    expect(revoke).toHaveBeenCalledWith('blob:http://localhost/1234');
    jest.useRealTimers();
    const text = await new Promise<unknown>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.readAsText(blobs[0]);
    });
    expect(text).toBe('a,b\r\n');
  });
});
