/** Why a request failed, in the terms a panel needs to explain it. */
export type RestErrorKind =
  | 'unauthorized' // 401: signed out, or lacking permission (Bitbucket uses 401 for both)
  | 'forbidden' // 403: XSRF failure or a feature switched off
  | 'not-found' // 404 on a resource
  | 'unavailable' // 404 on a module's base path: the REST module/plugin is disabled
  | 'conflict' // 409: stale `version`, merge veto, duplicate
  | 'rate-limited' // 429, after one retry that honoured Retry-After
  | 'bad-request' // 400: validation, with Bitbucket's messages
  | 'server' // 5xx
  | 'network' // fetch itself failed
  | 'timeout' // no answer in time
  | 'aborted' // the caller cancelled
  | 'malformed'; // an HTML error page or JSON that does not parse

export interface RestErrorMessage {
  message: string;
  context?: string | null;
  exceptionName?: string | null;
}

/** The one error every REST call rejects with. */
export class RestError extends Error {
  override readonly name = 'RestError';
  constructor(
    readonly kind: RestErrorKind,
    readonly status: number,
    readonly method: string,
    readonly url: string,
    /** Bitbucket's `errors[]`, when the body had them. */
    readonly errors: RestErrorMessage[] = [],
    /** The parsed error body (e.g. `currentVersion`, `vetoes`, `existingPullRequest`). */
    readonly body?: unknown,
    /** Seconds from Retry-After on a 429. */
    readonly retryAfter?: number,
  ) {
    // Servers may send an empty message: fall back to what we know rather than an empty error.
    super(errors.find((e) => e.message.trim() !== '')?.message ?? `${method} ${url} failed (${kind}${status ? `, HTTP ${status}` : ''})`);
  }
}

/** Told by its name, so a RestError from another copy of this module (another bundle) counts too. */
export function isRestError(error: unknown): error is RestError {
  return typeof error === 'object' && error !== null && (error as RestError).name === 'RestError';
}
