type Handler = (...args: unknown[]) => void;
const handlers = new Map<string, Set<Handler>>();

/** `bitbucket/util/events`: a synchronous event bus. */
export function on(name: string, handler: Handler): void {
  if (!handlers.has(name)) handlers.set(name, new Set());
  handlers.get(name)!.add(handler);
}

export function off(name: string, handler: Handler): void {
  handlers.get(name)?.delete(handler);
}

export function trigger(name: string, _context?: unknown, ...args: unknown[]): void {
  for (const handler of [...(handlers.get(name) ?? [])]) handler(...args);
}

export function listeners(name: string): Handler[] {
  return [...(handlers.get(name) ?? [])];
}
