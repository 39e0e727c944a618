/**
 * Emulator coverage of the 9.2 document (test/emulator/coverage.ts): every in-scope operation is called on a
 * seeded emulator; the in-scope GET coverage must stay ≥ 90%, every served answer must be spec-valid, and
 * docs/emulator-coverage.md (linked from the README) must be what `npm run coverage:emulator` writes.
 */
import { readFileSync } from 'fs';
import { coverageTable, isRouteLevelNotFound, operations, probe, renderReport, summarise, type ProbeResult } from './coverage';
import { README_FILE, REPORT_FILE, readmeWithTable } from './coverage-report';
import { call, createEmulator, type TestEmulator } from './helpers';
import { problems } from './spec-problems';

jest.setTimeout(120000);

let emulator: TestEmulator;
let results: ProbeResult[];

beforeAll(async () => {
  emulator = await createEmulator();
  results = await probe(emulator);
});
afterAll(() => emulator.dispose());

describe('emulator coverage of the 9.2 OpenAPI document', () => {
  test('prints served / in scope per module', () => {
    process.stdout.write(`\n${coverageTable(results)}\n`);
    const { total } = summarise(results);
    expect(total.getInScope).toBe(operations().filter((o) => !o.outOfScope && o.method === 'GET').length);
    expect(total.getInScope).toBeGreaterThan(100);
  });

  test('in-scope GET coverage is at least 90%', () => {
    const { total } = summarise(results);
    const missing = results.filter((r) => r.entry.method === 'GET' && !r.served).map((r) => `${r.entry.method} ${r.entry.template} (${r.status ?? r.note})`);
    if (total.getServed / total.getInScope < 0.9) expect(missing).toEqual([]); // lists what is missing
    expect(total.getServed / total.getInScope).toBeGreaterThanOrEqual(0.9);
  });

  test('every served answer is valid against the document', () => {
    expect(results.flatMap((r) => r.problems.map((p) => `${r.entry.method} ${r.url}: ${p}`))).toEqual([]);
    // The same check fails on a wrong shape, so it is not vacuous for the new resources.
    const tags = results.find((r) => r.entry.operationId === 'getTags')!;
    expect(problems('GET', tags.url!, 200, { values: [{ id: 5, type: 'LABEL' }], isLastPage: 'yes' }).length).toBeGreaterThan(0);
  });

  test('admin, migration, mesh, logging, secret-scanning, signing and rate-limit resources are out of scope with a reason', () => {
    const out = operations().filter((o) => o.outOfScope);
    for (const path of ['/api/latest/admin/groups', '/api/latest/admin/git/mesh/nodes', '/api/latest/migration/exports/{jobId}', '/api/latest/logs/rootLogger', '/api/latest/projects/{projectKey}/secret-scanning/rules', '/api/latest/signing/x509-certificates', '/api/latest/admin/rate-limit/settings']) {
      expect(out.find((o) => o.template === path)?.outOfScope).toEqual(expect.any(String));
    }
    expect(operations().find((o) => o.template === '/api/latest/projects/{projectKey}/repos/{repositorySlug}/tags' && o.method === 'GET')?.outOfScope).toBeUndefined();
  });

  test('the probe tells a route that is not served from a missing entity, and really calls the routes', async () => {
    const unrouted = await call(emulator, 'GET', '/rest/api/latest/projects/ACME/repos/web-app/no-such-resource');
    const unknownModule = await call(emulator, 'GET', '/rest/no-such-module/latest/things');
    const missingEntity = await call(emulator, 'GET', '/rest/api/latest/projects/ACME/repos/web-app/pull-requests/9999');
    expect([unrouted.status, unknownModule.status, missingEntity.status]).toEqual([404, 404, 404]);
    expect([isRouteLevelNotFound(unrouted), isRouteLevelNotFound(unknownModule), isRouteLevelNotFound(missingEntity)]).toEqual([true, true, false]);
    const pr = results.find((r) => r.entry.operationId === 'get_3')!;
    expect(pr).toMatchObject({ served: true, status: 200, url: '/rest/api/latest/projects/ACME/repos/web-app/pull-requests/1' });
    // A GET that answers an error on the seed is not counted, whatever its route.
    expect(results.filter((r) => r.entry.method === 'GET' && r.served).every((r) => r.status! >= 200 && r.status! < 300)).toBe(true);
  });

  test('docs/emulator-coverage.md and the README table are up to date (npm run coverage:emulator)', () => {
    expect(readFileSync(REPORT_FILE, 'utf8')).toBe(renderReport(results));
    const readme = readFileSync(README_FILE, 'utf8');
    expect(readme).toBe(readmeWithTable(readme, coverageTable(results)));
  });
});
