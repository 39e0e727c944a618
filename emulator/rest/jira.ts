/** `/rest/jira`: a pull request's Jira issues and a project's primary Jira link, from the store's Jira links. */
import type { FastifyInstance } from 'fastify';
import { jiraLinkOf, pullRequestJiraIssues } from '../store/jira';
import type { Store } from '../store/store';
import { EXCEPTIONS, fail, noContent, repoAccess, route, sendJson, unauthorized } from './http';
import { pullRequestOr404 } from './pulls';

type PrParams = { projectKey: string; repositorySlug: string; pullRequestId: string };

export function registerJira(app: FastifyInstance, store: Store): void {
  route(app, 'GET', 'jira', '/projects/:projectKey/repos/:repositorySlug/pull-requests/:pullRequestId/issues', async (request, reply) => {
    const params = request.params as PrParams;
    const ctx = repoAccess(store, request, params);
    const pr = pullRequestOr404(store, ctx, params.pullRequestId);
    return sendJson(reply, 200, pullRequestJiraIssues(store, ctx.repo, pr));
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
