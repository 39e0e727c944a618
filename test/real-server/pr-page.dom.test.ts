/** @jest-environment jsdom */
/**
 * The PR-page surfaces over answers in the shapes real servers send (test/fixtures/real-server, provenance in
 * its README), through the real REST client: each shape must give the right content, not just "no crash".
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { failure } from '../properties/real-server';
import { SURFACES, resetPage, type Outcome, type Variation } from '../properties/surfaces';

const recorded = (file: string): unknown => JSON.parse(readFileSync(join(__dirname, '../fixtures/real-server', file), 'utf8'));

function surface(name: string) {
  const found = SURFACES.find((s) => s.name === name);
  if (!found) throw new Error(`no surface ${name}`);
  return found;
}

async function show(name: string, variation: Variation): Promise<Outcome & { dom: HTMLElement }> {
  resetPage();
  const outcome = await surface(name).run([], variation);
  expect(outcome.problems).toEqual([]);
  expect(outcome.server.unmatched).toEqual([]);
  return outcome as Outcome & { dom: HTMLElement };
}

const label = async (name: string, variation: Variation): Promise<string> => {
  resetPage();
  const outcome = await surface(name).run([], variation);
  expect(outcome.problems).toEqual([]);
  return outcome.text;
};

/** An older server end to end: every answer in its recorded shape. */
const OLDER_SERVER: Variation = {
  pullRequest: recorded('pull-request-minimal-refs.json'),
  answers: {
    branches: recorded('branches-latest-changeset-only.json'),
    containing: recorded('branches-latest-changeset-only.json'),
    branchModel: recorded('branch-model.json'),
    mergeStatus: recorded('merge-status-without-outcome.json'),
    builds: recorded('build-status-legacy.json'),
    headReports: recorded('insight-reports.json'),
    headAnnotations: recorded('annotations-with-total.json'),
    activities: recorded('activities-last-page-null-next.json'),
  },
};

describe('branch entries with `latestChangeset` only (issue 11: the label said "moved", the modal spun)', () => {
  it('the label does not claim the branch moved', async () => {
    // The recorded entry has no ahead/behind metadata: the plain label, not "moved since the PR".
    await expect(label('branch summary label', OLDER_SERVER)).resolves.toBe('Branch: feature/x');
  });

  it('the panel shows the branch at the PR head, the model category and the target named from its id', async () => {
    const { dom } = await show('branch panel', OLDER_SERVER);
    expect(dom.querySelector('[data-position]')?.getAttribute('data-position')).toBe('same');
    expect(dom.querySelector('[data-testid="yc-branch-source"] [data-category]')?.textContent).toBe('Feature');
    // `toRef` has no displayId in the recording: derived from refs/heads/main.
    expect(dom.querySelector('[data-testid="yc-branch-target"] code')?.textContent).toBe('main');
    expect(dom.querySelector('[data-testid="yc-branch-target"] [data-category]')?.textContent).toBe('Development');
    expect(dom.querySelector('[data-error-kind]')).toBeNull();
  });
});

describe('pull requests as recorded', () => {
  it('a PR without `properties`, displayIds or a target commit still feeds every surface', async () => {
    for (const name of ['merge panel', 'insights panel', 'comments panel', 'branch panel']) {
      const { dom } = await show(name, { pullRequest: recorded('pull-request-minimal-refs.json') });
      expect(dom.querySelector('[data-error-kind]')).toBeNull();
      expect(dom.textContent).not.toContain('Pull request unavailable');
    }
  });

  it('a Bitbucket 7 PR (properties.mergeResult, no draft, refs without type) gives the same merge readiness', async () => {
    const { dom } = await show('merge panel', { pullRequest: recorded('pull-request-bbs7.json'), answers: { mergeStatus: recorded('merge-status-vetoed-without-outcome.json') } });
    expect(dom.textContent).toContain('You may not merge after 6pm on a Friday.');
  });
});

describe('merge statuses without `outcome`', () => {
  it('canMerge:true is ready', async () => {
    await expect(label('merge summary label', OLDER_SERVER)).resolves.toBe('Merge: ready');
  });

  it('a veto without outcome is one blocker, not "checking"', async () => {
    await expect(label('merge summary label', { answers: { mergeStatus: recorded('merge-status-vetoed-without-outcome.json') } })).resolves.toBe('Merge: 1 blocker');
  });
});

describe('legacy build statuses', () => {
  it('are counted by state and listed by name, or by key when the row has no name', async () => {
    const { dom } = await show('merge panel', OLDER_SERVER);
    const text = dom.textContent ?? '';
    expect(text).toContain('Builds: 1 failed, 1 in progress, 1 successful');
    expect(text).toContain('WEB-DEPLOY'); // the row without `name`
    expect(text).toContain('#120 failed'); // the legacy description
  });
});

describe('insights as recorded (no link/logo, totalCount, line 0)', () => {
  it('label and panel show the failing report and its findings against the merge base', async () => {
    // The base's lint report has one finding elsewhere (test/rest/fixtures.ts): all 3 recorded ones are new.
    await expect(label('insights summary label', OLDER_SERVER)).resolves.toBe('Insights: 3 new \u00b7 1 fixed');
    const { dom } = await show('insights panel', OLDER_SERVER);
    expect(dom.textContent).toContain('Lint');
    expect(dom.textContent).toContain('Something wrong');
  });
});

describe('activities as recorded', () => {
  it('`nextPageStart: null` on the last page and emoticons without `value`: one request, emoji from the URL', async () => {
    await expect(label('comments summary label', OLDER_SERVER)).resolves.toBe('Top comment: 3 reactions');
    const { dom, server } = await show('comments panel', OLDER_SERVER);
    expect(dom.textContent).toContain('\u{1F440}'); // decoded from …/1f440.svg
    expect(server.requests.filter((r) => r.includes('/activities'))).toHaveLength(1);
  });

  it('`isLastPage:false` without `nextPageStart`: the panel stops after one page instead of looping', async () => {
    const { server, dom } = await show('comments panel', { answers: { activities: recorded('activities-not-last-without-next.json') } });
    expect(server.requests.filter((r) => r.includes('/activities'))).toHaveLength(1);
    expect(dom.querySelector('[data-testid="yc-comments-empty"]')).not.toBeNull();
  });
});

describe('error envelopes with `context: null` and `exceptionName: null`', () => {
  it('a 401 on the builds leaves the other merge checks and explains the builds one', async () => {
    const { dom } = await show('merge panel', { answers: { builds: failure(401, recorded('error-401-null-exception.json')) } });
    expect(dom.querySelectorAll('[data-error-kind="unauthorized"]')).toHaveLength(1);
    expect(dom.textContent).toContain('Not enough approvals'); // the merge check still rendered
  });

  it('a 401 on the merge status: the label is "unavailable", the panel explains it', async () => {
    resetPage();
    const outcome = await surface('merge summary label').run([], { answers: { mergeStatus: failure(401, recorded('error-401-null-exception.json')) } });
    expect(outcome.problems).toEqual([]);
    expect(outcome.errorMessages).toBe(1);
    const { dom } = await show('merge panel', { answers: { mergeStatus: failure(401, recorded('error-401-null-exception.json')) } });
    expect(dom.querySelector('[data-error-kind="unauthorized"]')).not.toBeNull();
  });

  it('a 404 with `context: "reportKey"` on the reports: the insights panel says what is missing', async () => {
    const { dom } = await show('insights panel', { answers: { headReports: failure(404, recorded('error-404-report-key.json')) } });
    expect(dom.querySelector('[data-error-kind="not-found"]')?.textContent).toContain('No report found with key: com.example.lint');
  });
});
