/**
 * The two write flows (delete source branch, create branch from the PR). Each renders into a region it is
 * given, so the panel and the PR action-menu modals share one implementation.
 */
import { I18n, currentUser } from 'yourcompany/host';
import { auiMessage, h, render, spinner } from 'yourcompany/ui';
import { confirmInline, errorMessage, sectionHeading } from 'yourcompany/ui-widgets';
import type { BitbucketClient } from 'yourcompany/rest';
import type { Branch, BranchModel, RepoRef } from 'yourcompany/rest';
import { openPullRequestsFrom } from './data';
import { findBranch, loadPermissions } from 'yourcompany/pr-summary';
import type { PullRequestFacts } from 'yourcompany/pr-summary';
import { branchTypeOptions, refNameProblem, shortSha, swapPrefix } from './model';
import type { BranchTypeOption, RefNameProblem } from './model';
import { branchHref, pullRequestHref } from './links';

export type DeleteOutcome = 'deleted' | 'already-deleted' | 'refused' | 'cancelled' | 'failed';

const isAborted = (error: unknown): boolean => (error as { kind?: string } | null)?.kind === 'aborted';

/** A message that takes focus, so keyboard and screen-reader users land on the outcome. */
function focusable(element: HTMLElement): HTMLElement {
  element.setAttribute('tabindex', '-1');
  return element;
}

function show(region: HTMLElement, element: HTMLElement | null): void {
  render(region, element);
  if (element?.getAttribute('tabindex') === '-1') element.focus();
}

/** `PROJECT/slug`, as Bitbucket names a repository in messages. */
function repoName(repo: RepoRef): string {
  return `${repo.projectKey}/${repo.repositorySlug}`;
}

/** The create flow for a user without write access: why, in place of the form (focused, like every outcome). */
export function showCreateRefused(region: HTMLElement, facts: PullRequestFacts): void {
  show(
    region,
    focusable(auiMessage('info', I18n.getText('yourcompany.branch.create.refused.title'), I18n.getText('yourcompany.branch.create.refused.permission', repoName(facts.sourceRepo)))),
  );
}

function refuse(region: HTMLElement, body: (string | HTMLElement | null)[]): DeleteOutcome {
  show(region, focusable(auiMessage('warning', I18n.getText('yourcompany.branch.delete.refused.title'), ...body.filter((b): b is string | HTMLElement => b !== null))));
  return 'refused';
}

/**
 * Deletes the PR's source branch only if that loses nothing: the PR is merged, the branch still points
 * at the merged head (`endPoint` makes the server enforce that too), it is not the default branch and no
 * open PR starts from it. Dry run first, then a confirmation naming the branch.
 */
export async function runDeleteFlow(region: HTMLElement, facts: PullRequestFacts, client: BitbucketClient, signal: AbortSignal): Promise<DeleteOutcome> {
  if (facts.state !== 'MERGED') return refuse(region, [I18n.getText('yourcompany.branch.delete.refused.notmerged')]);
  render(region, spinner(I18n.getText('yourcompany.branch.delete.checking')));
  const [lookup, dryRun, openPrs, permissions] = await Promise.allSettled([
    // Fresh, not the cached answer the panel rendered from: this decides whether we may delete.
    findBranch(client, facts.sourceRepo, facts.sourceName, { signal, fresh: true }),
    client.branches.deleteBranch(facts.sourceRepo, { name: facts.sourceRefId, dryRun: true, endPoint: facts.headCommit }, { signal }),
    openPullRequestsFrom(client, facts.sourceRepo, facts.sourceRefId, signal),
    // Asked here, when the user wants to delete, not on every PR page (a failed probe leaves it to the dry run).
    loadPermissions(client, facts.sourceRepo, currentUser()?.slug, signal),
  ]);
  if (signal.aborted) return 'cancelled';
  if (permissions.status === 'fulfilled' && !permissions.value.write) {
    return refuse(region, [I18n.getText('yourcompany.branch.delete.refused.permission', facts.sourceName, repoName(facts.sourceRepo))]);
  }
  if (lookup.status === 'rejected') {
    show(region, errorMessage(lookup.reason));
    return isAborted(lookup.reason) ? 'cancelled' : 'failed';
  }
  const branch = lookup.value;
  if (!branch) {
    show(region, focusable(auiMessage('info', I18n.getText('yourcompany.branch.delete.gone.title', facts.sourceName), I18n.getText('yourcompany.branch.delete.gone.body'))));
    return 'already-deleted';
  }
  if (branch.isDefault) return refuse(region, [I18n.getText('yourcompany.branch.delete.refused.default', facts.sourceName)]);
  // A tip the server did not name is checked by the server itself: the dry run and the delete carry `endPoint`.
  if (branch.latestCommit !== null && branch.latestCommit !== facts.headCommit) {
    return refuse(region, [I18n.getText('yourcompany.branch.delete.refused.moved', facts.sourceName, shortSha(branch.latestCommit), shortSha(facts.headCommit))]);
  }
  if (openPrs.status === 'rejected') return refuse(region, [I18n.getText('yourcompany.branch.delete.refused.unchecked'), errorMessage(openPrs.reason)]);
  if (openPrs.value.pullRequests.length) {
    const list = h(
      'ul',
      { class: 'yc-branch-open-prs' },
      openPrs.value.pullRequests.slice(0, 5).map((pr) => h('li', null, h('a', { href: pullRequestHref(facts.sourceRepo, pr.id) }, `#${pr.id} `, String(pr.title ?? '')))),
    );
    const count = openPrs.value.pullRequests.length;
    return refuse(region, [I18n.getText('yourcompany.branch.delete.refused.openprs', facts.sourceName, count, openPrs.value.more ? 1 : 0), list]);
  }
  if (dryRun.status === 'rejected') return refuse(region, [I18n.getText('yourcompany.branch.delete.refused.dryrun'), errorMessage(dryRun.reason)]);

  render(region);
  const confirmed = await confirmInline(region, {
    title: I18n.getText('yourcompany.branch.delete.confirm.title', facts.sourceName),
    body: I18n.getText('yourcompany.branch.delete.confirm.body', shortSha(facts.headCommit)),
    confirmText: I18n.getText('yourcompany.branch.delete.confirm.button'),
    danger: true,
    signal,
    testId: 'yc-branch-delete-confirm',
  });
  if (!confirmed) {
    show(region, h('p', { class: 'assistive', role: 'status' }, I18n.getText('yourcompany.branch.delete.cancelled')));
    return 'cancelled';
  }
  render(region, spinner(I18n.getText('yourcompany.branch.delete.deleting')));
  try {
    await client.branches.deleteBranch(facts.sourceRepo, { name: branch.id, endPoint: facts.headCommit }, { signal });
  } catch (error) {
    if (isAborted(error)) return 'cancelled';
    show(region, focusable(auiMessage('error', I18n.getText('yourcompany.branch.delete.failed', facts.sourceName), errorMessage(error))));
    return 'failed';
  }
  const title = I18n.getText('yourcompany.branch.delete.done.title', facts.sourceName);
  // Announced in place (focused, role=status) rather than with an AUI flag, which would cover the
  // modal's close button while it fades and say the same thing twice.
  show(region, focusable(auiMessage('success', title, I18n.getText('yourcompany.branch.delete.done.body', shortSha(facts.headCommit)))));
  return 'deleted';
}

function problemText(problem: RefNameProblem): string {
  switch (problem.kind) {
    case 'empty':
      return I18n.getText('yourcompany.branch.name.empty');
    case 'too-long':
      return I18n.getText('yourcompany.branch.name.toolong');
    case 'dot-dot':
      return I18n.getText('yourcompany.branch.name.dotdot');
    case 'bad-char': {
      const code = problem.char.codePointAt(0) ?? 0;
      const shown = code <= 0x20 || code === 0x7f ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : problem.char;
      return I18n.getText('yourcompany.branch.name.badchar', shown);
    }
    case 'slash':
      return I18n.getText('yourcompany.branch.name.slash');
    case 'lock':
      return I18n.getText('yourcompany.branch.name.lock');
    case 'dot':
      return I18n.getText('yourcompany.branch.name.dot');
    case 'at-brace':
      return I18n.getText('yourcompany.branch.name.at');
    case 'dash':
      return I18n.getText('yourcompany.branch.name.dash');
    case 'exists':
      return I18n.getText('yourcompany.branch.name.exists');
  }
}

function optionText(option: BranchTypeOption): string {
  if (option.id === 'NONE') return I18n.getText('yourcompany.branch.create.type.none');
  return I18n.getText('yourcompany.branch.create.type.option', option.displayName ?? option.id, option.prefix);
}

let formSequence = 0;

export interface CreateFormOptions {
  onCreated?(branch: Branch): void;
  onCancel?(): void;
}

/** The create-branch form: prefix from the branch model, git ref-name rules, start point = PR head. */
export function renderCreateForm(region: HTMLElement, facts: PullRequestFacts, client: BitbucketClient, model: BranchModel | null, signal: AbortSignal, options: CreateFormOptions = {}): void {
  const id = `yc-create-branch-${++formSequence}`;
  const { options: types, selected } = branchTypeOptions(model);
  let prefix = selected.prefix;
  let dirty = false;
  let busy = false;

  const input = h('input', {
    id: `${id}-name`,
    class: 'text long-field',
    type: 'text',
    name: 'branchName',
    value: prefix,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${id}-error ${id}-description`,
    'data-testid': 'yc-branch-create-name',
  }) as HTMLInputElement;
  const error = h('div', { id: `${id}-error`, class: 'error', 'aria-live': 'polite' });
  const select = h(
    'select',
    { id: `${id}-type`, class: 'select', name: 'branchType', 'data-testid': 'yc-branch-create-type' },
    types.map((option, index) => h('option', { value: String(index), selected: option === selected }, optionText(option))),
  ) as HTMLSelectElement;
  const submit = h('button', { type: 'submit', class: 'aui-button aui-button-primary', 'data-testid': 'yc-branch-create-submit' }, I18n.getText('yourcompany.branch.create.submit'));
  const requestError = h('div', { class: 'yc-request-error' });

  const showProblem = (problem: RefNameProblem | null): void => {
    render(error, problem ? problemText(problem) : null);
    if (problem) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };
  const setBusy = (value: boolean): void => {
    busy = value;
    submit.toggleAttribute('disabled', value);
    submit.setAttribute('aria-busy', String(value));
    render(submit, value ? I18n.getText('yourcompany.branch.create.creating') : I18n.getText('yourcompany.branch.create.submit'));
  };

  select.addEventListener('change', () => {
    const next = types[Number(select.value)] ?? selected;
    input.value = swapPrefix(input.value, prefix, next.prefix);
    prefix = next.prefix;
    if (dirty) showProblem(refNameProblem(input.value));
    input.focus();
  });
  input.addEventListener('input', () => {
    dirty = true;
    showProblem(refNameProblem(input.value));
  });

  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (busy) return; // no double submits
    dirty = true;
    const name = input.value;
    const problem = refNameProblem(name);
    showProblem(problem);
    render(requestError);
    if (problem) {
      input.focus();
      return;
    }
    setBusy(true);
    try {
      if (await findBranch(client, facts.sourceRepo, name, { signal, fresh: true })) {
        showProblem({ kind: 'exists' });
        input.focus();
        return;
      }
      const branch = await client.branches.createBranch(facts.sourceRepo, { name, startPoint: facts.headCommit }, { signal });
      const refId = typeof branch?.id === 'string' ? branch.id : `refs/heads/${name}`;
      const title = I18n.getText('yourcompany.branch.create.done.title', name);
      show(
        region,
        focusable(
          auiMessage(
            'success',
            title,
            I18n.getText('yourcompany.branch.create.done.body', shortSha(facts.headCommit)),
            h('p', null, h('a', { href: branchHref(facts.sourceRepo, refId), 'data-testid': 'yc-branch-create-link' }, I18n.getText('yourcompany.branch.create.done.link', name))),
          ),
        ),
      );
      options.onCreated?.(branch);
    } catch (failure) {
      if (isAborted(failure)) return;
      render(requestError, errorMessage(failure));
      submit.focus();
    } finally {
      if (submit.isConnected) setBusy(false);
    }
  };

  const form = h(
    'form',
    { class: 'aui yc-branch-create-form', 'aria-labelledby': `${id}-title`, novalidate: true, onsubmit: (event: Event) => void onSubmit(event) },
    sectionHeading(I18n.getText('yourcompany.branch.create.title'), { id: `${id}-title` }),
    requestError,
    h('div', { class: 'field-group' }, h('label', { for: `${id}-type` }, I18n.getText('yourcompany.branch.create.type')), select),
    h(
      'div',
      { class: 'field-group' },
      h('label', { for: `${id}-name` }, I18n.getText('yourcompany.branch.create.name'), h('span', { class: 'aui-icon icon-required' }, I18n.getText('yourcompany.common.required'))),
      input,
      error,
      h('div', { id: `${id}-description`, class: 'description' }, I18n.getText('yourcompany.branch.create.startpoint', shortSha(facts.headCommit))),
    ),
    h(
      'div',
      { class: 'buttons-container' },
      h(
        'div',
        { class: 'buttons' },
        submit,
        options.onCancel ? h('button', { type: 'button', class: 'aui-button aui-button-link', onclick: () => options.onCancel?.() }, I18n.getText('yourcompany.common.cancel')) : null,
      ),
    ),
  );
  render(region, form);
  input.focus();
  input.setSelectionRange?.(input.value.length, input.value.length);
}
