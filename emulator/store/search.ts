/**
 * Code search over the store, as Bitbucket's search server answers `POST /rest/search/latest/search`:
 * only default branches are indexed; a query is search terms (words or "quoted phrases", case-insensitive)
 * with implicit AND, explicit `AND`/`OR`/`NOT` and parentheses, and modifiers `project:`, `repo:`
 * (`slug` or `KEY/slug`), `ext:`, `lang:`, `path:` (a glob) and `fork:` (no forks here). A query needs at least one
 * search term that is not a modifier.
 */
import type { Store } from './store';
import type { RepositoryRecord } from './types';

export class SearchQueryError extends Error {}

type Node =
  | { kind: 'and' | 'or'; items: Node[] }
  | { kind: 'not'; item: Node }
  | { kind: 'term'; text: string }
  | { kind: 'modifier'; name: string; value: string };

/** What one indexed file offers to a query. */
export interface SearchDocument {
  repo: RepositoryRecord;
  path: string;
  content: string;
}

const MODIFIERS = ['project', 'repo', 'ext', 'lang', 'path', 'fork'];
/** `lang:` names → file extensions (the common ones; Bitbucket maps languages the same way). */
const LANGUAGES: Record<string, string[]> = {
  javascript: ['js', 'mjs', 'cjs', 'jsx'],
  typescript: ['ts', 'tsx'],
  java: ['java'],
  python: ['py'],
  markdown: ['md', 'markdown'],
  json: ['json'],
  shell: ['sh', 'bash'],
  css: ['css'],
  html: ['html', 'htm'],
  yaml: ['yml', 'yaml'],
  go: ['go'],
};

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(\(|\)|[a-z]+:"[^"]*"|"[^"]*"?|[^\s()"]+)/gy;
  let end = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(query)) !== null) {
    tokens.push(match[1]);
    end = pattern.lastIndex;
  }
  if (query.slice(end).trim()) throw new SearchQueryError(`Unexpected text in the search query: ${query.slice(end).trim()}`);
  return tokens;
}

export function parseQuery(query: string): Node {
  const tokens = tokenize(query.trim());
  let position = 0;
  const peek = () => tokens[position];
  const expression = (): Node => {
    const items = [conjunction()];
    while (peek() === 'OR') {
      position++;
      items.push(conjunction());
    }
    return items.length === 1 ? items[0] : { kind: 'or', items };
  };
  const conjunction = (): Node => {
    const items = [unary()];
    while (peek() !== undefined && peek() !== ')' && peek() !== 'OR') {
      if (peek() === 'AND') position++;
      items.push(unary());
    }
    return items.length === 1 ? items[0] : { kind: 'and', items };
  };
  const unary = (): Node => {
    const token = tokens[position++];
    if (token === undefined) throw new SearchQueryError('The search query ends where a search term was expected.');
    if (token === 'NOT') return { kind: 'not', item: unary() };
    if (token === '(') {
      const inner = expression();
      if (tokens[position++] !== ')') throw new SearchQueryError('A parenthesis in the search query is not closed.');
      return inner;
    }
    if (token === ')' || token === 'AND' || token === 'OR') throw new SearchQueryError(`Unexpected ${token} in the search query.`);
    const modifier = /^([a-z]+):(.+)$/.exec(token);
    if (modifier && MODIFIERS.includes(modifier[1])) return { kind: 'modifier', name: modifier[1], value: modifier[2].replace(/^"|"$/g, '') };
    return { kind: 'term', text: token.replace(/^"|"$/g, '').toLowerCase() };
  };
  const root = expression();
  if (position < tokens.length) throw new SearchQueryError(`Unexpected ${tokens[position]} in the search query.`);
  const hasTerm = (node: Node): boolean =>
    node.kind === 'term' ? node.text !== '' : node.kind === 'not' ? false : node.kind === 'modifier' ? false : node.items.some(hasTerm);
  if (!hasTerm(root)) throw new SearchQueryError('Search queries must contain at least one search term that is not a modifier or negated.');
  return root;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*');
  return new RegExp(`(^|/)${body}$`, 'i');
}

function modifierMatches(name: string, value: string, doc: SearchDocument): boolean {
  const extension = doc.path.includes('.') ? doc.path.slice(doc.path.lastIndexOf('.') + 1).toLowerCase() : '';
  switch (name) {
    case 'project':
      return doc.repo.projectKey === value.toUpperCase();
    case 'repo': {
      const [key, slug] = value.includes('/') ? value.split('/') : [undefined, value];
      return doc.repo.slug === slug.toLowerCase() && (key === undefined || doc.repo.projectKey === key.toUpperCase());
    }
    case 'ext':
      return extension === value.toLowerCase().replace(/^\./, '');
    case 'lang':
      return (LANGUAGES[value.toLowerCase()] ?? [value.toLowerCase()]).includes(extension);
    case 'path':
      return globToRegExp(value).test(doc.path) || doc.path.toLowerCase().startsWith(value.toLowerCase().replace(/\/?$/, '/'));
    case 'fork':
      return value === 'false' || value === 'true'; // no repository here is a fork
    default:
      return false;
  }
}

export function matches(node: Node, doc: SearchDocument): boolean {
  switch (node.kind) {
    case 'and':
      return node.items.every((item) => matches(item, doc));
    case 'or':
      return node.items.some((item) => matches(item, doc));
    case 'not':
      return !matches(node.item, doc);
    case 'modifier':
      return modifierMatches(node.name, node.value, doc);
    case 'term':
      return doc.content.toLowerCase().includes(node.text) || doc.path.toLowerCase().includes(node.text);
  }
}

/** The terms that count as hits (not under NOT), longest first so overlapping highlights prefer them. */
export function positiveTerms(node: Node): string[] {
  const out = new Set<string>();
  const walk = (n: Node) => {
    if (n.kind === 'term') out.add(n.text);
    else if (n.kind === 'and' || n.kind === 'or') n.items.forEach(walk);
  };
  walk(node);
  return [...out].filter(Boolean).sort((a, b) => b.length - a.length);
}

/** Every file on each readable repository's default branch, the search server's index. */
export function indexedDocuments(store: Store, repos: RepositoryRecord[]): SearchDocument[] {
  const docs: SearchDocument[] = [];
  for (const repo of repos) {
    const tip = repo.branches[repo.defaultBranch];
    const commit = tip ? repo.commits[tip] : undefined;
    if (!commit) continue;
    for (const path of Object.keys(commit.tree).sort()) {
      const content = store.blob(commit.tree[path]) ?? '';
      if (content.includes('\u0000')) continue; // binary files are not indexed
      docs.push({ repo, path, content });
    }
  }
  return docs;
}
