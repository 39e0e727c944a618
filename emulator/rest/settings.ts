/**
 * Project and repository settings over the store: pull-request settings (merge checks and merge strategies),
 * auto-decline, auto-merge, repository hooks (enabled state and settings per project/repository) and reviewer groups.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { AdministrationData, HookStateRecord, ProjectRecord, PullRequestSettingsRecord, RepositoryRecord, ReviewerGroupRecord, ScopeRef } from '../store/types';
import { P, R, numericId, projectAccess, projectScope, repoOf, repositoryScope, restScope, sameScope } from './admin-common';
import { EXCEPTIONS, baseUrl, body, fail, noContent, paged, route, sendJson, Validation } from './http';
import { restProject, restUser, type Json } from './serialize';

/** Bitbucket's git merge strategies. */
export const MERGE_STRATEGIES: { id: string; name: string; flag: string; description: string }[] = [
  { id: 'no-ff', name: 'Merge commit', flag: '--no-ff', description: 'Always create a new merge commit' },
  { id: 'ff', name: 'Fast-forward', flag: '--ff', description: 'Fast-forward if possible' },
  { id: 'ff-only', name: 'Fast-forward only', flag: '--ff-only', description: 'Never create a merge commit' },
  { id: 'rebase-no-ff', name: 'Rebase and merge', flag: 'rebase + merge --no-ff', description: 'Rebase commits from source to target and create a merge commit' },
  { id: 'rebase-ff-only', name: 'Rebase and fast-forward', flag: 'rebase + merge --ff-only', description: 'Rebase commits from source to target and fast-forward' },
  { id: 'squash', name: 'Squash', flag: '--squash', description: 'Combine all commits into one new non-merge commit' },
  { id: 'squash-ff-only', name: 'Squash, fast-forward only', flag: '--squash --ff-only', description: 'Combine all commits into one new non-merge commit, only if fast-forward is possible' },
];
const DEFAULT_STRATEGIES = { defaultStrategy: 'no-ff', enabled: ['no-ff'] };

/** The hooks every Bitbucket Data Center installation bundles (disabled until enabled per project or repository). */
export const BUNDLED_HOOKS = [
  { key: 'com.atlassian.bitbucket.server.bitbucket-bundled-hooks:force-push-hook', name: 'Reject Force Push', type: 'PRE_RECEIVE', description: 'Reject all force pushes (git push --force) to this repository', configurable: true },
  { key: 'com.atlassian.bitbucket.server.bitbucket-bundled-hooks:verify-committer-hook', name: 'Verify Committer', type: 'PRE_RECEIVE', description: 'Reject commits not committed by the user pushing to the repository', configurable: true },
  { key: 'com.atlassian.bitbucket.server.bitbucket-gpg:gpg-verify-hook', name: 'Verify Commit Signature', type: 'PRE_RECEIVE', description: 'Reject commits and tags without a verified GPG signature', configurable: false },
];

export function registerSettings(app: FastifyInstance, store: Store): void {
  const settingsOf = (scope: ScopeRef): PullRequestSettingsRecord | undefined => store.admin.pullRequestSettings.find((s) => sameScope(s.scope, scope));
  const writableSettings = (scope: ScopeRef): PullRequestSettingsRecord => {
    let record = settingsOf(scope);
    if (!record) store.admin.pullRequestSettings.push((record = { scope }));
    return record;
  };
  /** Repository setting, else its project's, else the default; with the scope it came from. */
  const effective = <K extends keyof PullRequestSettingsRecord>(repo: RepositoryRecord | null, projectKey: string, key: K): { value: PullRequestSettingsRecord[K] | undefined; scope: ScopeRef | null } => {
    if (repo) {
      const own = settingsOf(repositoryScope(repo))?.[key];
      if (own !== undefined) return { value: own, scope: repositoryScope(repo) };
    }
    const project = settingsOf({ type: 'PROJECT', projectKey })?.[key];
    if (project !== undefined) return { value: project, scope: { type: 'PROJECT', projectKey } };
    return { value: undefined, scope: null };
  };

  const mergeConfig = (repo: RepositoryRecord | null, projectKey: string): Json => {
    const { value, scope } = effective(repo, projectKey, 'mergeStrategies');
    const config = value ?? DEFAULT_STRATEGIES;
    const strategy = (id: string) => ({ ...MERGE_STRATEGIES.find((s) => s.id === id)!, enabled: config.enabled.includes(id) });
    return {
      defaultStrategy: strategy(config.defaultStrategy),
      strategies: MERGE_STRATEGIES.map((s) => strategy(s.id)),
      type: scope ? scope.type : 'DEFAULT',
      commitSummaries: 20,
    };
  };

  const parseStrategies = (input: unknown, check: Validation): { defaultStrategy: string; enabled: string[] } | undefined => {
    if (input === undefined) return undefined;
    const m = input as Record<string, unknown>;
    const id = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' && v ? String((v as Record<string, unknown>).id ?? '') : '');
    const defaultStrategy = id(m.defaultStrategy);
    const enabled = Array.isArray(m.strategies) ? m.strategies.map(id) : [defaultStrategy];
    for (const s of [defaultStrategy, ...enabled]) if (!MERGE_STRATEGIES.some((k) => k.id === s)) check.add('mergeConfig', `'${s}' is not a merge strategy; use one of ${MERGE_STRATEGIES.map((k) => k.id).join(', ')}.`);
    if (defaultStrategy && !enabled.includes(defaultStrategy)) check.add('mergeConfig.defaultStrategy', 'The default strategy must be one of the enabled strategies.');
    return { defaultStrategy, enabled: [...new Set(enabled)] };
  };

  const repoPullRequestSettings = (repo: RepositoryRecord): Json => {
    const own = settingsOf(repositoryScope(repo));
    const builds = own?.requiredSuccessfulBuilds ?? 0;
    return {
      mergeConfig: mergeConfig(repo, repo.projectKey),
      requiredAllApprovers: own?.requiredAllApprovers ?? false,
      requiredAllTasksComplete: repo.mergeChecks.requireTasksResolved,
      requiredApprovers: { enabled: repo.mergeChecks.minApprovals > 0, count: String(repo.mergeChecks.minApprovals) },
      requiredApproversDeprecated: repo.mergeChecks.minApprovals,
      requiredSuccessfulBuilds: { enabled: builds > 0, count: String(builds) },
      requiredSuccessfulBuildsDeprecated: builds,
      needsWork: repo.mergeChecks.vetoOnNeedsWork,
    };
  };

  route(app, 'GET', 'api', `${R}/settings/pull-requests`, async (request, reply) => {
    const { repo } = repoOf(store, request, 3);
    return sendJson(reply, 200, repoPullRequestSettings(repo));
  });

  route(app, 'POST', 'api', `${R}/settings/pull-requests`, async (request, reply) => {
    const { repo } = repoOf(store, request, 3);
    const b = body(request);
    const check = new Validation();
    const count = (v: unknown, field: string): number | undefined => {
      if (v === undefined) return undefined;
      const raw = typeof v === 'object' && v !== null ? ((v as Record<string, unknown>).enabled === false ? 0 : Number((v as Record<string, unknown>).count ?? 0)) : Number(v);
      if (!Number.isInteger(raw) || raw < 0) check.add(field, `${field} must be a non-negative number.`);
      return raw;
    };
    const approvers = count(b.requiredApprovers, 'requiredApprovers');
    const builds = count(b.requiredSuccessfulBuilds, 'requiredSuccessfulBuilds');
    const strategies = parseStrategies(b.mergeConfig, check);
    if (b.requiredAllTasksComplete !== undefined && typeof b.requiredAllTasksComplete !== 'boolean') check.add('requiredAllTasksComplete', 'requiredAllTasksComplete must be true or false.');
    if (b.requiredAllApprovers !== undefined && typeof b.requiredAllApprovers !== 'boolean') check.add('requiredAllApprovers', 'requiredAllApprovers must be true or false.');
    check.throwIfAny();
    // The merge checks the store evaluates (GET …/merge) are the same settings.
    if (approvers !== undefined) repo.mergeChecks.minApprovals = approvers;
    if (typeof b.requiredAllTasksComplete === 'boolean') repo.mergeChecks.requireTasksResolved = b.requiredAllTasksComplete;
    if (typeof b.needsWork === 'boolean') repo.mergeChecks.vetoOnNeedsWork = b.needsWork;
    const own = writableSettings(repositoryScope(repo));
    if (builds !== undefined) own.requiredSuccessfulBuilds = builds;
    if (typeof b.requiredAllApprovers === 'boolean') own.requiredAllApprovers = b.requiredAllApprovers;
    if (strategies) own.mergeStrategies = strategies;
    store.touch();
    return sendJson(reply, 200, repoPullRequestSettings(repo));
  });

  const gitOnly = (request: FastifyRequest) => {
    const { scmId } = request.params as { scmId: string };
    if (scmId !== 'git') fail(404, `No SCM with the ID '${scmId}' is installed.`, 'com.atlassian.bitbucket.scm.NoSuchScmException');
  };
  route(app, 'GET', 'api', `${P}/settings/pull-requests/:scmId`, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    gitOnly(request);
    return sendJson(reply, 200, { mergeConfig: mergeConfig(null, project.key) });
  });
  route(app, 'POST', 'api', `${P}/settings/pull-requests/:scmId`, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    gitOnly(request);
    const check = new Validation();
    const strategies = parseStrategies(body(request).mergeConfig, check);
    if (!strategies) check.add('mergeConfig', 'mergeConfig is required.');
    check.throwIfAny();
    writableSettings(projectScope(project)).mergeStrategies = strategies;
    store.touch();
    return sendJson(reply, 200, { mergeConfig: mergeConfig(null, project.key) });
  });

  // ---------------------------------------------------------------- auto-decline and auto-merge

  const scopeOfRequest = (request: FastifyRequest, repoLevel: boolean): { scope: ScopeRef; repo: RepositoryRecord | null; project: ProjectRecord } => {
    if (repoLevel) {
      const { repo, project } = repoOf(store, request, 3);
      return { scope: repositoryScope(repo), repo, project };
    }
    const project = projectAccess(store, request, 3);
    return { scope: projectScope(project), repo: null, project };
  };
  const globalScope = { type: 'GLOBAL' };

  // ---------------------------------------------------------------- project settings restrictions

  /** A hook `plugin:module` is the feature `module` of namespace `plugin`. */
  const featureOf = (hookKey: string) => ({ namespace: hookKey.slice(0, hookKey.indexOf(':')), featureKey: hookKey.slice(hookKey.indexOf(':') + 1) });
  const refuseIfRestricted = (scope: ScopeRef, hookKey: string) => {
    if (scope.type !== 'REPOSITORY') return;
    const { namespace, featureKey } = featureOf(hookKey);
    if (store.admin.settingsRestrictions.some((r) => r.projectKey === scope.projectKey && r.namespace === namespace && r.featureKey === featureKey))
      fail(403, `The project ${scope.projectKey} restricts this hook's settings to the project level.`, 'com.atlassian.bitbucket.setting.RestrictedSettingException');
  };
  const restRestriction = (r: AdministrationData['settingsRestrictions'][number], request: FastifyRequest) =>
    ({ namespace: r.namespace, featureKey: r.featureKey, componentKey: r.componentKey, processedState: 'PROCESSED', project: restProject(store.project(r.projectKey)!, baseUrl(request)) });
  const restrictionQuery = (request: FastifyRequest, requireBoth: boolean) => {
    const query = request.query as Record<string, string>;
    const check = new Validation();
    if (requireBoth && !query.namespace) check.add('namespace', 'namespace is required.');
    if (requireBoth && !query.featureKey) check.add('featureKey', 'featureKey is required.');
    check.throwIfAny();
    return query;
  };
  const findRestriction = (project: ProjectRecord, q: Record<string, string>) =>
    store.admin.settingsRestrictions.find((r) => r.projectKey === project.key && r.namespace === q.namespace && r.featureKey === q.featureKey && (q.componentKey === undefined || r.componentKey === q.componentKey));
  route(app, 'GET', 'api', `${P}/settings-restriction`, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    const found = findRestriction(project, restrictionQuery(request, true));
    if (!found) fail(404, 'No settings restriction matches.', EXCEPTIONS.noSuchEntity);
    return sendJson(reply, 200, restRestriction(found, request));
  });
  route(app, 'GET', 'api', `${P}/settings-restriction/all`, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    const q = restrictionQuery(request, false);
    const found = store.admin.settingsRestrictions.filter((r) => r.projectKey === project.key && (!q.namespace || r.namespace === q.namespace) && (!q.featureKey || r.featureKey === q.featureKey));
    return sendJson(reply, 200, paged(found, q, (r) => restRestriction(r, request)));
  });
  route(app, 'POST', 'api', `${P}/settings-restriction`, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    const b = body(request);
    const check = new Validation();
    for (const field of ['namespace', 'featureKey']) if (typeof b[field] !== 'string' || !(b[field] as string).trim()) check.add(field, `${field} is required.`);
    check.throwIfAny();
    const q = { namespace: b.namespace as string, featureKey: b.featureKey as string, componentKey: typeof b.componentKey === 'string' ? b.componentKey : undefined };
    let found = findRestriction(project, q as Record<string, string>);
    if (!found) store.admin.settingsRestrictions.push((found = { projectKey: project.key, namespace: q.namespace, featureKey: q.featureKey, ...(q.componentKey ? { componentKey: q.componentKey } : {}) }));
    store.touch();
    return sendJson(reply, 200, restRestriction(found, request));
  });
  route(app, 'DELETE', 'api', `${P}/settings-restriction`, async (request, reply) => {
    const project = projectAccess(store, request, 3);
    const found = findRestriction(project, restrictionQuery(request, true));
    if (!found) fail(404, 'No settings restriction matches.', EXCEPTIONS.noSuchEntity);
    store.admin.settingsRestrictions = store.admin.settingsRestrictions.filter((r) => r !== found);
    store.touch();
    return noContent(reply);
  });

  for (const [base, repoLevel] of [[R, true], [P, false]] as const) {
    const autoDecline = (repo: RepositoryRecord | null, projectKey: string) => {
      const { value, scope } = effective(repo, projectKey, 'autoDecline');
      return { enabled: value?.enabled ?? false, inactivityWeeks: value?.inactivityWeeks ?? 4, scope: scope ? restScope(store, scope) : globalScope };
    };
    route(app, 'GET', 'api', `${base}/settings/auto-decline`, async (request, reply) => {
      const { repo, project } = scopeOfRequest(request, repoLevel);
      return sendJson(reply, 200, autoDecline(repo, project.key));
    });
    route(app, 'PUT', 'api', `${base}/settings/auto-decline`, async (request, reply) => {
      const { scope, repo, project } = scopeOfRequest(request, repoLevel);
      const b = body(request);
      const check = new Validation();
      if (typeof b.enabled !== 'boolean') check.add('enabled', 'enabled must be true or false.');
      const weeks = b.inactivityWeeks === undefined ? 4 : b.inactivityWeeks;
      if (![1, 2, 4, 8, 12].includes(weeks as number)) check.add('inactivityWeeks', 'inactivityWeeks must be 1, 2, 4, 8 or 12.');
      check.throwIfAny();
      writableSettings(scope).autoDecline = { enabled: b.enabled as boolean, inactivityWeeks: weeks as number };
      store.touch();
      return sendJson(reply, 200, autoDecline(repo, project.key));
    });
    route(app, 'DELETE', 'api', `${base}/settings/auto-decline`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      const own = settingsOf(scope);
      if (own) delete own.autoDecline;
      store.touch();
      return noContent(reply);
    });

    const autoMerge = (repo: RepositoryRecord | null, projectKey: string) => {
      const { value, scope } = effective(repo, projectKey, 'autoMerge');
      return { enabled: value?.enabled ?? false, restrictionState: 'NONE', scope: scope ? restScope(store, scope) : globalScope };
    };
    route(app, 'GET', 'api', `${base}/settings/auto-merge`, async (request, reply) => {
      const { repo, project } = scopeOfRequest(request, repoLevel);
      return sendJson(reply, 200, autoMerge(repo, project.key));
    });
    route(app, 'PUT', 'api', `${base}/settings/auto-merge`, async (request, reply) => {
      const { scope, repo, project } = scopeOfRequest(request, repoLevel);
      const b = body(request);
      if (typeof b.enabled !== 'boolean') fail(400, 'enabled must be true or false.', null, {}, 'enabled');
      writableSettings(scope).autoMerge = { enabled: b.enabled };
      store.touch();
      return sendJson(reply, 200, autoMerge(repo, project.key));
    });
    route(app, 'DELETE', 'api', `${base}/settings/auto-merge`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      const own = settingsOf(scope);
      if (own) delete own.autoMerge;
      store.touch();
      return noContent(reply);
    });

    // ---------------------------------------------------------------- hooks

    const hookState = (scope: ScopeRef, key: string): HookStateRecord | undefined => store.admin.hookStates.find((h) => h.hookKey === key && sameScope(h.scope, scope));
    /** A hook at a repository inherits its project's state until the repository configures it. */
    const effectiveHook = (scope: ScopeRef, key: string): HookStateRecord | undefined =>
      hookState(scope, key) ?? (scope.type === 'REPOSITORY' ? hookState({ type: 'PROJECT', projectKey: scope.projectKey }, key) : undefined);
    const restHook = (scope: ScopeRef, hook: (typeof BUNDLED_HOOKS)[number]) => {
      const state = effectiveHook(scope, hook.key);
      return {
        details: { key: hook.key, name: hook.name, type: hook.type, description: hook.description, version: '9.2.5', configFormKey: hook.configurable ? `${hook.key}-config` : undefined, supportedScopes: ['PROJECT', 'REPOSITORY'] },
        enabled: state?.enabled ?? false,
        configured: state?.settings !== undefined,
        scope: restScope(store, state?.scope ?? scope),
      };
    };
    const hookOr404 = (request: FastifyRequest) => {
      const { hookKey } = request.params as { hookKey: string };
      const hook = BUNDLED_HOOKS.find((h) => h.key === hookKey);
      if (!hook) fail(404, `Repository hook ${hookKey} does not exist.`, 'com.atlassian.bitbucket.hook.repository.NoSuchRepositoryHookException');
      return hook;
    };
    route(app, 'GET', 'api', `${base}/settings/hooks`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      const query = request.query as Record<string, string>;
      const hooks = BUNDLED_HOOKS.filter((h) => !query.type || h.type === query.type);
      return sendJson(reply, 200, paged(hooks, query, (h) => restHook(scope, h)));
    });
    route(app, 'GET', 'api', `${base}/settings/hooks/:hookKey`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      return sendJson(reply, 200, restHook(scope, hookOr404(request)));
    });
    route(app, 'GET', 'api', `${base}/settings/hooks/:hookKey/settings`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      const hook = hookOr404(request);
      const settings = effectiveHook(scope, hook.key)?.settings;
      if (settings === undefined) return noContent(reply);
      return sendJson(reply, 200, settings);
    });
    const setState = (scope: ScopeRef, key: string, change: Partial<HookStateRecord>) => {
      let state = hookState(scope, key);
      if (!state) {
        const inherited = effectiveHook(scope, key);
        store.admin.hookStates.push((state = { scope, hookKey: key, enabled: inherited?.enabled ?? false, settings: inherited?.settings }));
      }
      Object.assign(state, change);
      store.touch();
    };
    route(app, 'PUT', 'api', `${base}/settings/hooks/:hookKey/settings`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      const hook = hookOr404(request);
      refuseIfRestricted(scope, hook.key);
      if (!hook.configurable) fail(400, `${hook.name} has no settings.`, EXCEPTIONS.validation);
      setState(scope, hook.key, { settings: body(request) });
      return sendJson(reply, 200, hookState(scope, hook.key)!.settings);
    });
    route(app, 'PUT', 'api', `${base}/settings/hooks/:hookKey/enabled`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      const hook = hookOr404(request);
      refuseIfRestricted(scope, hook.key);
      const b = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : undefined;
      setState(scope, hook.key, { enabled: true, ...(b && Object.keys(b).length ? { settings: b } : {}) });
      return sendJson(reply, 200, restHook(scope, hook));
    });
    route(app, 'DELETE', 'api', `${base}/settings/hooks/:hookKey/enabled`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      const hook = hookOr404(request);
      refuseIfRestricted(scope, hook.key);
      setState(scope, hook.key, { enabled: false });
      return sendJson(reply, 200, restHook(scope, hook));
    });
    if (repoLevel)
      route(app, 'DELETE', 'api', `${base}/settings/hooks/:hookKey`, async (request, reply) => {
        const { scope } = scopeOfRequest(request, repoLevel);
        const hook = hookOr404(request);
        refuseIfRestricted(scope, hook.key);
        // Back to inheriting the project's configuration.
        store.admin.hookStates = store.admin.hookStates.filter((h) => !(h.hookKey === hook.key && sameScope(h.scope, scope)));
        store.touch();
        return noContent(reply);
      });

    // ---------------------------------------------------------------- reviewer groups

    const restReviewerGroup = (group: ReviewerGroupRecord, request: FastifyRequest) =>
      ({ id: group.id, name: group.name, description: group.description, scope: restScope(store, group.scope), users: group.users.map((slug) => restUser(store.user(slug)!, baseUrl(request))) });
    /** Repository reviewer groups include the project's (Bitbucket lists inherited groups too). */
    const visibleGroups = (scope: ScopeRef) =>
      store.admin.reviewerGroups.filter((g) => sameScope(g.scope, scope) || (scope.type === 'REPOSITORY' && sameScope(g.scope, { type: 'PROJECT', projectKey: scope.projectKey })));
    const groupOr404 = (scope: ScopeRef, request: FastifyRequest, own: boolean) => {
      const id = numericId((request.params as { id: string }).id, 'Reviewer group');
      const group = (own ? store.admin.reviewerGroups.filter((g) => sameScope(g.scope, scope)) : visibleGroups(scope)).find((g) => g.id === id);
      if (!group) fail(404, `Reviewer group ${id} does not exist.`, EXCEPTIONS.noSuchEntity);
      return group;
    };
    const validateGroup = (b: Record<string, unknown>, partial: boolean) => {
      const check = new Validation();
      if (!partial || b.name !== undefined) if (typeof b.name !== 'string' || !b.name.trim()) check.add('name', 'A reviewer group name is required.');
      const users = b.users === undefined ? undefined : Array.isArray(b.users) ? b.users.map((u) => (typeof u === 'string' ? u : String((u as Record<string, unknown>)?.name ?? (u as Record<string, unknown>)?.slug ?? ''))) : null;
      if (users === null || (!partial && (!users || users.length === 0))) check.add('users', 'A reviewer group needs at least one user.');
      const slugs = (users ?? []).map((name) => store.userByName(name)?.slug ?? (check.add('users', `User ${name} does not exist.`), ''));
      check.throwIfAny();
      return users ? slugs : undefined;
    };
    route(app, 'GET', 'api', `${base}/settings/reviewer-groups`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      return sendJson(reply, 200, paged(visibleGroups(scope), request.query as Record<string, unknown>, (g) => restReviewerGroup(g, request)));
    });
    route(app, 'GET', 'api', `${base}/settings/reviewer-groups/:id`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      return sendJson(reply, 200, restReviewerGroup(groupOr404(scope, request, false), request));
    });
    if (repoLevel)
      route(app, 'GET', 'api', `${base}/settings/reviewer-groups/:id/users`, async (request, reply) => {
        const { scope } = scopeOfRequest(request, repoLevel);
        const group = groupOr404(scope, request, false);
        // Only users who can still read the repository count as reviewers.
        const repo = store.repositoryById(scope.repositoryId!)!;
        const users = group.users.map((slug) => store.user(slug)!).filter((u) => u.active && store.accessLevel(u, repo) > 0);
        return sendJson(reply, 200, users.map((u) => restUser(u, baseUrl(request))));
      });
    route(app, 'POST', 'api', `${base}/settings/reviewer-groups`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      const b = body(request);
      const users = validateGroup(b, false)!;
      const name = (b.name as string).trim();
      if (store.admin.reviewerGroups.some((g) => sameScope(g.scope, scope) && g.name.toLowerCase() === name.toLowerCase())) fail(409, `A reviewer group named '${name}' already exists.`, 'com.atlassian.bitbucket.DuplicateEntityException');
      const group: ReviewerGroupRecord = { id: ++store.admin.counters.reviewerGroup, scope, name, users };
      if (typeof b.description === 'string' && b.description) group.description = b.description;
      store.admin.reviewerGroups.push(group);
      store.touch();
      return sendJson(reply, 201, restReviewerGroup(group, request));
    });
    route(app, 'PUT', 'api', `${base}/settings/reviewer-groups/:id`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      const group = groupOr404(scope, request, true);
      const b = body(request);
      const users = validateGroup(b, true);
      if (typeof b.name === 'string') group.name = b.name.trim();
      if (typeof b.description === 'string') group.description = b.description || undefined;
      if (users) group.users = users;
      store.touch();
      return sendJson(reply, 200, restReviewerGroup(group, request));
    });
    route(app, 'DELETE', 'api', `${base}/settings/reviewer-groups/:id`, async (request, reply) => {
      const { scope } = scopeOfRequest(request, repoLevel);
      const group = groupOr404(scope, request, true);
      store.admin.reviewerGroups = store.admin.reviewerGroups.filter((g) => g !== group);
      store.touch();
      return noContent(reply);
    });
  }
}
