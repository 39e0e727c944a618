/** `npm run coverage:emulator`: probes a seeded emulator and writes docs/emulator-coverage.md (see coverage.ts). */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { coverageTable, probe, renderReport } from './coverage';
import { createEmulator } from './helpers';

export const REPORT_FILE = join(__dirname, '..', '..', 'docs', 'emulator-coverage.md');

async function main(): Promise<void> {
  const emulator = await createEmulator();
  try {
    const results = await probe(emulator);
    writeFileSync(REPORT_FILE, renderReport(results));
    process.stdout.write(`${coverageTable(results)}\n\nwrote ${REPORT_FILE}\n`);
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
