/** The PR-page extension context (host-anatomy.md §1.6); only the fields we read are required. */
import { I18n } from 'yourcompany/host';
import { readPullRequestContext } from 'yourcompany/rest';
import { auiMessage } from 'yourcompany/ui';
import type { PullRequest, RepoRef } from 'yourcompany/rest';

export interface PullRequestContext {
  pullRequest: PullRequest;
  repository?: { slug: string; project?: { key: string } };
  project?: { key: string };
}

/**
 * The host's context (not contractual) with its pull request in the clean shape of yourcompany/rest, or
 * null when it names no usable pull request: every entry point reads its context through this first.
 */
export function readContext(context: unknown): PullRequestContext | null {
  const read = readPullRequestContext(context);
  if (!read) return null;
  const project = { key: read.repo.projectKey };
  return { pullRequest: read.pullRequest, repository: { slug: read.repo.repositorySlug, project }, project };
}

/** What both insights surfaces show when `readContext` finds no usable pull request. */
export function contextUnavailable(): HTMLElement {
  return auiMessage('warning', I18n.getText('yourcompany.common.context.title'), I18n.getText('yourcompany.common.context.body'));
}

/** `bitbucket.ui.pullrequest.diff.toolbar` adds the file being viewed; real hosts send a string or a REST `Path`. */
export interface DiffToolbarContext extends PullRequestContext {
  change?: { path?: string | { toString?: unknown; components?: unknown } | null } | null;
}

/** The repository the pull request lives in (reports are read there); falls back to `toRef`. */
export function repoRefOf(context: PullRequestContext): RepoRef {
  const repository = context.repository ?? context.pullRequest.toRef.repository;
  return { projectKey: repository?.project?.key ?? context.project?.key ?? '', repositorySlug: repository?.slug ?? '' };
}

/** The repository-relative path of the diff toolbar's file, or null when the context has none. */
export function changePathOf(context: DiffToolbarContext): string | null {
  const path = context.change?.path;
  if (typeof path === 'string') return path || null;
  if (path && typeof path === 'object') {
    if (typeof path.toString === 'string' && path.toString) return path.toString;
    if (Array.isArray(path.components) && path.components.length) return path.components.map(String).join('/');
  }
  return null;
}
