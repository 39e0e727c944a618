/** The vendored OpenAPI document is exactly the one vendor/README.md names (source commit and sha256). */
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { SPEC_FILE, SPEC_SHA256 } from './openapi';

describe('vendored OpenAPI document', () => {
  it('lives inside the repository and matches its pinned sha256', () => {
    const repoRoot = join(__dirname, '..', '..');
    expect(SPEC_FILE.startsWith(repoRoot)).toBe(true);
    const digest = createHash('sha256').update(readFileSync(SPEC_FILE)).digest('hex');
    expect(digest).toBe(SPEC_SHA256);
  });

  it('is named with the same sha256 in its note', () => {
    const note = readFileSync(join(__dirname, 'vendor', 'README.md'), 'utf8');
    expect(note).toContain(SPEC_SHA256);
  });
});
