/**
 * The fake host's page state. Unit tests set it directly; the emulator's PR page fills it from the
 * server-rendered page data, so unit and browser tests run the plugin against the same host code.
 */
import type { StateUser } from 'bitbucket/util/state';

export interface FakeHostState {
  contextPath: string;
  currentUser: StateUser | false;
  project: { key: string; id?: number; name?: string } | false;
  repository: { slug: string; id?: number; name?: string; project?: { key: string } } | false;
  pullRequest: Record<string, unknown> | false;
}

const initial = (): FakeHostState => ({ contextPath: '/bitbucket', currentUser: false, project: false, repository: false, pullRequest: false });

const holder = globalThis as unknown as { __yourcompanyFakeHost?: FakeHostState };

export function fakeHostState(): FakeHostState {
  holder.__yourcompanyFakeHost = holder.__yourcompanyFakeHost ?? initial();
  return holder.__yourcompanyFakeHost;
}

export function resetFakeHost(patch: Partial<FakeHostState> = {}): FakeHostState {
  holder.__yourcompanyFakeHost = { ...initial(), ...patch };
  return holder.__yourcompanyFakeHost;
}
