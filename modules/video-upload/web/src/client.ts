/**
 * The upload page's conversation with its configuration and the API, without the DOM:
 * load `config.json`, ask the API for a pre-signed URL, and decide what type to declare.
 * `fetch` is injected so the unit tests run in Node; the PUT itself (which needs upload
 * progress) is XMLHttpRequest in upload.ts.
 */
import * as z from 'zod/mini';
import { mediaTypeForFileName, mediaTypeOf } from '../../functions/shared/src/media-types.js';

export interface PageConfig {
  apiEndpoint: string;
  apiKey?: string;
}

const configSchema = z.strictObject({
  apiEndpoint: z.url({ protocol: /^https?$/ }),
  apiKey: z.optional(z.string().check(z.minLength(1))),
});

const uploadUrlSchema = z.object({
  uploadUrl: z.url({ protocol: /^https?$/ }),
  key: z.string(),
  expiresIn: z.number(),
  headers: z.object({ 'Content-Type': z.string(), 'Content-Length': z.string() }),
});
export type UploadTicket = z.infer<typeof uploadUrlSchema>;

const errorSchema = z.object({ error: z.string() });

export class PageError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Reads `config.json` next to the page; a clear message when it is missing or malformed. */
export async function loadConfig(fetchImpl: typeof fetch, url = 'config.json'): Promise<PageConfig> {
  let response: Response;
  try {
    response = await fetchImpl(url, { cache: 'no-store' });
  } catch {
    throw new PageError(`Cannot load ${url}: the network request failed.`);
  }
  if (!response.ok) throw new PageError(`Cannot load ${url}: HTTP ${response.status}.`);
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new PageError(`${url} is not JSON.`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success)
    throw new PageError(`${url} is invalid: expected {"apiEndpoint":"https://…","apiKey":"…" (optional)}.`);
  return parsed.data;
}

/** The type to declare for a file: the browser's, canonicalised, or one from the extension. */
export function declaredType(file: { name: string; type: string }): string | undefined {
  return (mediaTypeOf(file.type) ?? mediaTypeForFileName(file.name))?.mime;
}

/** POSTs to the API; 200 gives the ticket, anything else a PageError carrying the API's message and status. */
export async function requestUpload(
  fetchImpl: typeof fetch,
  config: PageConfig,
  request: { password: string; fileName: string; contentType: string; size: number },
): Promise<UploadTicket> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (config.apiKey) headers['x-api-key'] = config.apiKey;
  let response: Response;
  try {
    response = await fetchImpl(config.apiEndpoint, { method: 'POST', headers, body: JSON.stringify(request) });
  } catch {
    throw new PageError('The upload service cannot be reached. Check your connection and try again.');
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const parsed = errorSchema.safeParse(json);
    const fallback =
      response.status === 403
        ? 'The upload service refused the request (HTTP 403).'
        : `The upload service answered HTTP ${response.status}.`;
    throw new PageError(parsed.success ? parsed.data.error : fallback, response.status);
  }
  const ticket = uploadUrlSchema.safeParse(json);
  if (!ticket.success) throw new PageError('The upload service sent an unexpected answer.', response.status);
  return ticket.data;
}

/**
 * The headers to set on the PUT: the signed ones except Content-Length, which browsers set
 * themselves from the body (scripts may not set it) — S3 still checks it against the signature.
 */
export function putHeaders(ticket: UploadTicket): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ticket.headers))
    if (name.toLowerCase() !== 'content-length') headers[name] = value;
  return headers;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
