/** @jest-environment jsdom */
/**
 * Every surface settles whatever optional field a real server leaves out or sends as null (issue 11,
 * deliverable 4). The answers are real-shaped (./real-server.ts); the optional fields come from the 9.2
 * OpenAPI document (`optionalFieldPaths`): every property its schemas do not list in `required`, plus the
 * fields real servers send beyond it. "Settles": no spinner left and content or an AUI message shown; for
 * a summary label, a label or a rejection it shows as "unavailable".
 *
 * Two passes per surface:
 * 1. every optional field alone, dropped and nulled (deterministic: finds any single field that breaks it);
 * 2. fast-check: random sets of 1–4 fields at once, across the page's pull request and every answer the
 *    surface reads, each dropped, null or empty (`""`, `[]`, `{}`). Seeds follow test/setup/fast-check.ts: a
 *    new draw per run unless FC_SEED pins one; a failure prints its seed and shrunk counterexample, and
 *    `FC_SEED=<seed>` replays it. FC_RUNS sets the number of runs (default below).
 */
import fc from 'fast-check';
import { validateResponse } from '../contract/openapi';
import { ROUTES, optionalFields, type Mode, type Mutation, type RouteName } from './real-server';
import { SURFACES, resetPage } from './surfaces';

const RUNS = Number.parseInt(process.env.FC_RUNS ?? '', 10) || 25;

jest.setTimeout(120_000);
beforeEach(resetPage);

describe('the real-shaped answers themselves', () => {
  it.each(Object.keys(ROUTES).filter((name) => name !== 'branchModel'))('%s is valid against the 9.2 document', (name) => {
    const route = ROUTES[name as RouteName];
    expect(validateResponse('GET', route.path, 200, route.body())).toEqual([]);
  });

  it.each(SURFACES.map((s) => [s.name, s] as const))('%s shows content from them, with no error and no unanswered request', async (_name, surface) => {
    const outcome = await surface.run([]);
    expect(outcome.problems).toEqual([]);
    expect(outcome.server.unmatched).toEqual([]);
    expect(outcome.errorMessages).toBe(0);
    expect(outcome.text).not.toBe('');
  });
});

/**
 * The fields the one-at-a-time pass visits: each distinct field once (`values.0.x` and `values.1.x` are one
 * field; so are the `links.self.0.href` inside every user, project and repository: `links` itself is kept).
 */
function distinctFields(pool: readonly Omit<Mutation, 'mode'>[]): Omit<Mutation, 'mode'>[] {
  const seen = new Set<string>();
  return pool.filter(({ route, path }) => {
    const linksAt = path.indexOf('links');
    if (linksAt >= 0 && linksAt < path.length - 1) return false;
    const signature = `${route}:${path.map((key) => (typeof key === 'number' ? '*' : key)).join('.')}`;
    if (seen.has(signature)) return false;
    seen.add(signature);
    return true;
  });
}

describe.each(SURFACES.map((s) => [s.name, s] as const))('%s settles', (_name, surface) => {
  const pool: Omit<Mutation, 'mode'>[] = surface.routes.flatMap((route) => optionalFields(route).map((path) => ({ route, path })));
  const sweepRoutes = new Set<RouteName>(surface.sweepRoutes ?? surface.routes);
  const distinct = distinctFields(pool.filter((field) => sweepRoutes.has(field.route)));

  // Surfaces without `sweep` get only the random pass below (the one-field sweep of every tab costs minutes).
  if (surface.sweep)
    it(`with any one of its ${distinct.length} distinct optional fields dropped or null`, async () => {
    const failures: string[] = [];
    for (const field of distinct) {
      for (const mode of ['drop', 'null'] as Mode[]) {
        resetPage();
        const { problems } = await surface.run([{ ...field, mode }]);
        if (problems.length) failures.push(`${mode} ${field.route}.${field.path.join('.')}: ${problems.join('; ')}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it(`with random sets of them dropped, null or empty (${RUNS} runs)`, async () => {
    const mutation = fc.record({ at: fc.nat({ max: pool.length - 1 }), mode: fc.constantFrom<Mode>('drop', 'null', 'empty') });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (picks) => {
        resetPage();
        const mutations = picks.map(({ at, mode }) => ({ ...pool[at], mode }));
        const { problems } = await surface.run(mutations);
        if (problems.length) throw new Error(`${problems.join('; ')} after ${mutations.map((m) => `${m.mode} ${m.route}.${m.path.join('.')}`).join(', ')}`);
      }),
      { numRuns: RUNS },
    );
  });
});
