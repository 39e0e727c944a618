/**
 * Deterministic demo data. emulator/seed/README.md documents what each seeded PR shows; browser tests
 * rely on those ids, so change both together.
 */
import { Store, emptyData } from '../store/store';
import type { AnnotationRecord, InsightDataRecord, RepositoryRecord, StoreData } from '../store/types';
import { HOUR, SeedBuilder, SeedClock, prng } from './builder';

import { seedAdministration } from './administration';

export { seedLargeInsights } from './large';

/** 2025-01-06T09:00:00Z: all seeded timestamps count up from here. */
export const SEED_EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);

export const DEMO_USERS = [
  { slug: 'admin', displayName: 'Administrator', globalPermission: 'SYS_ADMIN' as const },
  { slug: 'user', displayName: 'Regular User', globalPermission: 'LICENSED_USER' as const },
  { slug: 'alice', displayName: 'Alice Anderson', globalPermission: 'LICENSED_USER' as const },
  { slug: 'bob', displayName: 'Bob Brown', globalPermission: 'LICENSED_USER' as const },
  { slug: 'carol', displayName: 'Carol Chen', globalPermission: 'LICENSED_USER' as const },
  { slug: 'dave', displayName: 'Dave Diaz', globalPermission: 'LICENSED_USER' as const },
  { slug: 'erin', displayName: 'Erin Evans', globalPermission: 'LICENSED_USER' as const },
  { slug: 'frank', displayName: 'Frank Fischer', globalPermission: 'LICENSED_USER' as const },
];

function moduleSource(name: string, lines: number, salt = 0): string {
  const out = [`// ${name}: generated demo module`, `import { format } from '../util/format';`, ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(`export function ${name.replace(/[^a-z0-9]/gi, '_')}_${i}(value: number): string {`);
    out.push(`  return format(value * ${i + 1 + salt});`);
    out.push('}');
    out.push('');
  }
  return out.join('\n') + '\n';
}

export const MODULE_COUNT = 40;

function webAppFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'README.md': '# Web App\n\nThe Acme customer web application.\n\n## Build\n\n```\nnpm install\nnpm run build\n```\n',
    'CONTRIBUTING.md': '# Contributing\n\nOpen a pull request against `main`; one approval and a green build are required.\n',
    LICENSE: 'Copyright (c) 2025 Acme Corp.\n\nLicensed under the Apache License, Version 2.0.\n',
    'package.json': '{\n  "name": "acme-web-app",\n  "version": "1.4.0",\n  "private": true,\n  "scripts": {\n    "build": "tsc -p .",\n    "test": "jest"\n  }\n}\n',
    'src/app.ts': [
      "import { Header } from './components/Header';",
      "import { createClient } from './api/client';",
      '',
      'export function start(root: HTMLElement): void {',
      "  const client = createClient('/api');",
      '  root.append(Header());',
      '  void client.ping();',
      '}',
      '',
    ].join('\n'),
    'src/util/format.ts': [
      'export function format(value: number): string {',
      "  return value.toLocaleString('en-US');",
      '}',
      '',
      'export function percent(value: number): string {',
      "  return `${Math.round(value * 100)}%`;",
      '}',
      '',
    ].join('\n'),
    'src/api/client.ts': [
      'export interface Client {',
      '  ping(): Promise<boolean>;',
      '}',
      '',
      'export function createClient(base: string): Client {',
      '  return {',
      '    async ping() {',
      '      const response = await fetch(`${base}/ping`);',
      '      return response.ok;',
      '    },',
      '  };',
      '}',
      '',
    ].join('\n'),
    'src/components/Header.tsx': [
      "export function Header(): HTMLElement {",
      "  const header = document.createElement('header');",
      "  header.textContent = 'Acme';",
      '  return header;',
      '}',
      '',
    ].join('\n'),
  };
  for (let i = 1; i <= MODULE_COUNT; i++) {
    const name = `module-${String(i).padStart(2, '0')}`;
    files[`src/modules/${name}.ts`] = moduleSource(name, 60);
  }
  return files;
}

const LINT_RULES: { message: string; type: AnnotationRecord['type']; severity: AnnotationRecord['severity'] }[] = [
  { message: 'Unexpected any. Specify a different type.', type: 'CODE_SMELL', severity: 'MEDIUM' },
  { message: "'value' is assigned a value but never used.", type: 'CODE_SMELL', severity: 'LOW' },
  { message: 'Possible null dereference of the response body.', type: 'BUG', severity: 'HIGH' },
  { message: 'Avoid string concatenation in SQL; use parameters.', type: 'VULNERABILITY', severity: 'HIGH' },
  { message: 'Function has a complexity of 14. Maximum allowed is 10.', type: 'CODE_SMELL', severity: 'MEDIUM' },
];

function allDataTypes(link: string): InsightDataRecord[] {
  return [
    { title: 'Coverage', type: 'PERCENTAGE', value: 83.4 },
    { title: 'Lines covered', type: 'NUMBER', value: 14325 },
    { title: 'Run time', type: 'DURATION', value: 754000 },
    { title: 'Measured', type: 'DATE', value: SEED_EPOCH + 30 * HOUR },
    { title: 'Full report', type: 'LINK', value: { linktext: 'coverage/index.html', href: link } },
    { title: 'Gate', type: 'BOOLEAN', value: true },
  ];
}

/** Fresh seeded data (does not touch any Store's persistence). */
export function seedData(): StoreData {
  const store = new Store(emptyData());
  seedInto(store);
  return store.data;
}

/** Seeds an empty store in place. */
export function seedInto(store: Store): void {
  const clock = new SeedClock(SEED_EPOCH);
  const b = new SeedBuilder(store, clock);

  for (const u of DEMO_USERS) {
    store.addUser({
      name: u.slug,
      slug: u.slug,
      displayName: u.displayName,
      emailAddress: `${u.slug}@example.com`,
      password: u.slug,
      active: true,
      type: 'NORMAL',
      globalPermission: u.globalPermission,
    });
  }
  const writers = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
  const project = (key: string, name: string, description: string | undefined, admins: string[]) => {
    const permissions: Record<string, 'PROJECT_READ' | 'PROJECT_WRITE' | 'PROJECT_ADMIN'> = {};
    for (const w of writers) permissions[w] = admins.includes(w) ? 'PROJECT_ADMIN' : 'PROJECT_WRITE';
    const record = { id: ++store.data.counters.project, key, name, description, public: false, permissions };
    if (!description) delete record.description;
    store.data.projects.push(record);
  };
  project('ACME', 'Acme Platform', 'Customer-facing applications', ['erin']);
  project('OPS', 'Operations', 'Deployment and infrastructure tooling', []);
  project('LIB', 'Shared Libraries', undefined, []);

  const readOnly = (repo: RepositoryRecord) => {
    repo.permissions.user = 'REPO_READ';
  };

  // ------------------------------------------------------------------ ACME/web-app
  const web = b.repository({ projectKey: 'ACME', slug: 'web-app', name: 'web-app', description: 'The Acme customer web application' });
  readOnly(web);
  web.mergeChecks = { minApprovals: 1, requireTasksResolved: true, vetoOnNeedsWork: true, requiredReports: ['com.yourcompany.security'] };
  b.commit(web, 'main', 'alice', 'Initial commit', webAppFiles(), null);
  b.commit(web, 'main', 'bob', 'Add percent formatting', {
    'src/util/format.ts': [
      'export function format(value: number): string {',
      "  return value.toLocaleString('en-US');",
      '}',
      '',
      'export function percent(value: number, digits = 0): string {',
      '  return `${(value * 100).toFixed(digits)}%`;',
      '}',
      '',
    ].join('\n'),
  });
  const webBase = b.commit(web, 'main', 'carol', 'Document the release process', {
    'docs/RELEASE.md': '# Releasing\n\n1. Bump the version in package.json.\n2. Tag the commit.\n3. Publish.\n',
  });

  // PR 1: the insights showcase (introduced/fixed/unchanged, all data types, required report failing, open task).
  b.branch(web, 'feature/search', 'main');
  b.commit(web, 'feature/search', 'alice', 'WEB-42 Add search module', {
    'src/feature/search.ts': [
      "import { createClient } from '../api/client';",
      '',
      'export async function search(term: any): Promise<string[]> {',
      "  const client = createClient('/api');",
      '  await client.ping();',
      "  const query = 'SELECT * FROM items WHERE name = ' + term;",
      '  return [query];',
      '}',
      '',
    ].join('\n'),
  });
  const searchHead = b.commit(web, 'feature/search', 'alice', 'Wire search into the app\n\nCloses WEB-57; see also OPS-3 (not a linked Jira project).', {
    'src/app.ts': [
      "import { Header } from './components/Header';",
      "import { createClient } from './api/client';",
      "import { search } from './feature/search';",
      '',
      'export function start(root: HTMLElement): void {',
      "  const client = createClient('/api');",
      '  root.append(Header());',
      '  void client.ping();',
      "  void search('demo');",
      '}',
      '',
    ].join('\n'),
    // The header line is edited and the blank line under the import dropped: the finding on base line 10 moves to line 9.
    'src/modules/module-03.ts': ['// module-03: trimmed', ...moduleSource('module-03', 40).split('\n').slice(1)].filter((_, i) => i !== 2).join('\n'),
  });
  // main moves on after the branch point, so the target tip differs from the merge base.
  const webTarget = b.commit(web, 'main', 'dave', 'Update README badges', {
    'README.md': '# Web App\n\n![build](https://ci.example.com/badge.svg)\n\nThe Acme customer web application.\n\n## Build\n\n```\nnpm install\nnpm run build\n```\n',
  });

  const pr1 = b.pullRequest(web, {
    title: 'Add search to the web app',
    description: 'Adds a search module and wires it into `start()`.\n\n- [x] unit tests\n- [ ] docs',
    from: 'feature/search',
    to: 'main',
    author: 'alice',
    reviewers: [
      ['bob', 'APPROVED'],
      ['carol', 'UNAPPROVED'],
      ['dave', 'UNAPPROVED'],
    ],
  });
  const general = b.comment(web, pr1, 'bob', 'Nice work, the search module reads well. :thumbsup:', {
    reactions: { thumbsup: ['alice', 'carol', 'dave', 'erin'], heart: ['alice'] },
  });
  b.comment(web, pr1, 'alice', 'Thanks! I will follow up with docs.', { parent: general, reactions: { thumbsup: ['bob'] } });
  b.comment(web, pr1, 'carol', 'This concatenates user input into SQL, please use a parameter.', {
    anchor: { path: 'src/feature/search.ts', line: 6, lineType: 'ADDED', fileType: 'TO', diffType: 'EFFECTIVE', fromHash: webBase, toHash: searchHead },
    reactions: { eyes: ['dave', 'erin'], thumbsup: ['bob', 'erin', 'frank'] },
  });
  b.comment(web, pr1, 'carol', 'Add documentation for the search syntax before merging.', { severity: 'BLOCKER' });
  b.comment(web, pr1, 'dave', 'Rename `term` to `query`.', { severity: 'BLOCKER', state: 'RESOLVED' });
  b.comment(web, pr1, 'erin', '<script>alert("xss")</script> & "quotes" should render as text', { reactions: { laughing: ['frank'] } });
  b.build(web, searchHead, { key: 'WEB-BUILD', state: 'SUCCESSFUL', url: 'https://ci.example.com/browse/WEB-BUILD-42', name: 'Build', buildNumber: '42', duration: 183000, ref: 'refs/heads/feature/search', testResults: { successful: 412, failed: 0, skipped: 3 } });
  b.build(web, searchHead, { key: 'WEB-E2E', state: 'FAILED', url: 'https://ci.example.com/browse/WEB-E2E-17', name: 'End-to-end tests', buildNumber: '17', description: '2 of 40 scenarios failed', ref: 'refs/heads/feature/search', testResults: { successful: 38, failed: 2, skipped: 0 } });
  b.build(web, searchHead, { key: 'WEB-DEPLOY', state: 'INPROGRESS', url: 'https://ci.example.com/browse/WEB-DEPLOY-5', name: 'Deploy preview', ref: 'refs/heads/feature/search' });
  b.build(web, webTarget, { key: 'WEB-BUILD', state: 'SUCCESSFUL', url: 'https://ci.example.com/browse/WEB-BUILD-41', name: 'Build', buildNumber: '41', ref: 'refs/heads/main' });

  // Lint on the merge base and on the head: unchanged (by externalId and by path+message+type with moved lines), fixed, introduced.
  const baseLint: AnnotationRecord[] = [
    { externalId: 'lint-1', path: 'src/app.ts', line: 6, message: LINT_RULES[1].message, severity: 'LOW', type: 'CODE_SMELL' },
    { externalId: 'lint-2', path: 'src/api/client.ts', line: 8, message: LINT_RULES[2].message, severity: 'HIGH', type: 'BUG' },
    { path: 'src/modules/module-03.ts', line: 10, message: LINT_RULES[4].message, severity: 'MEDIUM', type: 'CODE_SMELL' },
    { path: 'src/modules/module-07.ts', line: 21, message: LINT_RULES[0].message, severity: 'MEDIUM', type: 'CODE_SMELL' },
    { externalId: 'lint-5', path: 'src/components/Header.tsx', line: 3, message: 'Hard-coded user-facing string.', severity: 'LOW', type: 'CODE_SMELL' },
  ];
  const headLint: AnnotationRecord[] = [
    { externalId: 'lint-1', path: 'src/app.ts', line: 7, message: LINT_RULES[1].message, severity: 'LOW', type: 'CODE_SMELL' },
    { externalId: 'lint-2', path: 'src/api/client.ts', line: 8, message: LINT_RULES[2].message, severity: 'HIGH', type: 'BUG' },
    { path: 'src/modules/module-03.ts', line: 9, message: LINT_RULES[4].message, severity: 'MEDIUM', type: 'CODE_SMELL' },
    { externalId: 'lint-6', path: 'src/feature/search.ts', line: 3, message: LINT_RULES[0].message, severity: 'MEDIUM', type: 'CODE_SMELL', link: 'https://eslint.org/docs/latest/rules/no-explicit-any' },
    { externalId: 'lint-7', path: 'src/feature/search.ts', line: 6, message: LINT_RULES[3].message, severity: 'HIGH', type: 'VULNERABILITY' },
    { externalId: 'lint-8', message: 'Project-wide: 3 files exceed the maximum length.', severity: 'LOW', line: 0 },
  ];
  const lintFields = { title: 'ESLint', reporter: 'ESLint 9', link: 'https://ci.example.com/lint', logoUrl: 'https://ci.example.com/eslint.png' };
  b.report(web, webBase, 'com.yourcompany.lint', { ...lintFields, result: 'FAIL', details: '5 problems', data: [{ title: 'Problems', type: 'NUMBER', value: 5 }] }, baseLint);
  b.report(web, searchHead, 'com.yourcompany.lint', { ...lintFields, result: 'FAIL', details: '6 problems (2 new, 2 fixed)', data: [{ title: 'Problems', type: 'NUMBER', value: 6 }] }, headLint);
  b.report(web, searchHead, 'com.yourcompany.coverage', {
    title: 'Coverage',
    result: 'PASS',
    reporter: 'Istanbul',
    details: 'Line coverage of the changed code.\nAll data types are shown here.',
    link: 'https://ci.example.com/coverage',
    data: [...allDataTypes('https://ci.example.com/coverage/index.html').slice(0, 5), { title: 'Owner', value: 'team-search' }],
  });
  b.report(web, searchHead, 'com.yourcompany.types', {
    title: 'Data types',
    details: 'Every data field type: BOOLEAN, DATE, DURATION, LINK, NUMBER, PERCENTAGE, TEXT and untyped.',
    data: [
      { title: 'Boolean', type: 'BOOLEAN', value: false },
      { title: 'Date', type: 'DATE', value: SEED_EPOCH },
      { title: 'Duration', type: 'DURATION', value: 3723000 },
      { title: 'Link', type: 'LINK', value: { linktext: 'Dashboard', href: 'https://ci.example.com/dashboard' } },
      { title: 'Number', type: 'NUMBER', value: 1234567 },
      { title: 'Text', type: 'TEXT', value: 'All good' },
    ],
  });
  b.report(web, searchHead, 'com.yourcompany.types-more', {
    title: 'Data types (2)',
    data: [
      { title: 'Percentage', type: 'PERCENTAGE', value: 99.5 },
      { title: 'Untyped number', value: 7 },
      { title: 'Untyped text', value: 'plain' },
      { title: 'Untyped boolean', value: true },
    ],
  });
  b.report(web, searchHead, 'com.yourcompany.security', {
    title: 'Security scan',
    result: 'FAIL',
    reporter: 'Snyk',
    details: '1 high severity vulnerability introduced.',
    data: [{ title: 'High', type: 'NUMBER', value: 1 }],
  }, [{ externalId: 'SNYK-JS-1', path: 'src/feature/search.ts', line: 6, message: 'SQL injection: user input flows into a query string.', severity: 'HIGH', type: 'VULNERABILITY', link: 'https://security.example.com/SNYK-JS-1' }]);
  b.report(web, webBase, 'com.yourcompany.security', { title: 'Security scan', result: 'PASS', reporter: 'Snyk', data: [{ title: 'High', type: 'NUMBER', value: 0 }] });

  // PR 2: the 1000-annotation report across many files.
  b.branch(web, 'feature/refactor-modules', 'main');
  const refactorHead = b.commit(web, 'feature/refactor-modules', 'bob', 'Refactor generated modules', {
    'src/modules/module-10.ts': moduleSource('module-10', 60, 1),
    'src/modules/module-11.ts': moduleSource('module-11', 60, 1),
  });
  const pr2 = b.pullRequest(web, {
    title: 'Refactor generated modules',
    from: 'feature/refactor-modules',
    to: 'main',
    author: 'bob',
    reviewers: [
      ['alice', 'APPROVED'],
      ['erin', 'NEEDS_WORK'],
    ],
  });
  b.comment(web, pr2, 'erin', 'The static analysis report has a lot of findings, can we triage?', { reactions: { thumbsup: ['alice'] } });
  const random = prng(42);
  const bigAnnotations: AnnotationRecord[] = [];
  for (let i = 0; i < 1000; i++) {
    const rule = LINT_RULES[Math.floor(random() * LINT_RULES.length)];
    const file = `src/modules/module-${String(1 + Math.floor(random() * MODULE_COUNT)).padStart(2, '0')}.ts`;
    bigAnnotations.push({ externalId: `sa-${i + 1}`, path: file, line: 1 + Math.floor(random() * 60), message: rule.message, severity: rule.severity, type: rule.type });
  }
  b.report(web, refactorHead, 'com.yourcompany.static-analysis', { title: 'Static analysis', result: 'FAIL', reporter: 'SonarQube', details: '1000 issues', data: [{ title: 'Issues', type: 'NUMBER', value: 1000 }] }, bigAnnotations);
  b.report(web, refactorHead, 'com.yourcompany.security', { title: 'Security scan', result: 'PASS', reporter: 'Snyk', data: [] });
  b.build(web, refactorHead, { key: 'WEB-BUILD', state: 'SUCCESSFUL', url: 'https://ci.example.com/browse/WEB-BUILD-43', name: 'Build', buildNumber: '43' });

  // PR 3: conflicts with main (both edit the same Header line).
  b.branch(web, 'bugfix/header-title', webBase);
  b.commit(web, 'bugfix/header-title', 'dave', 'Use the product name in the header', {
    'src/components/Header.tsx': "export function Header(): HTMLElement {\n  const header = document.createElement('header');\n  header.textContent = 'Acme Web';\n  return header;\n}\n",
  });
  b.commit(web, 'main', 'carol', 'Localise the header title', {
    'src/components/Header.tsx': "export function Header(): HTMLElement {\n  const header = document.createElement('header');\n  header.textContent = t('header.title');\n  return header;\n}\n",
  });
  b.pullRequest(web, { title: 'Fix the header title', from: 'bugfix/header-title', to: 'main', author: 'dave', reviewers: [['alice', 'UNAPPROVED']] });

  // PR 4: merged, and its source branch still exists ("delete source branch").
  b.branch(web, 'feature/login-page', 'main');
  b.commit(web, 'feature/login-page', 'erin', 'Add a login page', {
    'src/pages/login.ts': "export function loginPage(): string {\n  return 'login';\n}\n",
  });
  const pr4 = b.pullRequest(web, { title: 'Add a login page', from: 'feature/login-page', to: 'main', author: 'erin', reviewers: [['bob', 'APPROVED']] });
  b.comment(web, pr4, 'bob', 'Ship it!', { reactions: { rocket: ['alice', 'carol'], thumbsup: ['dave'] } });
  b.merge(web, pr4, 'erin');

  // PR 5: declined.
  b.branch(web, 'feature/experiment', 'main');
  b.commit(web, 'feature/experiment', 'frank', 'Try a canvas renderer', { 'src/experiment/canvas.ts': 'export const canvas = true;\n' });
  const pr5 = b.pullRequest(web, { title: 'Experiment: canvas renderer', from: 'feature/experiment', to: 'main', author: 'frank' });
  b.decline(pr5, 'alice');

  // PR 6: clean, approved, all checks pass (merge it in tests).
  b.branch(web, 'hotfix/typo', 'main');
  const typoHead = b.commit(web, 'hotfix/typo', 'carol', 'Fix a typo in the release notes', {
    'docs/RELEASE.md': '# Releasing\n\n1. Bump the version in package.json.\n2. Tag the release commit.\n3. Publish.\n',
  });
  b.pullRequest(web, { title: 'Fix a typo in the release notes', from: 'hotfix/typo', to: 'main', author: 'carol', reviewers: [['bob', 'APPROVED']] });
  b.report(web, typoHead, 'com.yourcompany.security', { title: 'Security scan', result: 'PASS', reporter: 'Snyk', data: [] });
  b.build(web, typoHead, { key: 'WEB-BUILD', state: 'SUCCESSFUL', url: 'https://ci.example.com/browse/WEB-BUILD-44', name: 'Build', buildNumber: '44' });

  b.branch(web, 'release/1.4', 'main');
  const mainTip = web.branches.main;
  b.report(web, mainTip, 'com.yourcompany.lint', { ...lintFields, result: 'FAIL', details: '5 problems', data: [{ title: 'Problems', type: 'NUMBER', value: 5 }] }, baseLint.map((a) => ({ ...a })));
  b.report(web, mainTip, 'com.yourcompany.security', { title: 'Security scan', result: 'PASS', reporter: 'Snyk', data: [] });
  b.build(web, mainTip, { key: 'WEB-BUILD', state: 'SUCCESSFUL', url: 'https://ci.example.com/browse/WEB-BUILD-45', name: 'Build', buildNumber: '45', ref: 'refs/heads/main' });
  b.commitComment(web, mainTip, 'bob', 'Merged cleanly, thanks.', { thumbsup: ['alice', 'carol'], heart: ['erin'] });

  // ACME is linked to the Jira project WEB: PR #1's commits name WEB-42 and WEB-57 (OPS-3 is not linked).
  b.jiraLink({ projectKey: 'ACME', applicationLinkId: '8f6a2c1e-4b3d-4e5f-9a0b-1c2d3e4f5a6b', jiraBaseUrl: 'https://jira.example.com', jiraProjects: [{ key: 'WEB', id: 10000, name: 'Web App' }] });
  // Default reviewers: every ACME PR into the development branch gets bob and carol (no approvals required);
  // web-app release branches into main need one approval from erin or frank.
  b.defaultReviewers({ projectKey: 'ACME' }, { source: { type: 'ANY_REF', id: 'ANY_REF_MATCHER_ID' }, target: { type: 'MODEL_BRANCH', id: 'development' }, reviewers: ['bob', 'carol'], requiredApprovals: 0 });
  b.defaultReviewers({ repo: web }, { source: { type: 'MODEL_CATEGORY', id: 'RELEASE' }, target: { type: 'BRANCH', id: 'refs/heads/main' }, reviewers: ['erin', 'frank'], requiredApprovals: 1 });

  // ------------------------------------------------------------------ ACME/api-service
  const api = b.repository({ projectKey: 'ACME', slug: 'api-service', name: 'api-service', description: 'REST backend' });
  readOnly(api);
  b.commit(api, 'main', 'bob', 'Initial commit', {
    'README.md': '# API service\n',
    'src/server.ts': "export function listen(port: number): void {\n  console.log('listening on', port);\n}\n",
  }, null);
  b.branch(api, 'feature/health', 'main');
  const healthHead = b.commit(api, 'feature/health', 'dave', 'Add a health endpoint', {
    'src/health.ts': "export function health(): { ok: boolean } {\n  return { ok: true };\n}\n",
  });
  const apiPr = b.pullRequest(api, { title: 'Add a health endpoint', from: 'feature/health', to: 'main', author: 'dave', reviewers: [['alice', 'APPROVED'], ['bob', 'UNAPPROVED']] });
  // api-service feature branches need alice's approval (she has approved PR #1).
  b.defaultReviewers({ repo: api }, { source: { type: 'PATTERN', id: 'feature/*' }, target: { type: 'ANY_REF', id: 'ANY_REF_MATCHER_ID' }, reviewers: ['alice'], requiredApprovals: 1 });
  b.comment(api, apiPr, 'alice', 'Could this also report the version?', { reactions: { thinking_face: ['bob'] } });
  b.build(api, healthHead, { key: 'API-BUILD', state: 'INPROGRESS', url: 'https://ci.example.com/browse/API-BUILD-9', name: 'Build' });
  b.report(api, healthHead, 'com.yourcompany.tests', { title: 'Unit tests', result: 'PASS', data: [{ title: 'Tests', type: 'NUMBER', value: 57 }, { title: 'Duration', type: 'DURATION', value: 42000 }] });

  // ------------------------------------------------------------------ OPS/infra-tools (no branch model configured)
  const ops = b.repository({ projectKey: 'OPS', slug: 'infra-tools', name: 'infra-tools', branchModel: null, defaultBranch: 'master' });
  readOnly(ops);
  b.commit(ops, 'master', 'erin', 'Initial commit', { 'deploy.sh': '#!/bin/sh\necho deploy\n', 'README.md': '# Infra tools\n' }, null);
  b.branch(ops, 'feature/rollback', 'master');
  b.commit(ops, 'feature/rollback', 'erin', 'Add rollback script', { 'rollback.sh': '#!/bin/sh\necho rollback\n' });
  const opsPr = b.pullRequest(ops, { title: 'Add rollback script', from: 'feature/rollback', to: 'master', author: 'erin', reviewers: [['frank', 'APPROVED']] });
  b.merge(ops, opsPr, 'frank');
  b.build(ops, ops.branches.master, { key: 'OPS-LINT', state: 'FAILED', url: 'https://ci.example.com/browse/OPS-LINT-3', name: 'Shellcheck' });

  // ------------------------------------------------------------------ LIB/utils (an unrelated history: merge base 204)
  const lib = b.repository({ projectKey: 'LIB', slug: 'utils', name: 'utils' });
  readOnly(lib);
  b.commit(lib, 'main', 'carol', 'Initial commit', { 'index.js': 'module.exports = {};\n' }, null);
  b.commit(lib, 'docs-site', 'carol', 'Start a separate docs site', { 'docs/index.md': '# Utils docs\n' }, null);
  b.pullRequest(lib, { title: 'Import the docs site', from: 'docs-site', to: 'main', author: 'carol' });

  seedAdministration(store, SEED_EPOCH);
}
