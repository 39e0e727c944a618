import { fakeHostState } from '../state';

/** `wrm/context-path`: the context path without trailing slash. */
export default function contextPath(): string {
  return fakeHostState().contextPath;
}
