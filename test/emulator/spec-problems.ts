/** Validation of emulator responses against the 9.2 document, minus the document's known gaps. Shared by the contract and coverage tests. */
import { validateResponse } from '../contract/openapi';

/**
 * Where the 9.2 document is wrong about what real servers send, beyond what openapi.ts patches:
 * comment anchors carry `path`/`srcPath` as strings (rest-contracts.md §2.2 "Activity": commentAnchor
 * `{…,path,…}` from recorded real JSON; frontend/rest/types.ts CommentAnchor.path is a string), and
 * error entries carry `"context":null` / `"exceptionName":null` (rest-contracts.md §1.3, recorded real bodies).
 */
export const KNOWN_SPEC_GAPS = [/\/errors\/\d+\/(context|exceptionName) must be string/, /\/anchor\/(path|srcPath) must be object/, /\/commentAnchor\/(path|srcPath) must be object/];

export function problems(method: string, path: string, status: number, body: unknown): string[] {
  return validateResponse(method, path, status, body).filter((p) => !KNOWN_SPEC_GAPS.some((gap) => gap.test(p)));
}
