/** DOM for the branch panel, built only with h(): every server string ends up as a text node. */
import { I18n } from 'yourcompany/host';
import { button, h, lozenge } from 'yourcompany/ui';
import { errorMessage, sectionHeading } from 'yourcompany/ui-widgets';
import type { Branch } from 'yourcompany/rest';
import type { BranchModels, ContainingBranches } from './data';
import { aheadBehindOf, canOfferDeleteOf, sourcePosition } from 'yourcompany/pr-summary';
import type { AheadBehind, BranchPermissions, PullRequestFacts, SourcePosition } from 'yourcompany/pr-summary';
import { categorize, shortSha } from './model';
import type { BranchCategoryView } from './model';
import { branchHref } from './links';

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface BranchPanelData {
  facts: PullRequestFacts;
  source: Settled<Branch | null>;
  /** Null when the model could not be read: categories are decoration, so the panel just omits them. */
  models: BranchModels | null;
  containing: Settled<ContainingBranches>;
  permissions: BranchPermissions;
  /** Filled in after the first render for a moved branch. */
  newCommits?: Settled<{ count: number; capped: boolean }>;
  /** Set once this page deleted the branch (the client may still hold a cached lookup). */
  deletedHere?: boolean;
}

export interface BranchPanelHandlers {
  onCreate(trigger: HTMLElement): void;
  onDelete(trigger: HTMLElement): void;
}

/** Rows rendered before "show more": keeps huge lists cheap. */
export const CONTAINING_PAGE = 20;

function categoryLozenge(category: BranchCategoryView | null): HTMLElement | null {
  if (!category) return null;
  const text =
    category.id === 'DEVELOPMENT'
      ? I18n.getText('yourcompany.branch.category.development')
      : category.id === 'PRODUCTION'
        ? I18n.getText('yourcompany.branch.category.production')
        : (category.displayName ?? category.id);
  return h('span', { class: 'yc-branch-category', 'data-category': category.id }, lozenge(category.id === 'HOTFIX' ? 'error' : category.id === 'RELEASE' ? 'success' : 'default', text, true));
}

function refName(name: string, href: string | null): HTMLElement {
  const code = h('code', { class: 'yc-ref', title: name }, name);
  return href ? h('a', { href, class: 'yc-ref-link' }, code) : code;
}

export function positionOf(data: BranchPanelData): SourcePosition | null {
  if (data.deletedHere) return { kind: 'deleted' };
  if (!data.source.ok) return null;
  const position = sourcePosition(data.source.value, data.facts.headCommit);
  if (position?.kind === 'moved' && data.newCommits?.ok) return { ...position, newCommits: data.newCommits.value.count, capped: data.newCommits.value.capped };
  return position;
}

function positionView(data: BranchPanelData): HTMLElement | null {
  const position = positionOf(data);
  if (!position) return null;
  if (position.kind === 'deleted') {
    return h('span', { class: 'yc-branch-position', 'data-position': 'deleted' }, lozenge('moved', I18n.getText('yourcompany.branch.position.deleted')));
  }
  if (position.kind === 'same') {
    return h('span', { class: 'yc-branch-position', 'data-position': 'same' }, I18n.getText('yourcompany.branch.position.same', shortSha(data.facts.headCommit)));
  }
  const text =
    position.newCommits === null
      ? I18n.getText('yourcompany.branch.position.moved', shortSha(position.tip))
      : position.capped
        ? I18n.getText('yourcompany.branch.position.ahead.capped', position.newCommits, shortSha(position.tip))
        : I18n.getText('yourcompany.branch.position.ahead', position.newCommits, shortSha(position.tip));
  return h('span', { class: 'yc-branch-position', 'data-position': 'moved' }, lozenge('current', I18n.getText('yourcompany.branch.position.moved.lozenge')), ' ', text);
}

function aheadBehindView(counts: AheadBehind | null, target: string): HTMLElement | null {
  if (!counts) return null;
  return h('span', { class: 'yc-branch-aheadbehind', 'data-ahead': counts.ahead, 'data-behind': counts.behind }, I18n.getText('yourcompany.branch.aheadbehind', counts.ahead, counts.behind, target));
}

function sourceRow(data: BranchPanelData): HTMLElement[] {
  const { facts } = data;
  const branch = data.source.ok ? data.source.value : null;
  const exists = !data.deletedHere && branch !== null;
  const category = categoryLozenge(categorize(facts.sourceName, data.models?.source ?? null));
  return [
    h('dt', null, I18n.getText('yourcompany.branch.source')),
    h(
      'dd',
      { 'data-testid': 'yc-branch-source' },
      refName(facts.sourceName, exists ? branchHref(facts.sourceRepo, facts.sourceRefId) : null),
      facts.sameRepo ? null : h('span', { class: 'yc-branch-repo' }, ` (${facts.sourceRepo.projectKey}/${facts.sourceRepo.repositorySlug})`),
      ' ',
      category,
      ' ',
      positionView(data),
      exists ? [' ', aheadBehindView(aheadBehindOf(branch), facts.targetName)] : null,
      data.source.ok ? null : errorMessage(data.source.error),
      data.newCommits && !data.newCommits.ok ? errorMessage(data.newCommits.error) : null,
    ),
  ];
}

function targetRow(data: BranchPanelData): HTMLElement[] {
  const { facts } = data;
  return [
    h('dt', null, I18n.getText('yourcompany.branch.target')),
    h(
      'dd',
      { 'data-testid': 'yc-branch-target' },
      refName(facts.targetName, branchHref(facts.targetRepo, facts.targetRefId)),
      ' ',
      categoryLozenge(categorize(facts.targetName, data.models?.target ?? null)),
    ),
  ];
}

function containingView(data: BranchPanelData): HTMLElement {
  const headingId = 'yc-branch-containing-heading';
  const heading = sectionHeading(I18n.getText('yourcompany.branch.containing.title', shortSha(data.facts.headCommit)), { id: headingId });
  const section = h('section', { class: 'yc-branch-containing', 'aria-labelledby': headingId, 'data-testid': 'yc-branch-containing' }, heading);
  if (!data.containing.ok) {
    section.appendChild(errorMessage(data.containing.error) ?? h('span'));
    return section;
  }
  const { names, more } = data.containing.value;
  if (!names.length) {
    section.appendChild(h('p', { class: 'yc-empty' }, I18n.getText('yourcompany.branch.containing.none')));
    return section;
  }
  const list = h('ul', { class: 'yc-branch-list' });
  let shown = 0;
  const showMore = button(I18n.getText('yourcompany.common.showmore'), () => renderNext(true), { subtle: true, testId: 'yc-branch-containing-more' });
  const renderNext = (moveFocus: boolean): void => {
    const items = names.slice(shown, shown + CONTAINING_PAGE).map((item) => h('li', null, refName(item.name, branchHref(data.facts.sourceRepo, item.refId))));
    for (const item of items) list.appendChild(item);
    shown += items.length;
    if (shown >= names.length) showMore.remove();
    // The button may just have vanished: keep keyboard users in the list they were extending.
    if (moveFocus) items[0]?.querySelector('a')?.focus();
  };
  renderNext(false);
  section.appendChild(list);
  if (shown < names.length) section.appendChild(showMore);
  if (more) section.appendChild(h('p', { class: 'yc-note' }, I18n.getText('yourcompany.branch.containing.more', names.length)));
  return section;
}

/** Whether the delete action applies at all (permission aside): merged PR, branch still there. */
export function canOfferDelete(data: BranchPanelData): boolean {
  return canOfferDeleteOf(data.facts, data.source, data.deletedHere);
}

function actionsView(data: BranchPanelData, handlers: BranchPanelHandlers): HTMLElement | null {
  if (!data.permissions.write) return null;
  const create = button(I18n.getText('yourcompany.branch.create.button'), (event) => handlers.onCreate(event.currentTarget as HTMLElement), { testId: 'yc-branch-create' });
  const remove = canOfferDelete(data)
    ? button(I18n.getText('yourcompany.branch.delete.button'), (event) => handlers.onDelete(event.currentTarget as HTMLElement), { testId: 'yc-branch-delete' })
    : null;
  return h('div', { class: 'yc-branch-actions aui-buttons', role: 'group', 'aria-label': I18n.getText('yourcompany.branch.actions.label') }, create, remove);
}

export function branchPanelView(data: BranchPanelData, handlers: BranchPanelHandlers, flowRegion: HTMLElement, status: HTMLElement): HTMLElement {
  return h(
    'div',
    { class: 'yc-branch-panel', 'data-testid': 'yc-branch-panel' },
    status,
    h('dl', { class: 'yc-branch-refs' }, ...sourceRow(data), ...targetRow(data)),
    containingView(data),
    actionsView(data, handlers),
    flowRegion,
  );
}
