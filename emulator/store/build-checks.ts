/** Build merge checks: the repository's "minimum successful builds" setting and required-builds conditions. */
import type { MergeVeto, Store } from './store';
import { refMatches } from './reviewers';
import type { PullRequestRecord, RepositoryRecord } from './types';

export function buildVetoes(store: Store, repo: RepositoryRecord, pr: PullRequestRecord): MergeVeto[] {
  const vetoes: MergeVeto[] = [];
  const builds = store.data.builds.filter((b) => b.commitId === pr.fromCommit && (b.repositoryId === repo.id || b.repositoryId === null));
  const successful = (key: string) => builds.some((b) => (b.key === key || b.parent === key) && b.state === 'SUCCESSFUL');
  const settings = store.admin.pullRequestSettings.find((s) => s.scope.type === 'REPOSITORY' && s.scope.repositoryId === repo.id);
  const minimum = settings?.requiredSuccessfulBuilds ?? 0;
  const count = new Set(builds.filter((b) => b.state === 'SUCCESSFUL').map((b) => b.key)).size;
  if (minimum > 0 && count < minimum)
    vetoes.push({ summaryMessage: 'Not enough successful builds', detailedMessage: `This pull request needs ${minimum} successful build${minimum === 1 ? '' : 's'} on its latest commit; it has ${count}.` });
  for (const condition of store.admin.requiredBuilds.filter((c) => c.repositoryId === repo.id)) {
    if (!refMatches(repo, condition.refMatcher, pr.toBranch)) continue;
    if (condition.exemptRefMatcher && refMatches(repo, condition.exemptRefMatcher, pr.fromBranch)) continue;
    const missing = condition.buildParentKeys.filter((key) => !successful(key));
    if (missing.length)
      vetoes.push({ summaryMessage: 'Required builds have not succeeded', detailedMessage: `The required build${missing.length === 1 ? '' : 's'} ${missing.join(', ')} must succeed on the latest commit before this pull request can be merged.` });
  }
  return vetoes;
}
