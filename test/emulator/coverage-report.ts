/** `npm run coverage:emulator`: probes a seeded emulator and writes docs/emulator-coverage.md and the README table (see coverage.ts). */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { coverageTable, probe, renderReport } from './coverage';
import { createEmulator } from './helpers';

export const REPORT_FILE = join(__dirname, '..', '..', 'docs', 'emulator-coverage.md');
export const README_FILE = join(__dirname, '..', '..', 'README.md');
const START = '<!-- emulator-coverage:start -->';
const END = '<!-- emulator-coverage:end -->';

/** README with the table between its markers replaced by `table`. */
export function readmeWithTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}

async function main(): Promise<void> {
  const emulator = await createEmulator();
  try {
    const results = await probe(emulator);
    const table = coverageTable(results);
    writeFileSync(REPORT_FILE, renderReport(results));
    writeFileSync(README_FILE, readmeWithTable(readFileSync(README_FILE, 'utf8'), table));
    process.stdout.write(`${table}\n\nwrote ${REPORT_FILE} and the table in ${README_FILE}\n`);
  } finally {
    await emulator.dispose();
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
