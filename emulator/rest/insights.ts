/** `/rest/insights`: Code Insights reports and annotations with Bitbucket's limits (rest-contracts.md §5). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Store } from '../store/store';
import type { AnnotationRecord, InsightDataRecord, InsightDataType, InsightReportRecord } from '../store/types';
import { EXCEPTIONS, body, fail, isFullCommitId, isHttpUrl, many, noContent, paged, repoAccess, route, sendJson, unauthorized, Validation, type RepoContext } from './http';
import { restAnnotation, restReport } from './serialize';

export const MAX_ANNOTATIONS_PER_REPORT = 1000;
const DATA_TYPES: InsightDataType[] = ['BOOLEAN', 'DATE', 'DURATION', 'LINK', 'NUMBER', 'PERCENTAGE', 'TEXT'];
const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH'];
const ANNOTATION_TYPES = ['VULNERABILITY', 'CODE_SMELL', 'BUG'];

type Params = { projectKey: string; repositorySlug: string; commitId: string; key?: string; externalId?: string };

function validateData(check: Validation, raw: unknown): InsightDataRecord[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    check.add('data', 'The data must be a list of data fields.');
    return [];
  }
  if (raw.length > 6) check.add('data', `A report can have at most 6 data fields; ${raw.length} were provided.`);
  const out: InsightDataRecord[] = [];
  raw.forEach((entry, i) => {
    const field = (entry ?? {}) as { title?: unknown; type?: unknown; value?: unknown };
    const context = `data[${i}]`;
    if (typeof field.title !== 'string' || !field.title.trim()) check.add(`${context}.title`, 'A data field title is required.');
    const type = field.type;
    if (type !== undefined && type !== null && !DATA_TYPES.includes(type as InsightDataType)) {
      check.add(`${context}.type`, `'${String(type)}' is not a valid data type; use one of ${DATA_TYPES.join(', ')}.`);
      return;
    }
    const value = field.value;
    const isNumber = typeof value === 'number' && Number.isFinite(value);
    const bad = (expected: string) => check.add(`${context}.value`, `The value of data field '${String(field.title)}' must be ${expected}.`);
    switch (type) {
      case 'BOOLEAN':
        if (typeof value !== 'boolean') bad('a boolean');
        break;
      case 'DATE':
      case 'DURATION':
      case 'NUMBER':
        if (!isNumber) bad('a number');
        break;
      case 'PERCENTAGE':
        if (!isNumber || (value as number) < 0 || (value as number) > 100) bad('a number between 0 and 100');
        break;
      case 'TEXT':
        if (typeof value !== 'string') bad('a string');
        break;
      case 'LINK': {
        const link = value as { linktext?: unknown; href?: unknown } | null;
        if (!link || typeof link !== 'object' || typeof link.href !== 'string' || !isHttpUrl(link.href) || (link.linktext !== undefined && typeof link.linktext !== 'string'))
          bad('an object with an http(s) href and an optional linktext');
        break;
      }
      default:
        if (!(isNumber || typeof value === 'string' || typeof value === 'boolean')) check.add(`${context}.value`, 'data field contains unsupported objects');
    }
    const record: InsightDataRecord = { title: String(field.title ?? ''), value };
    if (type) record.type = type as InsightDataType;
    out.push(record);
  });
  return out;
}

function validateAnnotation(check: Validation, raw: unknown, context: string, externalIdFromPath?: string): AnnotationRecord {
  const a = (raw ?? {}) as Record<string, unknown>;
  if (typeof a.message !== 'string' || !a.message.trim()) check.add(`${context}.message`, 'An annotation message is required.');
  else if (a.message.length > 2000) check.add(`${context}.message`, 'The annotation message must be 2000 characters or less.');
  if (!SEVERITIES.includes(a.severity as string)) check.add(`${context}.severity`, `The severity must be one of ${SEVERITIES.join(', ')}.`);
  if (a.type !== undefined && a.type !== null && !ANNOTATION_TYPES.includes(a.type as string)) check.add(`${context}.type`, `The type must be one of ${ANNOTATION_TYPES.join(', ')}.`);
  if (a.path !== undefined && a.path !== null && (typeof a.path !== 'string' || a.path.length > 50000)) check.add(`${context}.path`, 'The path must be a string of 50000 characters or less.');
  if (a.line !== undefined && a.line !== null && (!Number.isInteger(a.line) || (a.line as number) < 0 || (a.line as number) > 2147483647)) check.add(`${context}.line`, 'The line must be a non-negative integer.');
  if (a.link !== undefined && a.link !== null && (typeof a.link !== 'string' || !isHttpUrl(a.link))) check.add(`${context}.link`, 'The link must be a valid http or https URL.');
  const externalId = externalIdFromPath ?? a.externalId;
  if (externalId !== undefined && externalId !== null && (typeof externalId !== 'string' || externalId.length >= 450)) check.add(`${context}.externalId`, 'The external ID must be less than 450 characters.');
  const record: AnnotationRecord = { line: typeof a.line === 'number' ? a.line : 0, message: String(a.message ?? ''), severity: a.severity as AnnotationRecord['severity'] };
  if (typeof externalId === 'string' && externalId) record.externalId = externalId;
  if (typeof a.path === 'string' && a.path) record.path = a.path;
  if (typeof a.type === 'string') record.type = a.type as AnnotationRecord['type'];
  if (typeof a.link === 'string') record.link = a.link;
  return record;
}

export function registerInsights(app: FastifyInstance, store: Store): void {
  const C = '/projects/:projectKey/repos/:repositorySlug/commits/:commitId';

  const commitContext = (request: FastifyRequest, level: 1 | 2 | 3 = 1): { ctx: RepoContext; commitId: string } => {
    const params = request.params as Params;
    const ctx = repoAccess(store, request, params, level);
    if (!isFullCommitId(params.commitId)) fail(400, `'${params.commitId}' is not a valid commit ID; a full 40 character hash is required.`, null, {}, 'commitId');
    if (!ctx.repo.commits[params.commitId]) fail(404, `Commit '${params.commitId}' does not exist in repository '${ctx.repo.slug}'.`, EXCEPTIONS.noSuchCommit);
    return { ctx, commitId: params.commitId };
  };
  const findReport = (ctx: RepoContext, commitId: string, key: string) => store.data.reports.find((r) => r.repositoryId === ctx.repo.id && r.commitId === commitId && r.key === key);
  const reportOr404 = (ctx: RepoContext, commitId: string, key: string): InsightReportRecord => {
    const report = findReport(ctx, commitId, key);
    if (!report) fail(404, `No report found with key: ${key}`, null, {}, 'reportKey');
    return report;
  };
  const requireCreator = (request: FastifyRequest, report: InsightReportRecord) => {
    if (!request.user || request.user.slug !== report.creatorSlug) unauthorized();
  };

  route(app, 'GET', 'insights', `${C}/reports`, async (request, reply) => {
    const { ctx, commitId } = commitContext(request);
    const reports = store.data.reports.filter((r) => r.repositoryId === ctx.repo.id && r.commitId === commitId).sort((a, b) => a.createdDate - b.createdDate || (a.key < b.key ? -1 : 1));
    return sendJson(reply, 200, paged(reports, request.query as Record<string, unknown>, restReport));
  });

  route(app, 'GET', 'insights', `${C}/reports/:key`, async (request, reply) => {
    const { ctx, commitId } = commitContext(request);
    return sendJson(reply, 200, restReport(reportOr404(ctx, commitId, (request.params as Params).key!)));
  });

  route(app, 'PUT', 'insights', `${C}/reports/:key`, async (request, reply) => {
    const { ctx, commitId } = commitContext(request);
    const user = request.user;
    if (!user) unauthorized();
    const key = (request.params as Params).key!;
    const existing = findReport(ctx, commitId, key);
    if (existing && existing.creatorSlug !== user.slug) unauthorized();
    const b = body(request);
    const check = new Validation();
    if (typeof b.title !== 'string' || !b.title.trim()) check.add('title', 'A report title is required.');
    else if (b.title.length > 450) check.add('title', 'The report title must be 450 characters or less.');
    if (b.details !== undefined && b.details !== null && (typeof b.details !== 'string' || b.details.length > 2000)) check.add('details', 'The report details must be 2000 characters or less.');
    if (b.result !== undefined && b.result !== null && b.result !== 'PASS' && b.result !== 'FAIL') check.add('result', 'The result must be PASS or FAIL.');
    if (b.reporter !== undefined && b.reporter !== null && (typeof b.reporter !== 'string' || b.reporter.length > 450)) check.add('reporter', 'The reporter must be 450 characters or less.');
    for (const field of ['link', 'logoUrl'] as const)
      if (b[field] !== undefined && b[field] !== null && (typeof b[field] !== 'string' || !isHttpUrl(b[field] as string))) check.add(field, `The ${field} must be a valid http or https URL.`);
    if (key.length > 450) check.add('key', 'The report key must be 450 characters or less.');
    const data = validateData(check, b.data);
    check.throwIfAny();
    const report: InsightReportRecord = {
      repositoryId: ctx.repo.id,
      commitId,
      key,
      title: (b.title as string).trim(),
      createdDate: Date.now(),
      data,
      creatorSlug: user.slug,
      annotations: existing?.annotations ?? [],
    };
    for (const field of ['details', 'result', 'reporter', 'link', 'logoUrl'] as const) if (typeof b[field] === 'string' && b[field]) (report as unknown as Record<string, unknown>)[field] = b[field];
    if (existing) store.data.reports.splice(store.data.reports.indexOf(existing), 1, report);
    else store.data.reports.push(report);
    store.touch();
    return sendJson(reply, 200, restReport(report));
  });

  route(app, 'DELETE', 'insights', `${C}/reports/:key`, async (request, reply) => {
    const { ctx, commitId } = commitContext(request);
    const report = reportOr404(ctx, commitId, (request.params as Params).key!);
    if (request.user?.slug !== report.creatorSlug && ctx.level < 3) unauthorized();
    store.data.reports.splice(store.data.reports.indexOf(report), 1); // annotations go with it
    store.touch();
    return noContent(reply);
  });

  route(app, 'GET', 'insights', `${C}/reports/:key/annotations`, async (request, reply) => {
    const { ctx, commitId } = commitContext(request);
    const report = reportOr404(ctx, commitId, (request.params as Params).key!);
    return sendJson(reply, 200, { totalCount: report.annotations.length, annotations: report.annotations.map((a) => restAnnotation(report.key, a)) });
  });

  route(app, 'POST', 'insights', `${C}/reports/:key/annotations`, async (request, reply) => {
    const { ctx, commitId } = commitContext(request);
    const report = reportOr404(ctx, commitId, (request.params as Params).key!);
    requireCreator(request, report);
    const raw = body(request).annotations;
    if (!Array.isArray(raw)) fail(400, 'The request must contain a list of annotations.', null, {}, 'annotations');
    const check = new Validation();
    const incoming = raw.map((a, i) => validateAnnotation(check, a, `annotations[${i}]`));
    check.throwIfAny();
    if (report.annotations.length + incoming.length > MAX_ANNOTATIONS_PER_REPORT)
      fail(400, `Adding ${incoming.length} annotations would exceed the maximum of ${MAX_ANNOTATIONS_PER_REPORT} annotations per report (the report has ${report.annotations.length}).`, null, {}, 'annotations');
    report.annotations.push(...incoming);
    store.touch();
    return noContent(reply);
  });

  route(app, 'PUT', 'insights', `${C}/reports/:key/annotations/:externalId`, async (request, reply) => {
    const { ctx, commitId } = commitContext(request);
    const params = request.params as Params;
    const report = reportOr404(ctx, commitId, params.key!);
    requireCreator(request, report);
    const check = new Validation();
    const annotation = validateAnnotation(check, body(request), 'annotation', params.externalId);
    check.throwIfAny();
    const index = report.annotations.findIndex((a) => a.externalId === params.externalId);
    if (index >= 0) report.annotations[index] = annotation;
    else {
      if (report.annotations.length >= MAX_ANNOTATIONS_PER_REPORT) fail(400, `The report already has the maximum of ${MAX_ANNOTATIONS_PER_REPORT} annotations.`, null, {}, 'annotations');
      report.annotations.push(annotation);
    }
    store.touch();
    return noContent(reply);
  });

  route(app, 'DELETE', 'insights', `${C}/reports/:key/annotations`, async (request, reply) => {
    const { ctx, commitId } = commitContext(request);
    const report = reportOr404(ctx, commitId, (request.params as Params).key!);
    requireCreator(request, report);
    const ids = many((request.query as Record<string, unknown>).externalId);
    report.annotations = ids.length ? report.annotations.filter((a) => !a.externalId || !ids.includes(a.externalId)) : [];
    store.touch();
    return noContent(reply);
  });

  route(app, 'GET', 'insights', `${C}/annotations`, async (request, reply) => {
    const { ctx, commitId } = commitContext(request);
    const query = request.query as Record<string, unknown>;
    const keys = many(query.key);
    const severities = many(query.severity).map((s) => s.toUpperCase());
    const types = many(query.type).map((s) => s.toUpperCase());
    const paths = many(query.path);
    const externalIds = many(query.externalId);
    const annotations = store.data.reports
      .filter((r) => r.repositoryId === ctx.repo.id && r.commitId === commitId && (keys.length === 0 || keys.includes(r.key)))
      .flatMap((r) =>
        r.annotations
          .filter((a) => severities.length === 0 || severities.includes(a.severity))
          .filter((a) => types.length === 0 || (a.type !== undefined && types.includes(a.type)))
          .filter((a) => paths.length === 0 || (a.path !== undefined && paths.includes(a.path)))
          .filter((a) => externalIds.length === 0 || (a.externalId !== undefined && externalIds.includes(a.externalId)))
          .map((a) => restAnnotation(r.key, a)),
      );
    return sendJson(reply, 200, { totalCount: annotations.length, annotations });
  });
}
