/**
 * The only code loaded on every page: it watches for the viewer's hash route
 * (`#yourcompany-insights?...`) and only then loads the viewer bundle through WRM.
 */
import { loadPluginModule } from '../host/lazy';

// Same literal as VIEWER_ROUTE in frontend/insights-model/viewer-route.ts (the source of truth); copied so
// this every-page script imports no module bundle.
const ROUTE = '#yourcompany-insights';
type Viewer = { openFromLocation(): void };
let loading: Promise<Viewer> | undefined;

function onLocationChange(): void {
  if (!location.hash.startsWith(ROUTE)) return;
  // The benchmark's start for "hash seen → first annotation rows" (the viewer marks the end).
  if (typeof performance !== 'undefined' && typeof performance.mark === 'function') performance.mark('yc-viewer-hash-seen');
  loading = loading ?? loadPluginModule<Viewer>('viewer');
  loading.then(
    (viewer) => viewer.openFromLocation(),
    (error) => {
      loading = undefined;
      console.error('[yourcompany] could not load the insights viewer', error);
    },
  );
}

window.addEventListener('hashchange', onLocationChange);
onLocationChange();
