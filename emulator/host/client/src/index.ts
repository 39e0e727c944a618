/**
 * The emulator's browser host runtime, loaded by every page after jQuery, requirejs and AUI:
 * defines the host AMD modules (the shared fake-host files), `window.WRM`, `AJS.contextPath()`,
 * creates the CSE registry singleton (`window.____c_p_r`) and starts the page's view.
 */
import registry from '@atlassian/clientside-extensions-registry';
import { resetFakeHost } from '../../../../test/fake-host/state';
import wrmRequire, { setWebResourceBackend } from '../../../../test/fake-host/modules/wrm-require';
import contextPath from '../../../../test/fake-host/modules/wrm-context-path';
import * as wrmData from '../../../../test/fake-host/modules/wrm-data';
import wrmFormat from '../../../../test/fake-host/modules/wrm-format';
import * as state from '../../../../test/fake-host/modules/bitbucket-util-state';
import * as events from '../../../../test/fake-host/modules/bitbucket-util-events';
import * as navbuilder from '../../../../test/fake-host/modules/bitbucket-util-navbuilder';
import * as server from '../../../../test/fake-host/modules/bitbucket-util-server';
import { configureLoader, defineHostModules, restoreDefineAmd } from './amd';
import { readPageData } from './page-data';
import { WrmClient } from './wrm';
import { initTheme } from './theme';
import { PullRequestPage } from './pr/app';

interface HostWindow {
  jQuery: { Deferred(): never };
  AJS?: Record<string, unknown> & { I18n?: { getText?(key: string): string } };
  WRM?: Record<string, unknown>;
  __bitbucketEmulator?: Record<string, unknown>;
}

function start(): void {
  const host = window as unknown as HostWindow;
  restoreDefineAmd();
  const data = readPageData();
  resetFakeHost({
    contextPath: data.contextPath,
    currentUser: data.currentUser ?? false,
    project: (data.project as never) ?? false,
    repository: (data.repository as never) ?? false,
    pullRequest: (data.pullRequest as never) ?? false,
  });

  const wrm = new WrmClient(data.contextPath, data.initialContexts, host.jQuery as never);
  setWebResourceBackend(wrm.require);
  host.WRM = Object.assign(host.WRM ?? {}, {
    _unparsedData: { ...data.unparsedData },
    _unparsedErrors: {},
    contextPath,
    require: wrmRequire,
    data: { claim: wrmData.claim },
    format: wrmFormat,
  });
  const ajs = (host.AJS = host.AJS ?? {});
  // pre-aui.js gave AUI its contextPath (AUI exposes it read-only); only fill it where AUI is absent.
  if (typeof ajs.contextPath !== 'function') Object.defineProperty(ajs, 'contextPath', { value: contextPath, configurable: true });
  // WRM's jsI18n rewrites `x.I18n.getText("k", a)` into `x.format(...)`; a bare `I18n` falls back to AJS.
  if (typeof ajs.format !== 'function') ajs.format = wrmFormat;

  configureLoader(`${data.contextPath}/s/emulator/amd-not-defined/`);
  defineHostModules({
    jquery: host.jQuery,
    'wrm/require': wrmRequire,
    'wrm/context-path': contextPath,
    'wrm/data': wrmData,
    'wrm/format': wrmFormat,
    'wrm/i18n': { getText: (key: string) => ajs.I18n?.getText?.(key) ?? key },
    'bitbucket/util/state': state,
    'bitbucket/util/events': events,
    'bitbucket/util/navbuilder': navbuilder,
    'bitbucket/util/server': server,
    '@atlassian/clientside-extensions-registry': registry,
  });

  for (const error of data.wrmErrors) console.error(`[WRM] ${error}`);
  initTheme();

  let page: PullRequestPage | null = null;
  if (data.page === 'pull-request' && data.pullRequest) {
    const root = document.getElementById('pull-request-page');
    if (root) {
      page = new PullRequestPage(root, data);
      page.start();
    }
  }
  host.__bitbucketEmulator = {
    wrm,
    registry,
    eventListenerCount: events.listenerCount,
    navigations: () => page?.navigations() ?? 0,
  };
}

start();
