/**
 * `POST /rest/search/latest/search`: Bitbucket's code search. Not in the 9.2 OpenAPI document (Atlassian
 * documents no public code-search REST API, BSERV-11632); real servers serve it from the bundled search
 * plugin when a search server (OpenSearch/Elasticsearch) is configured, which every supported Data Center
 * install has. The emulator answers as such a server, over the store's default branches; the request and
 * response shapes are the ones public clients of this endpoint read (README "Code search").
 */
import type { FastifyInstance } from 'fastify';
import { SearchQueryError, indexedDocuments, matches, parseQuery, positiveTerms } from '../store/search';
import type { Store } from '../store/store';
import { CONTEXT_PATH, baseUrl, body, fail, sendJson, unauthorized } from './http';
import { restProject, restRepository } from './serialize';

const CONTEXT_LINES = 1;
const MAX_LIMIT = 100;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** `text` HTML-escaped with every occurrence of a term wrapped in `<em>`, as the search server highlights. */
function highlight(text: string, terms: string[]): { html: string; hits: number } {
  const lower = text.toLowerCase();
  const marks: [number, number][] = [];
  for (const term of terms) {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + term.length)) {
      if (!marks.some(([s, e]) => at < e && at + term.length > s)) marks.push([at, at + term.length]);
    }
  }
  marks.sort((a, b) => a[0] - b[0]);
  let html = '';
  let cursor = 0;
  for (const [start, end] of marks) {
    html += `${escapeHtml(text.slice(cursor, start))}<em>${escapeHtml(text.slice(start, end))}</em>`;
    cursor = end;
  }
  return { html: html + escapeHtml(text.slice(cursor)), hits: marks.length };
}

function pagination(raw: unknown, fallbackLimit: number): { start: number; limit: number } {
  const r = (raw ?? {}) as { start?: unknown; limit?: unknown };
  const start = Math.max(0, Number.parseInt(String(r.start ?? 0), 10) || 0);
  const limit = Math.min(MAX_LIMIT, Math.max(1, Number.parseInt(String(r.limit ?? fallbackLimit), 10) || fallbackLimit));
  return { start, limit };
}

function page<T>(items: T[], start: number, limit: number, category: string) {
  const values = items.slice(start, start + limit);
  const isLastPage = start + values.length >= items.length;
  return { category, isLastPage, count: items.length, start, nextStart: isLastPage ? undefined : start + values.length, values };
}

export function registerSearch(app: FastifyInstance, store: Store): void {
  // `/rest/search/1.0/search` reaches this too (aliasVersion).
  app.post(`${CONTEXT_PATH}/rest/search/latest/search`, async (request, reply) => {
    const b = body(request);
    const readable = store.data.repositories.filter((r) => store.accessLevel(request.user, r, request.tokenPermissions ?? undefined) > 0);
    if (!request.user && readable.length === 0) unauthorized();
    const query = typeof b.query === 'string' ? b.query : '';
    if (!query.trim()) fail(400, 'A search query is required.', null, {}, 'query');
    let tree;
    try {
      tree = parseQuery(query);
    } catch (error) {
      if (error instanceof SearchQueryError) fail(400, error.message, null, {}, 'query');
      throw error;
    }
    const entities = (b.entities ?? { code: {} }) as Record<string, unknown>;
    const limits = (b.limits ?? {}) as { primary?: unknown; secondary?: unknown };
    const primary = Number(limits.primary) > 0 ? Number(limits.primary) : 25;
    const secondary = Number(limits.secondary) > 0 ? Number(limits.secondary) : 10;
    const base = baseUrl(request);
    const out: Record<string, unknown> = { scope: { type: 'GLOBAL' } };

    if ('code' in entities) {
      const terms = positiveTerms(tree);
      const hits = indexedDocuments(store, readable).filter((doc) => matches(tree, doc));
      const { start, limit } = pagination(entities.code, primary);
      const code = page(hits, start, limit, 'primary');
      out.code = {
        ...code,
        values: code.values.map((doc) => {
          const lines = doc.content.split('\n');
          if (lines[lines.length - 1] === '') lines.pop();
          const lit = lines.map((line) => highlight(line, terms));
          // Hit lines with CONTEXT_LINES around them; touching windows form one context.
          const shown = new Set<number>();
          lit.forEach((l, i) => {
            if (l.hits > 0) for (let j = Math.max(0, i - CONTEXT_LINES); j <= Math.min(lines.length - 1, i + CONTEXT_LINES); j++) shown.add(j);
          });
          const contexts: { line: number; text: string }[][] = [];
          for (const i of [...shown].sort((x, y) => x - y)) {
            const last = contexts[contexts.length - 1];
            if (last && last[last.length - 1].line === i) last.push({ line: i + 1, text: lit[i].html });
            else contexts.push([{ line: i + 1, text: lit[i].html }]);
          }
          const path = highlight(doc.path, terms);
          return {
            repository: restRepository(store, doc.repo, base),
            file: doc.path,
            hitContexts: contexts,
            pathMatches: path.hits > 0 ? [{ text: path.html, match: true }] : [],
            hitCount: lit.reduce((sum, l) => sum + l.hits, 0) + path.hits,
          };
        }),
      };
    }
    if ('repositories' in entities) {
      const terms = positiveTerms(tree);
      const repos = readable.filter((r) => terms.some((t) => r.slug.includes(t) || r.name.toLowerCase().includes(t)));
      const { start, limit } = pagination(entities.repositories, secondary);
      const found = page(repos, start, limit, 'secondary');
      out.repositories = { ...found, values: found.values.map((r) => restRepository(store, r, base)) };
    }
    if ('projects' in entities) {
      const terms = positiveTerms(tree);
      const keys = new Set(readable.map((r) => r.projectKey));
      const projects = store.data.projects.filter((p) => keys.has(p.key) && terms.some((t) => p.key.toLowerCase().includes(t) || p.name.toLowerCase().includes(t)));
      const { start, limit } = pagination(entities.projects, secondary);
      const found = page(projects, start, limit, 'secondary');
      out.projects = { ...found, values: found.values.map((p) => restProject(p, base)) };
    }
    out.query = { substituted: false };
    return sendJson(reply, 200, out);
  });
}
