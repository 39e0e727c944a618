/** @jest-environment jsdom */
/**
 * Error envelopes in every shape a server (or a proxy in front of it) may send: `{errors:[{context,message,
 * exceptionName}]}` with each field present, absent, null or of the wrong type, extra keys, no `errors`,
 * non-JSON bodies. Whatever arrives, the client rejects with a typed RestError whose messages are strings,
 * and the one message builder (`errorMessage`) turns it into an AUI message. Seeds: test/setup/fast-check.ts
 * (FC_SEED pins one); FC_RUNS scales the number of runs.
 */
import fc from 'fast-check';
import { createBitbucketClient, isRestError } from '../../frontend/rest';
import type { RestError } from '../../frontend/rest';
import { errorMessage } from '../../frontend/ui-widgets';
import { resetFakeHost } from '../fake-host/state';

const RUNS = (Number.parseInt(process.env.FC_RUNS ?? '', 10) || 25) * 8;

/** A field as servers send it: absent (undefined), null, a string, or junk of another type. */
const field = fc.oneof(fc.constant(undefined), fc.constant(null), fc.string(), fc.integer(), fc.constant({}), fc.constant([]));

const entry = fc.oneof(
  fc.record({ context: field, message: field, exceptionName: field }, { requiredKeys: [] }),
  // Recorded shapes: rest-contracts notes §1.3 (cdancy `build-status-error.json`, `insight-report-error.json`).
  fc.constant({ context: null, message: 'You are not permitted to access this resource', exceptionName: null }),
  fc.constant({ context: 'reportKey', message: 'No report found with key: qwerty', exceptionName: null }),
  fc.constant(null),
  fc.string(),
);

const body = fc.oneof(
  fc.record({ errors: fc.array(entry, { maxLength: 4 }) }),
  // 409 extras next to the three base fields (stale version, veto).
  fc.record({ errors: fc.array(entry, { minLength: 1, maxLength: 2 }), currentVersion: fc.integer(), vetoes: fc.constant([{ summaryMessage: 'x', detailedMessage: 'y' }]) }),
  fc.record({ errors: fc.oneof(fc.constant(null), fc.constant({}), fc.string()) }),
  fc.record({ message: fc.string(), 'status-code': fc.integer() }),
  fc.constant(null),
);

const STATUSES = [400, 401, 403, 404, 409, 429, 500, 502, 503];

function reply(status: number, text: string, contentType: string): Response {
  return {
    status,
    ok: false,
    headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? contentType : name.toLowerCase() === 'retry-after' ? '0' : null) },
    text: async () => text,
  } as unknown as Response;
}

beforeEach(() => resetFakeHost({ contextPath: '' }));

it(`every error envelope ends in a typed RestError and an AUI message (${RUNS} runs)`, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...STATUSES),
      fc.oneof(body.map((b) => ({ text: JSON.stringify(b), contentType: 'application/json;charset=UTF-8' })), fc.constant({ text: '<html><body>Bad gateway</body></html>', contentType: 'text/html' }), fc.constant({ text: '{"errors":[{"mess', contentType: 'application/json' })),
      async (status, { text, contentType }) => {
        const client = createBitbucketClient({ fetch: async () => reply(status, text, contentType), cacheTtlMs: 0, timeoutMs: 1000 });
        let caught: unknown;
        try {
          await client.core.getMergeStatus({ projectKey: 'PRJ', repositorySlug: 'web-app' }, 7);
        } catch (error) {
          caught = error;
        }
        expect(isRestError(caught)).toBe(true);
        const error = caught as RestError;
        expect(error.status).toBe(status);
        for (const m of error.errors) {
          expect(typeof m.message).toBe('string');
          expect(m.context === null || typeof m.context === 'string').toBe(true);
          expect(m.exceptionName === null || typeof m.exceptionName === 'string').toBe(true);
        }
        expect(typeof error.message).toBe('string');
        expect(error.message).not.toBe('');
        const element = errorMessage(error);
        expect(element?.classList.contains('aui-message')).toBe(true);
        expect(element?.textContent?.trim()).not.toBe('');
      },
    ),
    { numRuns: RUNS },
  );
});

it('a 401 with `context: null` and `exceptionName: null` (cdancy `build-status-error.json`) is `unauthorized` with the server message kept', async () => {
  const text = JSON.stringify({ errors: [{ context: null, message: 'You are not permitted to access this resource', exceptionName: null }] });
  const client = createBitbucketClient({ fetch: async () => reply(401, text, 'application/json'), cacheTtlMs: 0 });
  const error = await client.core.getMergeStatus({ projectKey: 'PRJ', repositorySlug: 'web-app' }, 7).catch((e: unknown) => e as RestError);
  expect(error).toMatchObject({ kind: 'unauthorized', errors: [{ context: null, message: 'You are not permitted to access this resource', exceptionName: null }] });
});

it('an envelope whose only message is empty still yields a message to show', async () => {
  const client = createBitbucketClient({ fetch: async () => reply(400, JSON.stringify({ errors: [{ context: null, message: '', exceptionName: null }] }), 'application/json'), cacheTtlMs: 0 });
  const error = (await client.core.getMergeStatus({ projectKey: 'PRJ', repositorySlug: 'web-app' }, 7).catch((e: unknown) => e)) as RestError;
  expect(error.kind).toBe('bad-request');
  expect(error.message).not.toBe('');
});
