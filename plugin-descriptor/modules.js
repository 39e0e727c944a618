'use strict';
/**
 * The one list of what the plugin is made of. webpack.config.js, the descriptor assembler, the
 * verifier, the AMD load test and the emulator all read it, so they cannot drift apart.
 */
const pkg = require('../package.json');
const { readAppIdentity } = require('./app-identity');

/** package.json's `bitbucketApp` block: every name the app carries. */
const APP = readAppIdentity(pkg);
const PLUGIN_KEY = APP.key;
const AMD_PREFIX = `${APP.namespace}/`;

/**
 * Named AMD modules `<namespace>/<name>`, one per folder `frontend/<name>/index.ts`.
 * `api` lists the exports the AMD load test expects each module to expose.
 */
const NAMED_MODULES = {
  host: { api: ['PLUGIN_KEY', 'contextPath', 'currentUser', 'I18n', 'format', 'flag', 'loadWebResource', 'requireModule', 'loadPluginModule', 'onHostEvent', 'triggerHostEvent', 'escapeHtml'] },
  ui: { api: ['h', 'render', 'clear', 'safeHref', 'auiMessage', 'spinner', 'lozenge', 'button', 'mountRegistry', 'renderFailure', 'guardedMount', 'lazySurface', 'lazyModule'] },
  'ui-widgets': { api: ['virtualList', 'confirmInline', 'errorMessage', 'explainError', 'externalLink', 'sectionHeading', 'keyValueList'] },
  rest: { api: ['RestError', 'isRestError', 'createBitbucketClient', 'bitbucketClient', 'MAX_ITEMS', 'readPullRequest', 'readPullRequestContext', 'readComment', 'displayIdOf'] },
  cse: { api: ['default', 'registerExtension', 'ModalExtension', 'ButtonExtension', 'PanelExtension', 'summaryModal', 'modalSurface', 'revealWhen', 'mountWhileOpen', 'cleanupSignal', 'LIVE_REFRESH'] },
  viewer: { api: ['mount', 'open', 'close', 'openFromLocation', 'isOpen', 'setClient', 'filterAnnotations', 'prepareAnnotations', 'sortAnnotations', 'groupByFile', 'globToRegExp', 'toCsv', 'toSarif'] },
  'insights-compare': { api: ['compareAnnotations', 'compareReports', 'annotationFingerprint', 'normalizeMessage', 'readDiff', 'countAnnotations', 'worstFirst', 'sortWorstFirst', 'reportOutcome', 'summarizeInsights', 'insightsSummaryLabel', 'SEVERITIES', 'ANNOTATION_TYPES'] },
  'insights-model': { api: ['compareAnnotations', 'compareReports', 'annotationFingerprint', 'normalizeMessage', 'countAnnotations', 'worstFirst', 'sortWorstFirst', 'reportOutcome', 'summarizeInsights', 'insightsSummaryLabel', 'SEVERITIES', 'ANNOTATION_TYPES', 'formatDataField', 'formatDuration', 'formatNumber', 'formatPercentage', 'formatDate', 'MAX_FIELD_TEXT_LENGTH', 'annotationDiffHref', 'sourceHref', 'VIEWER_ROUTE', 'viewerHash', 'parseViewerHash', 'normalizeViewerState', 'isViewerHash'] },
  'merge-panel': { api: ['mount', 'summarize', 'summaryLabel', 'summarizeMergeStatus', 'buildReadiness'] },
  'insights-panel': { api: ['mount', 'summarize', 'summaryLabel', 'loadInsights', 'buildInsightsView', 'mountFileInsights', 'hasFilePath'] },
  'branch-panel': { api: ['mount', 'summarize', 'summaryLabel', 'mountCreateBranch', 'mountDeleteSourceBranch', 'actionAvailability', 'readPullRequestFacts', 'refNameProblem', 'categorize', 'truncateMiddle'] },
  'pr-summary': { api: ['insightsSummary', 'insightsLabel', 'loadInsights', 'mergeSummary', 'mergeLabel', 'branchSummary', 'branchLabel', 'actionAvailability', 'readPullRequestFacts', 'commentsSummary', 'commentsLabel', 'mountReactionLine', 'sharedLoad', 'notifySummaryChanged', 'onSummaryChanged', 'startSummaryPlan'] },
  'comments-panel': { api: ['mount', 'summarize', 'summaryLabel', 'mountReactionLine', 'readCommentsContext', 'commentHref', 'rankComments', 'collectComments', 'emojiOf', 'ROWS_PER_PAGE'] },
};

/** Small IIFE/`require([...])` entry scripts that run when their web-resource context loads. */
const ENTRY_SCRIPTS = {
  launcher: { contexts: ['atl.general', 'atl.admin'] },
};

/** Host-provided AMD modules: import id → WRM web-resource that defines it (host-anatomy.md §1.7). */
const HOST_MODULES = {
  jquery: 'com.atlassian.plugins.jquery:jquery',
  'wrm/require': 'com.atlassian.plugins.atlassian-plugins-webresource-rest:web-resource-manager',
  'wrm/context-path': 'com.atlassian.plugins.atlassian-plugins-webresource-plugin:context-path',
  'wrm/data': 'com.atlassian.plugins.atlassian-plugins-webresource-plugin:data',
  'wrm/format': 'com.atlassian.plugins.atlassian-plugins-webresource-plugin:format',
  'bitbucket/util/server': 'com.atlassian.bitbucket.server.bitbucket-web-api:server',
  'bitbucket/util/state': 'com.atlassian.bitbucket.server.bitbucket-web-api:state',
  'bitbucket/util/events': 'com.atlassian.bitbucket.server.bitbucket-web-api:events',
  'bitbucket/util/navbuilder': 'com.atlassian.bitbucket.server.bitbucket-web-api:navbuilder',
  'aui/flag': 'com.atlassian.auiplugin:aui-flag',
  // The product's CSE runtime defines the registry singleton; extensions register into it.
  '@atlassian/clientside-extensions-registry': 'com.atlassian.plugins.atlassian-clientside-extensions-runtime:runtime',
};

/** Web-resource key of a named module's bundle. */
const moduleWebResourceKey = (name) => `module-${name}`;

module.exports = {
  APP,
  PLUGIN_KEY,
  PLUGIN_VERSION: pkg.version,
  AMD_PREFIX,
  NAMED_MODULES,
  ENTRY_SCRIPTS,
  HOST_MODULES,
  moduleWebResourceKey,
  I18N_BUNDLE: `i18n/${APP.namespace}-insights`,
  /** The report viewer's route (frontend/insights-model/viewer-route.ts, renamed). */
  VIEWER_ROUTE: `#${APP.namespace}-insights`,
};
