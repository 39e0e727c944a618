/**
 * Builds an emulator on a throw-away data dir and calls it over HTTP on a random local port.
 * (fastify's inject needs light-my-request → cookie@2, which is ESM-only and jest on Node 20 cannot require it.)
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { buildEmulator } from '../../emulator';

export type Emulator = Awaited<ReturnType<typeof buildEmulator>>;

export interface CallOptions {
  as?: string | null; // user slug (password = slug); null = anonymous
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  signal?: AbortSignal;
}

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'emulator-test-'));
}

export type TestEmulator = Emulator & { dataDir: string; origin: string; dispose(): Promise<void> };

export async function createEmulator(options: { faults?: boolean; dataDir?: string; reset?: boolean; latencyMs?: number } = {}): Promise<TestEmulator> {
  const dataDir = options.dataDir ?? tempDir();
  const emulator = await buildEmulator({
    dataDir,
    reset: options.reset ?? true,
    faults: options.faults ?? false,
    latencyMs: options.latencyMs,
    pages: false,
  });
  await emulator.app.listen({ port: 0, host: '127.0.0.1' });
  const address = emulator.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(emulator, {
    dataDir,
    origin: `http://127.0.0.1:${port}`,
    async dispose() {
      emulator.faults.releaseAll();
      await emulator.app.close();
      emulator.store.flush();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export function basic(user: string, secret = user): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

export async function call(emulator: TestEmulator, method: string, url: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  const as = options.as === undefined ? 'admin' : options.as;
  if (as && !headers.authorization) headers.authorization = basic(as);
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  if (method !== 'GET' && method !== 'HEAD') headers['x-atlassian-token'] ??= 'no-check';
  const query = options.query ? `${url.includes('?') ? '&' : '?'}${new URLSearchParams(options.query).toString()}` : '';
  const response = await fetch(`${emulator.origin}/bitbucket${url}${query}`, { method, headers, body: payload, redirect: 'manual', signal: options.signal });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: Object.fromEntries(response.headers.entries()), text, json };
}

/** A multipart/form-data body for `PUT …/browse/{path}`. */
export function multipart(fields: Record<string, string>): { payload: string; contentType: string } {
  const boundary = '----emulator-test-boundary';
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

export const WEB = '/rest/api/latest/projects/ACME/repos/web-app';
export const WEB_INSIGHTS = '/rest/insights/latest/projects/ACME/repos/web-app';
export const WEB_BRANCH_UTILS = '/rest/branch-utils/latest/projects/ACME/repos/web-app';
