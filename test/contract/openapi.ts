/**
 * Atlassian's Bitbucket DC 9.2 OpenAPI document as a test oracle: find the operation a concrete request
 * hits, and validate request/response bodies with ajv. Shared by the REST client contract test and the
 * emulator's contract test.
 *
 * The document is OpenAPI 3.0 (not JSON Schema): `nullable`, `example`, formats `int32`/`int64`, and
 * `#/components/schemas/X` refs. `toJsonSchema()` rewrites those for ajv. Where the document is known to
 * be wrong about what real servers send, `DOCUMENTED_DEVIATIONS` patches it, each patch citing the
 * gap it covers (vendor/README.md names the document's source). Nothing else is relaxed.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'fs';
import { join } from 'path';

/** Vendored copy (source, licence and sha256 in vendor/README.md, pinned by vendor.test.ts). */
export const SPEC_FILE = join(__dirname, 'vendor', 'bitbucket-dc-9.2-openapi.json');
export const SPEC_SHA256 = '06e03d1873be67d0b5ec6120cd10d694c1f068e2ac5789679e9975e26697161c';

export type SchemaObject = { [keyword: string]: unknown };

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
  description?: string;
}

export interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }>; required?: boolean };
  responses?: Record<string, { content?: Record<string, { schema?: SchemaObject }>; description?: string }>;
  description?: string;
}

export interface OpenApiDocument {
  info: { version: string };
  paths: Record<string, Record<string, OpenApiOperation | OpenApiParameter[]>>;
  components: { schemas: Record<string, SchemaObject> };
}

export interface OperationMatch {
  method: string;
  /** The spec's path key, e.g. `/api/latest/projects/{projectKey}/repos/{repositorySlug}`. */
  template: string;
  operationId: string;
  operation: OpenApiOperation;
  /** Decoded path parameter values. */
  pathParams: Record<string, string>;
  /** Path + operation parameters (operation ones win). */
  parameters: OpenApiParameter[];
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

let cachedSpec: OpenApiDocument | undefined;

/** JSON deep copy (jsdom test environments have no `structuredClone`). */
const jsonClone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export function loadSpec(): OpenApiDocument {
  cachedSpec ??= JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as OpenApiDocument;
  return cachedSpec;
}

interface CompiledTemplate {
  template: string;
  regex: RegExp;
  paramNames: string[];
  literalLength: number;
}

let templates: CompiledTemplate[] | undefined;

function compiledTemplates(): CompiledTemplate[] {
  if (templates) return templates;
  const spec = loadSpec();
  templates = Object.keys(spec.paths).map((template) => {
    const multiSegment = new Set(
      allParameters(spec, template)
        .filter((p) => p.in === 'path' && (p.schema?.pattern === '.*' || p.name === 'path'))
        .map((p) => p.name),
    );
    // `…/commits/{commitId}/diff/{path}`: a path the document calls "(optional)" may be left out with its slash
    // (`…/diff` is the whole diff, as real servers answer and clients such as Danger call it).
    const optionalPath = new Set(
      allParameters(spec, template)
        .filter((p) => p.in === 'path' && p.name === 'path' && /\(optional\)/.test(p.description ?? ''))
        .map((p) => p.name),
    );
    const paramNames: string[] = [];
    let literalLength = 0;
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part, index, parts) => {
        const param = /^\{([^}]+)\}$/.exec(part);
        if (!param) {
          literalLength += part.length;
          const next = /^\{([^}]+)\}$/.exec(parts[index + 1] ?? '');
          const literal = next && optionalPath.has(next[1]) && part.endsWith('/') ? part.slice(0, -1) : part;
          return literal.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        }
        paramNames.push(param[1]);
        if (optionalPath.has(param[1]) && parts[index - 1]?.endsWith('/')) return '(?:/(.+))?';
        if (!multiSegment.has(param[1])) return '([^/]+)';
        // `…/compare/diff{path}`: a path glued to a literal is optional and brings its own leading slash.
        return parts[index - 1] && !parts[index - 1].endsWith('/') ? '(.*)' : '(.+)';
      })
      .join('');
    return { template, regex: new RegExp(`^${source}$`), paramNames, literalLength };
  });
  // Most literal text first, so `/commits/stats` beats `/commits/{commitId}`.
  templates.sort((a, b) => b.literalLength - a.literalLength);
  return templates;
}

function allParameters(spec: OpenApiDocument, template: string, method?: string): OpenApiParameter[] {
  const item = spec.paths[template];
  const shared = (Array.isArray(item.parameters) ? item.parameters : []) as OpenApiParameter[];
  const ops = method ? [item[method] as OpenApiOperation | undefined] : HTTP_METHODS.map((m) => item[m] as OpenApiOperation | undefined);
  const own = ops.flatMap((op) => op?.parameters ?? []);
  const byKey = new Map<string, OpenApiParameter>();
  for (const p of [...shared, ...own]) byKey.set(`${p.in}:${p.name}`, p);
  return [...byKey.values()];
}

/**
 * `concretePath` is what went over the wire after the context path: `/rest/api/latest/…?…` (or the
 * spec-relative `/api/latest/…`). `1.0` is accepted as the alias of `latest` (rest-contracts.md, shorthand).
 */
export function specRelativePath(concretePath: string): string {
  let p = concretePath.split(/[?#]/)[0];
  if (p.startsWith('/rest/')) p = p.slice('/rest'.length);
  return p.replace(/^(\/[^/]+)\/1\.0(\/|$)/, '$1/latest$2');
}

export function findOperation(method: string, concretePath: string): OperationMatch | undefined {
  const spec = loadSpec();
  const wanted = method.toLowerCase();
  const p = specRelativePath(concretePath);
  for (const t of compiledTemplates()) {
    const m = t.regex.exec(p);
    if (!m) continue;
    const operation = spec.paths[t.template][wanted] as OpenApiOperation | undefined;
    if (!operation || Array.isArray(operation)) continue;
    const pathParams: Record<string, string> = {};
    t.paramNames.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(m[i + 1] ?? '');
    });
    return {
      method: wanted.toUpperCase(),
      template: t.template,
      operationId: operation.operationId ?? `${wanted} ${t.template}`,
      operation,
      pathParams,
      parameters: allParameters(spec, t.template, wanted),
    };
  }
  return undefined;
}

/**
 * Whether the operation declares a query parameter of this name. The users resource declares its
 * numbered permission filters as `permission.N` and documents `[root].projectKey`, `[root].projectId`
 * and `[root].repositorySlug` sub-parameters in its description ("Permission Filters").
 */
export function declaresQueryParameter(match: OperationMatch, name: string): boolean {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const documentsFilters = /Permission Filters/.test(match.operation.description ?? '');
  return match.parameters
    .filter((p) => p.in === 'query')
    .some((p) => {
      if (p.name === name) return true;
      const numbered = p.name.endsWith('.N');
      if (!numbered && p.name !== 'permission') return false;
      const root = numbered ? `${escape(p.name.slice(0, -2))}\\.\\d+` : escape(p.name);
      const sub = p.name.startsWith('permission') && documentsFilters ? '(\\.(projectKey|projectId|repositorySlug))?' : '';
      return new RegExp(`^${root}${sub}$`).test(name);
    });
}

// ---------------------------------------------------------------------------------------------------------
// Schemas

/** Patches for where the 9.2 document disagrees with real servers. Each names its source. */
export const DOCUMENTED_DEVIATIONS: { what: string; source: string; apply(definitions: Record<string, SchemaObject>): void }[] = [
  {
    what: 'RestInsightReportData.value is typed `object`; real servers send numbers, strings, booleans or {linktext, href}. Validated by `type`.',
    source: 'reference/README.md "Known gaps"; rest-contracts.md §5.2',
    apply(definitions) {
      const original = definitions.RestInsightReportData;
      const typed = (types: string[], value: SchemaObject): SchemaObject => ({
        if: { required: ['type'], properties: { type: { enum: types } } },
        then: { properties: { value } },
      });
      definitions.RestInsightReportData = {
        ...original,
        properties: { ...(original.properties as SchemaObject), value: {} },
        allOf: [
          typed(['BOOLEAN'], { type: 'boolean' }),
          typed(['DATE', 'DURATION', 'NUMBER', 'PERCENTAGE'], { type: 'number' }),
          typed(['TEXT'], { type: 'string' }),
          typed(['LINK'], { type: 'object', required: ['linktext', 'href'], properties: { linktext: { type: 'string' }, href: { type: 'string' } } }),
          { if: { not: { required: ['type'] } }, then: { properties: { value: { type: ['number', 'string', 'boolean'] } } } },
        ],
      };
    },
  },
  {
    what: 'RestPullRequestMergeability lacks `canMerge`, which real servers send.',
    source: 'rest-contracts.md §0 "Fields the spec lacks", §2.2 "Merge status"',
    apply(definitions) {
      addProperty(definitions.RestPullRequestMergeability, 'canMerge', { type: 'boolean' });
    },
  },
  {
    what: 'RestInsightAnnotationsResponse lacks `totalCount`, which real servers send.',
    source: 'rest-contracts.md §0 "Fields the spec lacks", §5.3',
    apply(definitions) {
      addProperty(definitions.RestInsightAnnotationsResponse, 'totalCount', { type: 'integer' });
    },
  },
  {
    what: "RestChangeset.changes.values is typed `object`; it is a page's values, an array of changes, like every Bitbucket page's.",
    source: 'the document\'s own page schemas (values: array) and RestChange; …/jira/latest/issues/{issueKey}/commits',
    apply(definitions) {
      const changes = (definitions.RestChangeset.properties as SchemaObject).changes as SchemaObject;
      addProperty(changes, 'values', { type: 'array', items: { $ref: '#/components/schemas/RestChange' } });
    },
  },
  {
    what: 'RestDetailedInvocation.start/finish are typed int32, but they are epoch milliseconds (a current date exceeds 2^31); validated as int64.',
    source: 'the type cannot hold any date after 1970-01-25 in milliseconds; webhook invocation history renders them as dates',
    apply(definitions) {
      const properties = definitions.RestDetailedInvocation.properties as Record<string, SchemaObject>;
      for (const key of ['start', 'finish']) properties[key] = { type: 'integer', format: 'int64' };
    },
  },
];

/** Operation-level patches: the response schema of `operationId`/status is replaced. */
const RESPONSE_OVERRIDES: Record<string, { status: string; source: string; schema: SchemaObject }> = {
  streamChanges_1: {
    status: '200',
    source: 'rest-contracts.md §0: the PR /changes 200 is typed as a bare RestChange but is a page with fromHash/toHash',
    schema: {
      type: 'object',
      required: ['values', 'isLastPage'],
      properties: {
        values: { type: 'array', items: { $ref: '#/components/schemas/RestChange' } },
        size: { type: 'number' },
        limit: { type: 'number' },
        start: { type: 'integer' },
        isLastPage: { type: 'boolean' },
        nextPageStart: { type: 'integer' },
        fromHash: { type: 'string' },
        toHash: { type: 'string' },
      },
    },
  },
};

function addProperty(schema: SchemaObject, name: string, property: SchemaObject): void {
  schema.properties = { ...(schema.properties as SchemaObject), [name]: property };
}

const ROOT_ID = 'bitbucket-openapi';

/** OpenAPI 3.0 schema object → JSON Schema (draft-07) that ajv compiles. */
export function toJsonSchema(schema: unknown, options: { strictObjects?: boolean } = {}): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, options));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(schema as SchemaObject)) {
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', `${ROOT_ID}${options.strictObjects ? '-strict' : ''}#/definitions/`);
    } else if (key === 'example' || key === 'nullable' || key === 'xml' || key === 'externalDocs' || key === 'discriminator') {
      continue;
    } else if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(Object.entries(value as SchemaObject).map(([name, s]) => [name, toJsonSchema(s, options)]));
    } else {
      out[key] = toJsonSchema(value, options);
    }
  }
  const source = schema as SchemaObject;
  if (source.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  // Real servers send `"nextPageStart": null` on last pages (rest-contracts.md §1.4).
  const props = out.properties as SchemaObject | undefined;
  if (props?.isLastPage && props.nextPageStart) props.nextPageStart = { type: ['integer', 'null'] };
  if (options.strictObjects && props && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validator(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const int = (bits: number) => (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** (bits - 1);
  ajv.addFormat('int32', { type: 'number', validate: int(32) });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('binary', true);
  ajv.addFormat('byte', true);
  for (const strictObjects of [false, true]) {
    const definitions = Object.fromEntries(
      Object.entries(loadSpec().components.schemas).map(([name, s]) => [name, jsonClone(s)]),
    ) as Record<string, SchemaObject>;
    for (const deviation of DOCUMENTED_DEVIATIONS) deviation.apply(definitions);
    const converted = Object.fromEntries(Object.entries(definitions).map(([name, s]) => [name, toJsonSchema(s, { strictObjects })]));
    ajv.addSchema({ $id: `${ROOT_ID}${strictObjects ? '-strict' : ''}`, definitions: converted });
  }
  return ajv;
}

function compile(key: string, schema: SchemaObject, strictObjects: boolean): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    fn = validator().compile(toJsonSchema(schema, { strictObjects }) as SchemaObject);
    compiled.set(key, fn);
  }
  return fn;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? e.keyword}${e.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : ''}`);
}

/**
 * Validates a response body against the documented response for `status`. Returns problems, [] when it
 * conforms. A body for a response the spec documents without content (204) is a problem too.
 */
export function validateResponse(method: string, concretePath: string, status: number, body: unknown): string[] {
  const match = findOperation(method, concretePath);
  if (!match) return [`no operation ${method.toUpperCase()} ${specRelativePath(concretePath)} in the spec`];
  const override = RESPONSE_OVERRIDES[match.operationId];
  const response = match.operation.responses?.[String(status)] ?? match.operation.responses?.default;
  if (!response) return [`${match.operationId}: status ${status} is not documented`];
  const schema = override?.status === String(status) ? override.schema : response.content?.['application/json']?.schema;
  if (!response.content && !(override?.status === String(status))) {
    return body === undefined || body === '' || body === null ? [] : [`${match.operationId}: ${status} has no body in the spec`];
  }
  if (!schema) return []; // documented as JSON without a schema (e.g. streamRaw)
  const fn = compile(`res ${match.operationId} ${status}`, schema, false);
  return fn(body) ? [] : describe(fn.errors).map((e) => `${match.operationId} ${status}: ${e}`);
}

/**
 * Validates a request body against the operation's requestBody. With `strictObjects` (default) a property
 * the spec does not declare is a problem: we control what we send, so we send only documented fields.
 * Multipart bodies are passed as a plain object of their fields.
 */
export function validateRequestBody(method: string, concretePath: string, body: unknown, options: { strictObjects?: boolean } = {}): string[] {
  const strictObjects = options.strictObjects ?? true;
  const match = findOperation(method, concretePath);
  if (!match) return [`no operation ${method.toUpperCase()} ${specRelativePath(concretePath)} in the spec`];
  const content = match.operation.requestBody?.content;
  if (!content) return body === undefined ? [] : [`${match.operationId}: the spec documents no request body`];
  if (body === undefined) return match.operation.requestBody?.required ? [`${match.operationId}: request body required`] : [];
  const media = content['application/json'] ?? content['multipart/form-data'] ?? content['*/*'];
  if (!media?.schema) return [];
  const fn = compile(`req ${match.operationId} ${strictObjects}`, media.schema, strictObjects);
  return fn(body) ? [] : describe(fn.errors).map((e) => `${match.operationId} request: ${e}`);
}

// ---------------------------------------------------------------------------------------------------------
// Optional fields: what a server may leave out of a documented response

let patchedDefinitions: Record<string, SchemaObject> | undefined;

/** `components.schemas` with DOCUMENTED_DEVIATIONS applied (OpenAPI form, refs unresolved). */
export function documentedSchemas(): Record<string, SchemaObject> {
  if (patchedDefinitions) return patchedDefinitions;
  const definitions = Object.fromEntries(Object.entries(loadSpec().components.schemas).map(([name, s]) => [name, jsonClone(s)])) as Record<string, SchemaObject>;
  for (const deviation of DOCUMENTED_DEVIATIONS) deviation.apply(definitions);
  patchedDefinitions = definitions;
  return definitions;
}

/** The documented JSON schema of a response (RESPONSE_OVERRIDES applied), or undefined when the spec has none. */
export function responseSchema(method: string, concretePath: string, status = 200): SchemaObject | undefined {
  const match = findOperation(method, concretePath);
  if (!match) return undefined;
  const override = RESPONSE_OVERRIDES[match.operationId];
  if (override?.status === String(status)) return override.schema;
  return (match.operation.responses?.[String(status)] ?? match.operation.responses?.default)?.content?.['application/json']?.schema;
}

export type FieldPath = (string | number)[];

function resolveSchema(schema: SchemaObject | undefined): SchemaObject | undefined {
  let current = schema;
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 20; hops++) {
    current = documentedSchemas()[(current.$ref as string).replace('#/components/schemas/', '')];
  }
  return current;
}

/**
 * Every field present in `body` that a server may leave out: each property its schema declares but does
 * not list in `required` (in the 9.2 document that is nearly all of them), and each property the schema
 * does not declare at all (fields real servers send beyond the spec, e.g. a PR's `properties`; nothing can
 * require those). Arrays are walked item by item; without a schema (an undeclared subtree, or an operation
 * the spec lacks, such as the branch model) every property counts as optional.
 */
export function optionalFieldPaths(schema: SchemaObject | undefined, body: unknown, at: FieldPath = []): FieldPath[] {
  const resolved = resolveSchema(schema);
  if (Array.isArray(body)) {
    const items = resolved?.items as SchemaObject | undefined;
    return body.flatMap((item, i) => optionalFieldPaths(items, item, [...at, i]));
  }
  if (typeof body !== 'object' || body === null) return [];
  const declared = { ...((resolved?.properties as Record<string, SchemaObject> | undefined) ?? {}) };
  const required = new Set<string>(Array.isArray(resolved?.required) ? (resolved.required as string[]) : []);
  for (const part of (resolved?.allOf as SchemaObject[] | undefined) ?? []) {
    const p = resolveSchema(part);
    Object.assign(declared, (p?.properties as Record<string, SchemaObject> | undefined) ?? {});
    for (const name of (p?.required as string[] | undefined) ?? []) required.add(name);
  }
  // A map-like object (`additionalProperties` schema, e.g. branch metadata by provider): keys are data.
  const additional = typeof resolved?.additionalProperties === 'object' ? (resolved.additionalProperties as SchemaObject) : undefined;
  const paths: FieldPath[] = [];
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (!required.has(key)) paths.push([...at, key]);
    paths.push(...optionalFieldPaths(declared[key] ?? additional, value, [...at, key]));
  }
  return paths;
}
