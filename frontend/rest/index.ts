/** `yourcompany/rest`: typed, promise-based clients for Bitbucket's REST modules. */
export { RestError, isRestError } from './errors';
export type { RestErrorKind, RestErrorMessage } from './errors';
