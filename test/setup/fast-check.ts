/**
 * The one fast-check configuration of every suite. Properties draw new inputs on every run on purpose (a random
 * seed per test file) unless FC_SEED pins the seed: a failing property prints `{ seed: N, path: … }`, and
 * `FC_SEED=N npx jest <file>` replays it; CI may pin it the same way. `npm run mutate` pins it, so whether a
 * mutant is killed never depends on the draw.
 */
import fc from 'fast-check';

const pinned = process.env.FC_SEED;
if (pinned !== undefined && pinned !== '') {
  const seed = Number(pinned);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(pinned)}`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
