import { fakeHostState } from '../state';

// Like Bitbucket: deep copies, and `false` (not null) when the page has no such value.
const copy = <T>(value: T): T => (value === false ? value : JSON.parse(JSON.stringify(value)));

export const getCurrentUser = () => copy(fakeHostState().currentUser);
export const getProject = () => copy(fakeHostState().project);
export const getRepository = () => copy(fakeHostState().repository);
export const getPullRequest = () => copy(fakeHostState().pullRequest);
// Page kinds the fake host does not model (file browser, commit, compare) have no such values.
export const getRef = (): false => false;
export const getFilePath = (): false => false;
export const getCommit = (): false => false;
