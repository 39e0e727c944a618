/**
 * Default reviewers (Bitbucket's default-reviewers module): conditions scoped to a project or one repository
 * say "pull requests from refs matching S to refs matching T get reviewers R, and need N of their approvals".
 * Creating a pull request adds the reviewers of every matching condition; `requiredApprovals` is a merge check.
 */
import type { MergeVeto, Store } from './store';
import type { BranchCategory, DefaultReviewerConditionRecord, PullRequestRecord, RefMatcherRecord, RefMatcherType, RepositoryRecord } from './types';

export const ANY_REF_MATCHER_ID = 'ANY_REF_MATCHER_ID';
export const MATCHER_TYPE_NAMES: Record<RefMatcherType, string> = {
  ANY_REF: 'Any branch',
  BRANCH: 'Branch',
  PATTERN: 'Pattern',
  MODEL_CATEGORY: 'Branching model category',
  MODEL_BRANCH: 'Branching model branch',
};
export const MODEL_CATEGORIES: BranchCategory[] = ['BUGFIX', 'FEATURE', 'HOTFIX', 'RELEASE'];
export const MODEL_BRANCHES = ['development', 'production'] as const;

/**
 * Bitbucket's branch pattern syntax (the one its branch permissions use): `?` one character and `*` any
 * characters within a path segment, `**` any number of segments, a trailing `/` means `/**`. A pattern
 * that does not start with `refs/` also matches inside a namespace: `hotfix-*` matches `stable/hotfix-1`.
 */
export function patternToRegExp(pattern: string): RegExp {
  let glob = pattern.trim();
  if (glob.endsWith('/')) glob += '**';
  let body = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        body += '(?:[^/]+/)*';
      } else body += '.*';
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return glob.startsWith('refs/') ? new RegExp(`^${body}$`) : new RegExp(`^refs/heads/(?:[^/]+/)*${body}$`);
}

function modelBranchName(repo: RepositoryRecord, which: string): string | undefined {
  const model = repo.branchModel;
  if (!model) return undefined;
  const setting = which === 'development' ? model.development : which === 'production' ? model.production : null;
  if (!setting) return undefined;
  return setting.useDefault || !setting.refId ? repo.defaultBranch : setting.refId.replace(/^refs\/heads\//, '');
}

/** Whether branch `name` of `repo` matches; branch-model matchers never match in a repository without a model. */
export function refMatches(repo: RepositoryRecord, matcher: RefMatcherRecord, name: string): boolean {
  const refId = `refs/heads/${name}`;
  switch (matcher.type) {
    case 'ANY_REF':
      return true;
    case 'BRANCH':
      return matcher.id === refId || matcher.id === name;
    case 'PATTERN':
      return patternToRegExp(matcher.id).test(refId);
    case 'MODEL_BRANCH':
      return modelBranchName(repo, matcher.id) === name;
    case 'MODEL_CATEGORY': {
      const type = repo.branchModel?.types.find((t) => t.id === matcher.id && t.enabled);
      return !!type && !!type.prefix && name.startsWith(type.prefix);
    }
  }
}

/** The conditions that apply to `repo`: its project's first, then its own, each in creation order. */
export function conditionsOf(store: Store, repo: RepositoryRecord): DefaultReviewerConditionRecord[] {
  const all = store.data.defaultReviewers;
  return [
    ...all.filter((c) => c.scope.type === 'PROJECT' && c.scope.projectKey === repo.projectKey),
    ...all.filter((c) => c.scope.type === 'REPOSITORY' && c.scope.repositoryId === repo.id),
  ];
}

export function matchingConditions(store: Store, repo: RepositoryRecord, fromBranch: string, toBranch: string): DefaultReviewerConditionRecord[] {
  return conditionsOf(store, repo).filter((c) => refMatches(repo, c.sourceMatcher, fromBranch) && refMatches(repo, c.targetMatcher, toBranch));
}

/** Active users the matching conditions name, in condition order, without duplicates. */
export function defaultReviewerSlugs(store: Store, repo: RepositoryRecord, fromBranch: string, toBranch: string): string[] {
  const slugs: string[] = [];
  for (const condition of matchingConditions(store, repo, fromBranch, toBranch))
    for (const slug of condition.reviewerSlugs) if (store.user(slug)?.active && !slugs.includes(slug)) slugs.push(slug);
  return slugs;
}

/** The "approvals from default reviewers" merge check of every condition the pull request matches. */
export function defaultReviewerVetoes(store: Store, repo: RepositoryRecord, pr: PullRequestRecord): MergeVeto[] {
  const vetoes: MergeVeto[] = [];
  for (const condition of matchingConditions(store, repo, pr.fromBranch, pr.toBranch)) {
    if (condition.requiredApprovals <= 0) continue;
    const approvals = pr.reviewers.filter((r) => r.status === 'APPROVED' && condition.reviewerSlugs.includes(r.slug)).length;
    const missing = condition.requiredApprovals - approvals;
    if (missing <= 0) continue;
    const names = condition.reviewerSlugs.map((slug) => store.user(slug)?.displayName ?? slug).join(', ');
    vetoes.push({
      summaryMessage: 'Not enough approvals from default reviewers',
      detailedMessage: `You still need ${missing} approval${missing === 1 ? '' : 's'} from the default reviewers (${names}) before this pull request can be merged.`,
    });
  }
  return vetoes;
}
