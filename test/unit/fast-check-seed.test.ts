import fc from 'fast-check';

describe('fast-check configuration (test/setup/fast-check.ts)', () => {
  it('uses the seed FC_SEED pins, else lets fast-check draw one per run', () => {
    const pinned = process.env.FC_SEED;
    expect(fc.readConfigureGlobal().seed).toBe(pinned ? Number(pinned) : undefined);
  });

  it('reports the seed of a failing property, so the failure can be replayed', () => {
    const details = fc.check(fc.property(fc.integer(), (n) => n < 0));
    expect(details.failed).toBe(true);
    expect(fc.defaultReportMessage(details)).toMatch(/seed: -?\d+/);
  });
});
