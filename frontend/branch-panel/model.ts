/**
 * Pure rules of the branch panel's own views (categories, the create form's names and types). The label's
 * mapping is `yourcompany/pr-summary`'s branch model; these load with the panel, not with the PR page.
 */
import { branchNameOf } from 'yourcompany/pr-summary';
import type { BranchCategory, BranchModel } from 'yourcompany/rest';

export interface BranchCategoryView {
  id: BranchCategory | 'DEVELOPMENT' | 'PRODUCTION';
  /** Server-provided display name for types ("Feature"); null for the model branches (the view names those). */
  displayName: string | null;
}

/** The branch-model category of a branch: model branches first, then the longest matching type prefix. */
export function categorize(name: string, model: BranchModel | null): BranchCategoryView | null {
  if (!model) return null;
  if (model.development && branchNameOf(model.development.id, model.development.displayId) === name) return { id: 'DEVELOPMENT', displayName: null };
  if (model.production && branchNameOf(model.production.id, model.production.displayId) === name) return { id: 'PRODUCTION', displayName: null };
  let best: BranchModel['types'][number] | undefined;
  for (const type of Array.isArray(model.types) ? model.types : []) {
    if (typeof type?.prefix !== 'string' || !type.prefix || !name.startsWith(type.prefix)) continue;
    if (!best || type.prefix.length > best.prefix.length) best = type;
  }
  return best ? { id: best.id, displayName: typeof best.displayName === 'string' ? best.displayName : best.id } : null;
}

export function shortSha(commit: string): string {
  return commit.slice(0, 11);
}

/** Why a branch name is not acceptable, per `git check-ref-format` plus Bitbucket's 255-character limit. */
export type RefNameProblem =
  | { kind: 'empty' }
  | { kind: 'too-long' }
  | { kind: 'dot-dot' }
  | { kind: 'bad-char'; char: string }
  | { kind: 'slash' }
  | { kind: 'lock' }
  | { kind: 'dot' }
  | { kind: 'at-brace' }
  | { kind: 'dash' }
  | { kind: 'exists' };

const MAX_REF_NAME = 255;

export function refNameProblem(name: string): RefNameProblem | null {
  if (name === '') return { kind: 'empty' };
  if (Array.from(name).length > MAX_REF_NAME) return { kind: 'too-long' };
  const bad = /[\u0000-\u0020\u007f~^:?*[\\]/.exec(name);
  if (bad) return { kind: 'bad-char', char: bad[0] };
  if (name.includes('..')) return { kind: 'dot-dot' };
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return { kind: 'slash' };
  if (name.split('/').some((component) => component.endsWith('.lock'))) return { kind: 'lock' };
  if (name.endsWith('.') || name.split('/').some((component) => component.startsWith('.'))) return { kind: 'dot' };
  if (name.includes('@{') || name === '@') return { kind: 'at-brace' };
  if (name.startsWith('-')) return { kind: 'dash' };
  return null;
}

export interface BranchTypeOption {
  id: BranchCategory | 'NONE';
  displayName: string | null;
  prefix: string;
}

const DEFAULT_PREFIX = 'feature/';

/** Enabled branch types for the create form; FEATURE preselected when enabled (else the first), "no prefix" last. */
export function branchTypeOptions(model: BranchModel | null): { options: BranchTypeOption[]; selected: BranchTypeOption } {
  const types = (model && Array.isArray(model.types) ? model.types : []).filter((t) => typeof t?.prefix === 'string' && refNameProblem(t.prefix.replace(/\/$/, '') || 'x') === null);
  const options: BranchTypeOption[] = types.map((t) => ({ id: t.id, displayName: typeof t.displayName === 'string' ? t.displayName : t.id, prefix: t.prefix }));
  if (!options.length) {
    // No model (or no enabled types): still suggest the conventional prefix, but let the user drop it.
    const feature: BranchTypeOption = { id: 'FEATURE', displayName: null, prefix: DEFAULT_PREFIX };
    return { options: [feature, { id: 'NONE', displayName: null, prefix: '' }], selected: feature };
  }
  options.push({ id: 'NONE', displayName: null, prefix: '' });
  return { options, selected: options.find((o) => o.id === 'FEATURE') ?? options[0] };
}

/** Swaps the prefix of a typed name when the user picks another type, keeping what they typed after it. */
export function swapPrefix(name: string, from: string, to: string): string {
  return from && name.startsWith(from) ? to + name.slice(from.length) : to + name;
}
