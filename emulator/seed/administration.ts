/**
 * Repository and project administration demo data: groups, tags, labels, webhooks (with recorded deliveries),
 * branch restrictions, required builds, hooks, reviewer groups, pull-request settings, deployments and
 * project/repository access tokens. Deterministic; emulator/seed/README.md lists what is there.
 */
import { sha1, type Store } from '../store/store';
import type { RepositoryRecord, WebhookRecord } from '../store/types';
import { HOUR } from './builder';

export function seedAdministration(store: Store, epoch: number): void {
  const admin = store.admin;
  const repo = (key: string, slug: string) => store.repository(key, slug)!;
  const web = repo('ACME', 'web-app');
  const api = repo('ACME', 'api-service');
  const ops = repo('OPS', 'infra-tools');
  const at = (hours: number) => epoch + hours * HOUR;
  const repoScope = (r: RepositoryRecord) => ({ type: 'REPOSITORY' as const, projectKey: r.projectKey, repositoryId: r.id });

  admin.groups.push({ name: 'developers', members: ['alice', 'bob', 'carol', 'dave'] }, { name: 'release-managers', members: ['erin'] }, { name: 'qa', members: ['frank'] });
  admin.projectGroupPermissions.ACME = { developers: 'PROJECT_WRITE' };
  admin.projectGroupPermissions.OPS = { 'release-managers': 'PROJECT_ADMIN' };
  admin.repositoryGroupPermissions[String(web.id)] = { qa: 'REPO_READ' };
  admin.projectDefaultPermissions.LIB = 'PROJECT_READ';

  // Tags: a lightweight and an annotated one on web-app's history, one on api-service.
  const history = store.log(web, web.branches.main);
  const firstWeb = history[history.length - 1].id;
  admin.tags.push(
    { repositoryId: web.id, name: 'v1.3.0', commitId: firstWeb, createdDate: at(2), taggerSlug: 'alice' },
    { repositoryId: web.id, name: 'v1.4.0', commitId: web.branches['release/1.4'], hash: sha1(`object ${web.branches['release/1.4']}\ntype commit\ntag v1.4.0\ntagger erin\n\nRelease 1.4.0`), message: 'Release 1.4.0', createdDate: at(40), taggerSlug: 'erin' },
    { repositoryId: api.id, name: 'v0.1.0', commitId: api.branches.main, createdDate: at(41), taggerSlug: 'bob' },
  );
  admin.labels.push({ repositoryId: web.id, name: 'frontend' }, { repositoryId: web.id, name: 'customer-facing' }, { repositoryId: api.id, name: 'backend' }, { repositoryId: api.id, name: 'customer-facing' });

  // Webhooks with a few recorded deliveries.
  const webhook = (fields: Omit<WebhookRecord, 'id' | 'createdDate' | 'updatedDate' | 'configuration' | 'sslVerificationRequired' | 'active'> & Partial<WebhookRecord>) => {
    const record: WebhookRecord = { id: ++admin.counters.webhook, active: true, configuration: {}, sslVerificationRequired: true, createdDate: at(3), updatedDate: at(3), ...fields };
    admin.webhooks.push(record);
    return record;
  };
  const ci = webhook({ scope: repoScope(web), name: 'CI trigger', url: 'https://ci.example.com/hooks/bitbucket', events: ['repo:refs_changed', 'pr:opened', 'pr:from_ref_updated'] });
  webhook({ scope: repoScope(web), name: 'Chat notifications', url: 'https://chat.example.com/webhook/T123', events: ['pr:merged', 'pr:comment:added'], active: false });
  const audit = webhook({ scope: { type: 'PROJECT', projectKey: 'ACME' }, name: 'Audit log', url: 'https://audit.example.com/bitbucket', events: ['repo:refs_changed', 'pr:merged', 'pr:declined'], credentials: { username: 'audit', password: 'audit-secret' } });
  const delivery = (hook: WebhookRecord, hours: number, event: string, statusCode: number) => {
    const start = at(hours);
    admin.webhookInvocations.push({
      id: ++admin.counters.invocation,
      webhookId: hook.id,
      event,
      eventScope: { type: hook.scope.type === 'PROJECT' ? 'project' : 'repository', id: String(hook.scope.type === 'PROJECT' ? store.project(hook.scope.projectKey)!.id : hook.scope.repositoryId) },
      start,
      finish: start + 120 + statusCode,
      request: { url: hook.url, method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Event-Key': event } },
      result: { outcome: statusCode < 300 ? 'SUCCESS' : 'FAILURE', description: String(statusCode), statusCode },
    });
  };
  delivery(ci, 10, 'repo:refs_changed', 200);
  delivery(ci, 11, 'pr:opened', 200);
  delivery(ci, 12, 'pr:from_ref_updated', 503);
  delivery(audit, 20, 'pr:merged', 204);

  // Branch restrictions: main is pull-request-only on web-app (admins exempt), release branches may not be deleted across ACME.
  admin.refRestrictions.push(
    { id: ++admin.counters.restriction, scope: repoScope(web), type: 'pull-request-only', matcher: { type: 'BRANCH', id: 'refs/heads/main', displayId: 'main' }, users: ['erin'], groups: [] },
    { id: ++admin.counters.restriction, scope: repoScope(web), type: 'fast-forward-only', matcher: { type: 'MODEL_BRANCH', id: 'production', displayId: 'Production' }, users: [], groups: ['release-managers'] },
    { id: ++admin.counters.restriction, scope: { type: 'PROJECT', projectKey: 'ACME' }, type: 'no-deletes', matcher: { type: 'PATTERN', id: 'release/*', displayId: 'release/*' }, users: [], groups: [] },
  );
  admin.requiredBuilds.push({ id: ++admin.counters.requiredBuild, repositoryId: web.id, buildParentKeys: ['WEB-BUILD'], refMatcher: { type: 'PATTERN', id: 'release/*', displayId: 'release/*' } });

  admin.hookStates.push(
    { scope: { type: 'PROJECT', projectKey: 'ACME' }, hookKey: 'com.atlassian.bitbucket.server.bitbucket-bundled-hooks:force-push-hook', enabled: true, settings: { references: 'refs/heads/main refs/heads/release/*' } },
    { scope: repoScope(ops), hookKey: 'com.atlassian.bitbucket.server.bitbucket-bundled-hooks:verify-committer-hook', enabled: true, settings: { excludeMergeCommits: true } },
  );
  // A pre-receive hook script uploaded by the admin, turned on for pushes across ACME.
  admin.hookScripts.push({ id: 1, name: 'reject-large-files.sh', description: 'Rejects files over 5 MB', type: 'PRE', content: '#!/bin/sh\n# reject blobs larger than 5 MB\nexit 0\n', version: 1, createdDate: at(4), updatedDate: at(4) });
  admin.hookScriptConfigs.push({ scriptId: 1, scope: { type: 'PROJECT', projectKey: 'ACME' }, triggerIds: ['push', 'file-edit'] });
  // ACME's repositories cannot change the force-push hook: the project decides.
  admin.settingsRestrictions.push({ projectKey: 'ACME', namespace: 'com.atlassian.bitbucket.server.bitbucket-bundled-hooks', featureKey: 'force-push-hook' });
  admin.reviewerGroups.push(
    { id: ++admin.counters.reviewerGroup, scope: { type: 'PROJECT', projectKey: 'ACME' }, name: 'frontend-reviewers', description: 'Reviewers for UI changes', users: ['alice', 'carol'] },
    { id: ++admin.counters.reviewerGroup, scope: repoScope(web), name: 'security', description: 'Security champions', users: ['dave', 'erin'] },
  );
  admin.pullRequestSettings.push(
    { scope: { type: 'PROJECT', projectKey: 'ACME' }, mergeStrategies: { defaultStrategy: 'no-ff', enabled: ['no-ff', 'squash', 'rebase-ff-only'] }, autoDecline: { enabled: true, inactivityWeeks: 8 } },
    { scope: repoScope(web), autoMerge: { enabled: true } },
  );

  const deployment = (r: RepositoryRecord, commitId: string, sequence: number, env: { key: string; displayName: string; type: string }, state: 'SUCCESSFUL' | 'FAILED' | 'IN_PROGRESS', hours: number) =>
    admin.deployments.push({ repositoryId: r.id, commitId, key: 'WEB-DEPLOY', deploymentSequenceNumber: sequence, displayName: `Deploy ${sequence}`, description: `Deployment ${sequence} to ${env.displayName}`, url: `https://ci.example.com/deploy/${sequence}`, state, environment: { ...env, url: `https://${env.key}.example.com` }, lastUpdated: at(hours) });
  deployment(web, web.branches.main, 45, { key: 'staging', displayName: 'Staging', type: 'STAGING' }, 'SUCCESSFUL', 42);
  deployment(web, web.branches.main, 46, { key: 'production', displayName: 'Production', type: 'PRODUCTION' }, 'IN_PROGRESS', 43);
  deployment(web, store.pullRequest(web, 1)!.fromCommit, 17, { key: 'preview', displayName: 'Preview', type: 'TESTING' }, 'FAILED', 30);

  const pr1 = store.pullRequest(web, 1)!;
  admin.autoMergeRequests.push({ repositoryId: web.id, pullRequestId: 1, userSlug: 'alice', createdDate: at(29), fromHash: pr1.fromCommit, toRefId: 'refs/heads/main', strategyId: 'no-ff', autoSubject: true });

  admin.userSettings.alice = { 'diff.view': 'side-by-side', 'notifications.email': true };

  // Project and repository access tokens (their bot users hold exactly these permissions).
  store.createScopedToken({ type: 'PROJECT', projectKey: 'ACME' }, 'ACME release automation', ['PROJECT_READ', 'REPO_WRITE']);
  store.createScopedToken(repoScope(web), 'web-app CI', ['REPO_READ']);
}
