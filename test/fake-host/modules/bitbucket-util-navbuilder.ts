/**
 * `bitbucket/util/navbuilder` (host-anatomy.md §3.5): chainable URL builders ending in `.build()`,
 * e.g. `nav.project('KEY').repo('slug').pullRequest(1).diff().build()`, `nav.rest().projects().build()`,
 * `nav.pullRequest(pullRequestJson).build()`. A subset of the product's tree; every builder can
 * `withParams`, `addPathComponents`, `build` and `buildAbsolute`.
 */
import contextPath from './wrm-context-path';

type Params = Record<string, string | number | boolean | (string | number)[]>;

export interface PullRequestJson {
  id: number;
  toRef?: { repository?: { slug?: string; project?: { key?: string } } };
}

export class NavBuilder {
  constructor(
    private readonly components: string[],
    private readonly params: Params = {},
    private readonly fragment?: string,
  ) {}

  private next(...more: (string | number)[]): NavBuilder {
    return new NavBuilder([...this.components, ...more.map(String)], this.params, this.fragment);
  }

  addPathComponents(...components: (string | number)[]): NavBuilder {
    return this.next(...components);
  }

  withParams(params: Params): NavBuilder {
    return new NavBuilder(this.components, { ...this.params, ...params }, this.fragment);
  }

  withFragment(fragment: string): NavBuilder {
    return new NavBuilder(this.components, this.params, fragment);
  }

  // Project / repository tree
  project(key: string): NavBuilder {
    return this.next('projects', key);
  }
  repo(slug: string): NavBuilder {
    return this.next('repos', slug);
  }
  allRepos(): NavBuilder {
    return this.next('repos');
  }
  projects(): NavBuilder {
    return this.next('projects');
  }
  permissions(): NavBuilder {
    return this.next('permissions');
  }
  settings(): NavBuilder {
    return this.next('settings');
  }
  browse(): NavBuilder {
    return this.next('browse');
  }
  path(...components: string[]): NavBuilder {
    return this.next(...components.flatMap((c) => c.split('/')).filter(Boolean));
  }
  at(ref: string): NavBuilder {
    return this.withParams({ at: ref });
  }
  commits(): NavBuilder {
    return this.next('commits');
  }
  commit(id: string): NavBuilder {
    return this.next('commits', id);
  }
  branches(): NavBuilder {
    return this.next('branches');
  }
  pullRequests(): NavBuilder {
    return this.next('pull-requests');
  }
  pullRequest(id: number | string): NavBuilder {
    return this.next('pull-requests', id);
  }
  overview(): NavBuilder {
    return this.next('overview');
  }
  diff(): NavBuilder {
    return this.next('diff');
  }
  activities(): NavBuilder {
    return this.next('activities');
  }
  comments(): NavBuilder {
    return this.next('comments');
  }
  changes(): NavBuilder {
    return this.next('changes');
  }

  build(): string {
    const path = this.components.map((c) => encodeURIComponent(c)).join('/');
    const query = Object.entries(this.params)
      .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((item) => `${encodeURIComponent(k)}=${encodeURIComponent(String(item))}`))
      .join('&');
    return `${contextPath()}/${path}${query ? `?${query}` : ''}${this.fragment ? `#${encodeURIComponent(this.fragment)}` : ''}`;
  }

  buildAbsolute(): string {
    return `${location.protocol}//${location.host}${this.build()}`;
  }

  toString(): string {
    return this.build();
  }
}

const root = () => new NavBuilder([]);

export const dashboard = () => root().addPathComponents('dashboard');
export const allProjects = () => root().projects();
export const project = (key: string) => root().project(key);
export const login = () => root().addPathComponents('login');
export const logout = () => root().addPathComponents('j_atl_security_logout');
export const user = (slug: string) => root().addPathComponents('users', slug);
export const rest = (resource = 'api', version = 'latest') => root().addPathComponents('rest', resource, version);

/** `navbuilder.pullRequest(pullRequestJson)`: the PR's page in its target repository. */
export function pullRequest(json: PullRequestJson): NavBuilder {
  const repository = json.toRef?.repository;
  if (!repository?.slug || !repository.project?.key) throw new Error('navbuilder.pullRequest needs toRef.repository.project.key and slug');
  return project(repository.project.key).repo(repository.slug).pullRequest(json.id);
}
