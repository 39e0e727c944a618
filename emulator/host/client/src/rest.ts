/** The host's own REST reads (like Bitbucket's page code, through the product REST API). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, signal });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new HttpError(response.status, `The server sent a malformed response (HTTP ${response.status}).`);
  }
  if (!response.ok) {
    const errors = (body as { errors?: { message?: string }[] } | undefined)?.errors;
    throw new HttpError(response.status, errors?.map((e) => e.message).join(' ') || `Request failed with HTTP ${response.status}.`);
  }
  return body as T;
}

export const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';
