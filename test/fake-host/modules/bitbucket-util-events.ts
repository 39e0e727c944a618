type Handler = (...args: unknown[]) => void;
const handlers = new Map<string, Set<Handler>>();

/** `bitbucket/util/events`: a synchronous event bus (host-anatomy.md §3.4). */
export function on(name: string, handler: Handler): void {
  if (!handlers.has(name)) handlers.set(name, new Set());
  handlers.get(name)!.add(handler);
}

export function off(name: string, handler: Handler): void {
  handlers.get(name)?.delete(handler);
}

export function once(name: string, handler: Handler): void {
  const wrapper: Handler = (...args) => {
    off(name, wrapper);
    handler(...args);
  };
  on(name, wrapper);
}

export function trigger(name: string, _context?: unknown, ...args: unknown[]): void {
  for (const handler of [...(handlers.get(name) ?? [])]) {
    // One failing listener must not stop the others (the product's bus isolates them too).
    try {
      handler(...args);
    } catch (error) {
      console.error(`[bitbucket/util/events] listener for "${name}" failed`, error);
    }
  }
}

export function listeners(name: string): Handler[] {
  return [...(handlers.get(name) ?? [])];
}

/** Total listener count over all events (leak checks in tests). */
export function listenerCount(): number {
  let count = 0;
  for (const set of handlers.values()) count += set.size;
  return count;
}
