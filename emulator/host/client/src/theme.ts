/**
 * Light/dark like Bitbucket ≥ 8.16: `data-color-mode` on `<html>` drives AUI's design tokens
 * (host-anatomy.md §5.3). `?theme=dark|light` wins for the page; the header toggle persists.
 */
import { THEME_STORAGE_KEY } from '../../page-data';

type ColorMode = 'light' | 'dark';
interface DesignTokens {
  setGlobalTheme?(theme: { colorMode: string; light?: string; dark?: string }): unknown;
}

function designTokens(): DesignTokens | undefined {
  return (window as unknown as { AJS?: { DesignTokens?: DesignTokens } }).AJS?.DesignTokens;
}

function storedMode(): ColorMode | null {
  try {
    const value = localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'dark' || value === 'light' ? value : null;
  } catch {
    return null;
  }
}

export function applyColorMode(mode: ColorMode): void {
  document.documentElement.setAttribute('data-color-mode', mode);
  const toggle = document.getElementById('emulator-theme-toggle');
  toggle?.setAttribute('aria-pressed', mode === 'dark' ? 'true' : 'false');
  try {
    const result = designTokens()?.setGlobalTheme?.({ colorMode: mode, light: 'light', dark: 'dark' });
    if (result && typeof (result as Promise<unknown>).catch === 'function') (result as Promise<unknown>).catch((error) => console.warn('[theme] design tokens', error));
  } catch (error) {
    console.warn('[theme] design tokens', error);
  }
}

export function initTheme(): void {
  const fromQuery = new URLSearchParams(location.search).get('theme');
  const mode: ColorMode = fromQuery === 'dark' || fromQuery === 'light' ? fromQuery : (storedMode() ?? 'light');
  applyColorMode(mode);
  document.getElementById('emulator-theme-toggle')?.addEventListener('click', () => {
    const next: ColorMode = document.documentElement.getAttribute('data-color-mode') === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // private mode: the toggle still works for this page
    }
    applyColorMode(next);
  });
}
