/** `/rest/jira`: a pull request's Jira issues, an issue's commits and a project's primary Jira link, from the store's Jira links. */
import type { FastifyInstance } from 'fastify';
import { commitsForIssue, jiraLinkOf, pullRequestJiraIssues } from '../store/jira';
import type { Store } from '../store/store';
import { EXCEPTIONS, baseUrl, fail, noContent, paged, repoAccess, route, sendJson, unauthorized } from './http';
import { pullRequestOr404 } from './pulls';
import { restChange, restCommit, restRepository } from './serialize';

type PrParams = { projectKey: string; repositorySlug: string; pullRequestId: string };

export function registerJira(app: FastifyInstance, store: Store): void {
  route(app, 'GET', 'jira', '/projects/:projectKey/repos/:repositorySlug/pull-requests/:pullRequestId/issues', async (request, reply) => {
    const params = request.params as PrParams;
    const ctx = repoAccess(store, request, params);
    const pr = pullRequestOr404(store, ctx, params.pullRequestId);
    return sendJson(reply, 200, pullRequestJiraIssues(store, ctx.repo, pr));
  });

  // Commits naming the issue, each with its first `maxChanges` changes (default 10) against its first parent.
  route(app, 'GET', 'jira', '/issues/:issueKey/commits', async (request, reply) => {
    const { issueKey } = request.params as { issueKey: string };
    const query = request.query as Record<string, string>;
    const readable = store.data.repositories.filter((r) => store.accessLevel(request.user, r, request.tokenPermissions ?? undefined) > 0);
    if (!request.user && readable.length === 0) unauthorized();
    const maxChanges = Math.max(0, Number.parseInt(query.maxChanges ?? '10', 10) || 0);
    const base = baseUrl(request);
    return sendJson(
      reply,
      200,
      paged(commitsForIssue(store, issueKey, readable), query, ({ repo, commit }) => {
        const parent = commit.parents[0] ?? null;
        const changes = store.changes(repo, parent, commit.id);
        const shown = changes.slice(0, maxChanges);
        const out: Record<string, unknown> = {
          toCommit: restCommit(store, commit, base),
          changes: { size: shown.length, limit: maxChanges, isLastPage: shown.length >= changes.length, start: 0, values: shown.map((c) => restChange(c)), ...(shown.length < changes.length ? { nextPageStart: shown.length } : {}) },
          repository: restRepository(store, repo, base),
        };
        if (parent) out.fromCommit = { id: parent, displayId: parent.slice(0, 11) };
        return out;
      }),
    );
  });

  // The project's primary Jira project link. A project without one answers 204 (emulator decision: the
  // 9.2 document only documents the 200).
  route(app, 'GET', 'jira', '/projects/:projectKey/primary-enhanced-entitylink', async (request, reply) => {
    const { projectKey } = request.params as { projectKey: string };
    const level = store.projectAccessLevel(request.user, projectKey);
    if (!request.user && level === 0) unauthorized();
    const project = store.project(projectKey);
    if (!project) fail(404, `Project ${projectKey} does not exist.`, EXCEPTIONS.noSuchProject);
    if (level === 0) unauthorized();
    const link = jiraLinkOf(store, project.key);
    const primary = link?.jiraProjects[0];
    if (!link || !primary) return noContent(reply);
    return sendJson(reply, 200, {
      applicationLinkId: link.applicationLinkId,
      displayUrl: link.jiraBaseUrl.replace(/^https?:\/\//, '').replace(/\/+$/, ''),
      projectId: primary.id,
      projectKey: primary.key,
      projectName: primary.name,
    });
  });
}
