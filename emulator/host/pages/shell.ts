/**
 * The page shell every Bitbucket page shares (host-anatomy.md §3.6, §5.3, §6): AUI CSS and design
 * tokens, the global header with `header.global.primary` web-items, then global jQuery → requirejs →
 * AUI (with `define.amd` hidden) → the host runtime → the plugin's initial context batch.
 * No inline scripts or handlers: page data travels as a JSON data block (CSP `script-src 'self'`).
 */
import { PAGE_DATA_ELEMENT_ID, type PageData } from '../page-data';
import type { ResolvedResource } from '../wrm/resolver';
import { html, jsonForScript, raw, safeUrl, type RawHtml } from './html';

export interface HeaderLink {
  completeKey: string;
  label: string;
  tooltip?: string;
  url: string;
  linkId?: string;
}

export interface ShellOptions {
  title: string;
  assetBase: string;
  data: PageData;
  colorMode: 'light' | 'dark';
  headerLinks: HeaderLink[];
  /** The initial context batch, in dependency order. */
  batch: ResolvedResource[];
  content: RawHtml;
  /** Which global nav item is current. */
  section?: 'projects' | 'dashboard';
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // AUI and the design-tokens API set inline styles and inject theme <style> elements.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
  "form-action 'self'",
].join('; ');

const wrmAttributes = (resource: ResolvedResource) => html` data-wrm-key="${resource.key}" data-wrm-batch-type="${resource.batchType}" data-initially-rendered`;

export function renderShell(options: ShellOptions): string {
  const { data, assetBase } = options;
  const cp = data.contextPath;
  const css = options.batch.filter((r) => r.resourceType === 'CSS');
  const js = options.batch.filter((r) => r.resourceType === 'JAVASCRIPT');
  const user = data.currentUser;
  const page = html`<!DOCTYPE html>
<html lang="en" data-color-mode="${options.colorMode}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="application-name" content="Bitbucket">
<title>${options.title} - Bitbucket</title>
<link rel="icon" href="${assetBase}/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${assetBase}/aui/aui-prototyping.css">
<link rel="stylesheet" href="${assetBase}/aui/aui-prototyping-design-tokens-compatibility.css">
<link rel="stylesheet" href="${assetBase}/host.css">
${css.map((r) => html`<link rel="stylesheet" href="${r.url}"${wrmAttributes(r)}>\n`)}<script type="application/json" id="${PAGE_DATA_ELEMENT_ID}">${jsonForScript(data)}</script>
</head>
<body class="bitbucket-theme aui-layout aui-theme-default" data-page="${data.page}">
<div id="page">
<header id="header" role="banner">
<a class="aui-skip-link" href="#content">Skip to content</a>
<nav class="aui-header" aria-label="Global">
<div class="aui-header-inner">
<div class="aui-header-primary">
<span id="logo" class="aui-header-logo aui-header-logo-bitbucket"><a href="${cp}/dashboard"><span class="aui-header-logo-device">Bitbucket</span><span class="emulator-logo-text">Bitbucket</span></a></span>
<ul class="aui-nav">
<li${options.section === 'projects' ? raw(' class="aui-nav-selected"') : ''}><a href="${cp}/projects"${options.section === 'projects' ? raw(' aria-current="page"') : ''}>Projects</a></li>
<li${options.section === 'dashboard' ? raw(' class="aui-nav-selected"') : ''}><a href="${cp}/dashboard"${options.section === 'dashboard' ? raw(' aria-current="page"') : ''}>Dashboard</a></li>
${options.headerLinks.map((link) => html`<li><a href="${safeUrl(link.url)}" data-web-item-key="${link.completeKey}"${link.linkId ? html` id="${link.linkId}"` : ''}${link.tooltip ? html` title="${link.tooltip}"` : ''}>${link.label}</a></li>\n`)}</ul>
</div>
<div class="aui-header-secondary">
<ul class="aui-nav">
<li><button type="button" id="emulator-theme-toggle" class="aui-button aui-button-subtle" aria-pressed="${options.colorMode === 'dark' ? 'true' : 'false'}">Dark theme</button></li>
${user ? html`<li><span class="emulator-current-user" data-username="${user.name}">${user.displayName}</span></li><li><a href="${cp}/j_atl_security_logout">Log out</a></li>` : html`<li><a href="${cp}/login">Log in</a></li>`}
</ul>
</div>
</div>
</nav>
</header>
<section id="content" role="main" tabindex="-1">
${options.content}
</section>
<footer id="footer" role="contentinfo">
<p class="emulator-footer">Bitbucket Data Center emulator <span id="product-version" data-system-build-number="9002000">v9.2.0</span></p>
</footer>
</div>
<script src="${assetBase}/jquery.js"></script>
<script src="${assetBase}/require.js"></script>
<script src="${assetBase}/pre-aui.js"></script>
<script src="${assetBase}/aui/aui-prototyping.js"></script>
<script src="${assetBase}/aui/aui-prototyping-design-tokens-api.js"></script>
<script src="${assetBase}/host-runtime.js"></script>
${js.map((r) => html`<script src="${r.url}"${wrmAttributes(r)}></script>\n`)}</body>
</html>
`;
  return page.html;
}
