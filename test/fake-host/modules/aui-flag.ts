/**
 * `aui/flag` stand-in for jsdom: renders AUI's flag markup with the body as HTML, exactly the
 * contract that makes escaping the caller's job (the host adapter escapes).
 */
export default function flag(options: { type?: string; title?: string; body?: string; close?: string }) {
  let container = document.getElementById('aui-flag-container');
  if (!container) {
    container = document.createElement('div');
    container.id = 'aui-flag-container';
    document.body.appendChild(container);
  }
  const element = document.createElement('div') as unknown as HTMLElement & { close(): void };
  element.className = `aui-flag aui-message aui-message-${options.type ?? 'info'}`;
  element.setAttribute('role', 'alert');
  const title = document.createElement('p');
  title.className = 'title';
  title.textContent = options.title ?? '';
  const body = document.createElement('div');
  body.className = 'aui-flag-body';
  body.innerHTML = options.body ?? ''; // AUI's contract: body is HTML
  element.append(title, body);
  element.close = () => element.remove();
  container.appendChild(element);
  return element;
}
