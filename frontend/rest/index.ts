/** `yourcompany/rest`: typed, promise-based clients for Bitbucket's REST modules. */
import { contextPath } from 'yourcompany/host';
import { createBitbucketClient, type BitbucketRestClient } from './client';

export { RestError, isRestError } from './errors';
export type { RestErrorKind, RestErrorMessage } from './errors';
export { createBitbucketClient } from './client';
export type { BitbucketClientOptions, BitbucketRestClient } from './client';
export { MAX_ITEMS } from './paging';
export { displayIdOf, readComment, readPullRequest, readPullRequestContext } from './normalize';
export type { PullRequestInContext, Wire, WireBranch, WireBuildStatus, WireMergeStatus, WirePullRequestRef } from './normalize';
export type * from './api';
export type * from './types';

let pageClient: BitbucketRestClient | undefined;

/**
 * The page-wide client, created on first use. Every panel on the page shares it, so identical requests
 * are made once and answers are cached across surfaces.
 */
export function bitbucketClient(): BitbucketRestClient {
  pageClient ??= createBitbucketClient({ contextPath: contextPath() });
  return pageClient;
}
