import { parsePluginDescriptor } from '../wrm/descriptor';
import { HOST_PROVIDED_WEB_RESOURCES, WebResourceResolver, isHostProvided } from '../wrm/resolver';

const KEY = 'com.example.plugin';
const xml = `<?xml version="1.0" encoding="UTF-8"?>
<atlassian-plugin key="${KEY}" name="Example" plugins-version="2">
  <plugin-info><version>1.2.3</version></plugin-info>
  <resource type="i18n" name="i18n" location="i18n/example"/>
  <web-item key="nav" section="header.global.primary" weight="20"><label key="example.nav"/><link linkId="nav-link">/dashboard#x</link></web-item>
  <web-item key="extensions__a__ts" section="bitbucket.ui.pullrequest.action" weight=""><label key=""/></web-item>
  <web-resource key="module-host">
    <dependency>com.atlassian.plugins.atlassian-plugins-webresource-plugin:context-path</dependency>
    <dependency>com.atlassian.auiplugin:aui-flag</dependency>
    <resource type="download" name="host.js" location="js/host.js"/>
  </web-resource>
  <web-resource key="module-ui">
    <dependency>${KEY}:module-host</dependency>
    <resource type="download" name="ui.js" location="js/ui.js"/>
    <resource type="download" name="ui.css" location="js/ui.css"/>
  </web-resource>
  <web-resource key="entrypoint-a">
    <transformation extension="js"><transformer key="jsI18n"/></transformation>
    <context>bitbucket.ui.pullrequest.action</context>
    <dependency>${KEY}:module-ui</dependency>
    <resource type="download" name="a.js" location="js/a.js"/>
  </web-resource>
  <web-resource key="launcher">
    <context>atl.general</context>
    <context>atl.admin</context>
    <dependency>${KEY}:module-host</dependency>
    <resource type="download" name="launcher.js" location="js/launcher.js"/>
  </web-resource>
  <web-resource key="admin-only">
    <context>atl.general</context>
    <condition class="com.atlassian.bitbucket.web.conditions.IsAdminCondition"/>
    <resource type="download" name="admin.js" location="js/admin.js"/>
  </web-resource>
</atlassian-plugin>`;

const resolverFor = (source: string) => new WebResourceResolver(parsePluginDescriptor(source), (m, name) => `/s/h/_/download/batch/${m.completeKey}/${name}`);
const admin = { globalPermission: 'SYS_ADMIN' };
const user = { globalPermission: 'LICENSED_USER' };

describe('parsePluginDescriptor', () => {
  it('reads web-resources, web-items and the i18n bundle', () => {
    const d = parsePluginDescriptor(xml);
    expect(d.key).toBe(KEY);
    expect(d.version).toBe('1.2.3');
    expect(d.i18nLocations).toEqual(['i18n/example']);
    expect(d.webResources.map((w) => w.key)).toEqual(['module-host', 'module-ui', 'entrypoint-a', 'launcher', 'admin-only']);
    expect(d.webResources[2]).toMatchObject({ completeKey: `${KEY}:entrypoint-a`, contexts: ['bitbucket.ui.pullrequest.action'], transformations: { js: ['jsI18n'] } });
    expect(d.webItems[0]).toMatchObject({ completeKey: `${KEY}:nav`, section: 'header.global.primary', weight: 20, labelKey: 'example.nav', link: '/dashboard#x', linkId: 'nav-link' });
    expect(d.webItems[1]).toMatchObject({ weight: Infinity, labelKey: undefined });
  });

  it('rejects a malformed descriptor', () => {
    expect(() => parsePluginDescriptor('<atlassian-plugin key="x"><web-resource></atlassian-plugin>')).toThrow(/not well-formed/);
  });
});

describe('WebResourceResolver', () => {
  it('resolves a context with dependencies first, CSS before JS, host keys satisfied by the shell', () => {
    const result = resolverFor(xml).resolve({ c: ['bitbucket.ui.pullrequest.action'] }, user);
    expect(result.errors).toEqual([]);
    expect(result.webResources).toEqual([`${KEY}:module-host`, `${KEY}:module-ui`, `${KEY}:entrypoint-a`]);
    expect(result.resources.map((r) => `${r.resourceType} ${r.url}`)).toEqual([
      `CSS /s/h/_/download/batch/${KEY}:module-ui/ui.css`,
      `JAVASCRIPT /s/h/_/download/batch/${KEY}:module-host/host.js`,
      `JAVASCRIPT /s/h/_/download/batch/${KEY}:module-ui/ui.js`,
      `JAVASCRIPT /s/h/_/download/batch/${KEY}:entrypoint-a/a.js`,
    ]);
  });

  it('skips what the page already has (xr / xc)', () => {
    const r = resolverFor(xml);
    expect(r.resolve({ c: ['bitbucket.ui.pullrequest.action'], xr: [`${KEY}:module-ui`] }, user).webResources).toEqual([`${KEY}:entrypoint-a`]);
    expect(r.resolve({ r: [`${KEY}:module-ui`], xc: ['atl.general'] }, admin).webResources).toEqual([`${KEY}:module-ui`]);
    expect(r.resolve({ c: ['atl.general'], xc: ['atl.general'] }, admin).webResources).toEqual([]);
  });

  it('evaluates product conditions', () => {
    const r = resolverFor(xml);
    expect(r.resolve({ c: ['atl.general'] }, user).webResources).toEqual([`${KEY}:module-host`, `${KEY}:launcher`]);
    expect(r.resolve({ c: ['atl.general'] }, admin).webResources).toContain(`${KEY}:admin-only`);
  });

  it('fails the batch for an unknown dependency, including wrong host keys', () => {
    const broken = xml
      .replace('<dependency>com.atlassian.auiplugin:aui-flag</dependency>', '<dependency>com.atlassian.bitbucket.state.bitbucket-web-api:state</dependency>')
      .replace(`<dependency>${KEY}:module-host</dependency>\n    <resource type="download" name="ui.js"`, `<dependency>${KEY}:module-nope</dependency>\n    <resource type="download" name="ui.js"`);
    const result = resolverFor(broken).resolve({ c: ['bitbucket.ui.pullrequest.action'] }, user);
    expect(result.errors).toEqual([
      `Cannot find web-resource module for ${KEY}:module-nope (required by ${KEY}:module-ui)`,
    ]);
    const host = resolverFor(broken).resolve({ r: [`${KEY}:module-host`] }, user);
    expect(host.errors).toEqual([`Cannot find web-resource module for com.atlassian.bitbucket.state.bitbucket-web-api:state (required by ${KEY}:module-host)`]);
  });

  it('reports dependency cycles and unknown condition classes', () => {
    const cyclic = xml.replace('<dependency>com.atlassian.auiplugin:aui-flag</dependency>', `<dependency>${KEY}:module-ui</dependency>`);
    expect(resolverFor(cyclic).resolve({ r: [`${KEY}:module-ui`] }, user).errors.join()).toMatch(/Circular web-resource dependency/);
    const unknown = xml.replace('IsAdminCondition', 'NoSuchCondition');
    expect(resolverFor(unknown).resolve({ c: ['atl.general'] }, admin).errors.join()).toMatch(/NoSuchCondition could not be loaded/);
  });

  it('knows the product web-resources the page shell provides', () => {
    expect(isHostProvided('com.atlassian.auiplugin:aui-dialog2')).toBe(true);
    expect(isHostProvided('com.atlassian.bitbucket.server.bitbucket-web-api:navbuilder')).toBe(true);
    expect(isHostProvided('com.atlassian.bitbucket.events.bitbucket-web-api:events')).toBe(false);
    expect(HOST_PROVIDED_WEB_RESOURCES.has('com.atlassian.plugins.atlassian-plugins-webresource-rest:web-resource-manager')).toBe(true);
  });
});

describe('the plugin against the emulated shell', () => {
  it('every host web-resource the plugin declares (modules.js HOST_MODULES) is one the emulated page provides', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { HOST_MODULES } = require('../../../plugin-descriptor/modules') as { HOST_MODULES: Record<string, string> };
    const missing = Object.entries(HOST_MODULES).filter(([, key]) => !isHostProvided(key));
    expect(missing).toEqual([]);
  });
});
