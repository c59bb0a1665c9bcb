/**
 * The upload page's conversation with its configuration and the upload API, without the
 * DOM: load `config.json`, ask for upload URLs, complete or abort a multipart upload, read
 * the validation results. `fetch` is injected so the unit tests run in Node; the PUTs
 * themselves (which need upload progress) are XMLHttpRequest in upload.ts.
 */
import * as z from 'zod/mini';
import { mediaTypeForFileName, mediaTypeOf } from '../../functions/shared/src/media-types.js';

export interface PageConfig {
  /** URL of POST /upload/generate-url; the other routes are its siblings (/upload/complete, …). */
  apiEndpoint: string;
  apiKey?: string;
  /** The API's size limit, so the page can refuse a file before asking. */
  maxUploadBytes?: number;
}

const configSchema = z.strictObject({
  apiEndpoint: z.url({ protocol: /^https?$/ }),
  apiKey: z.optional(z.string().check(z.minLength(1))),
  maxUploadBytes: z.optional(z.number().check(z.int(), z.positive())),
});

const partSchema = z.object({ partNumber: z.number(), url: z.url({ protocol: /^https?$/ }), size: z.number() });
const ticketSchema = z.union([
  z.object({
    kind: z.literal('single'),
    uploadUrl: z.url({ protocol: /^https?$/ }),
    key: z.string(),
    expiresIn: z.number(),
    headers: z.object({ 'Content-Type': z.string(), 'Content-Length': z.string() }),
  }),
  z.object({
    kind: z.literal('multipart'),
    key: z.string(),
    uploadId: z.string(),
    expiresIn: z.number(),
    partSize: z.number(),
    parts: z.array(partSchema),
  }),
]);
export type UploadTicket = z.infer<typeof ticketSchema>;
export type SingleTicket = Extract<UploadTicket, { kind: 'single' }>;
export type MultipartTicket = Extract<UploadTicket, { kind: 'multipart' }>;
export type SignedPart = z.infer<typeof partSchema>;

const partsSchema = z.object({ parts: z.array(partSchema), expiresIn: z.number() });
const statusSchema = z.object({
  statuses: z.array(
    z.union([
      z.object({ key: z.string(), state: z.literal('checking') }),
      z.object({ key: z.string(), state: z.literal('accepted'), location: z.string(), contentType: z.string() }),
      z.object({ key: z.string(), state: z.literal('rejected'), reason: z.string() }),
    ]),
  ),
});
export type KeyStatus = z.infer<typeof statusSchema>['statuses'][number];

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
    throw new PageError(
      `${url} is invalid: expected {"apiEndpoint":"https://…","apiKey":"…","maxUploadBytes":…} (the last two optional).`,
    );
  return parsed.data;
}

/** The type to declare for a file: the browser's, canonicalised, or one from the extension. */
export function declaredType(file: { name: string; type: string }): string | undefined {
  return (mediaTypeOf(file.type) ?? mediaTypeForFileName(file.name))?.mime;
}

export interface UploadRequest {
  password: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** The upload API as the page uses it; every failure is a PageError with the API's message and status. */
export interface UploadApi {
  generateUrl(request: UploadRequest): Promise<UploadTicket>;
  complete(request: {
    password: string;
    key: string;
    uploadId: string;
    size: number;
    parts: { partNumber: number; etag: string }[];
  }): Promise<void>;
  abort(request: { password: string; key: string; uploadId: string }): Promise<void>;
  signParts(request: {
    password: string;
    key: string;
    uploadId: string;
    size: number;
    partNumbers: number[];
  }): Promise<{ parts: SignedPart[]; expiresIn: number }>;
  statuses(keys: readonly string[]): Promise<KeyStatus[]>;
}

export function createUploadApi(fetchImpl: typeof fetch, config: PageConfig): UploadApi {
  const call = async (route: string, init: { method: string; body?: unknown; query?: URLSearchParams }) => {
    const url = new URL(route, config.apiEndpoint);
    if (init.query) url.search = init.query.toString();
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    if (config.apiKey) headers['x-api-key'] = config.apiKey;
    let response: Response;
    try {
      response = await fetchImpl(url.href, {
        method: init.method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch {
      throw new PageError('The upload service cannot be reached. Check your connection and try again.');
    }
    let json: unknown;
    try {
      json = response.status === 204 ? {} : await response.json();
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
    return json;
  };
  const expect = <T>(schema: z.ZodMiniType<T>, json: unknown): T => {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new PageError('The upload service sent an unexpected answer.');
    return parsed.data;
  };
  return {
    generateUrl: async (request) => expect(ticketSchema, await call('generate-url', { method: 'POST', body: request })),
    complete: async (request) => void (await call('complete', { method: 'POST', body: request })),
    abort: async (request) => void (await call('abort', { method: 'POST', body: request })),
    signParts: async (request) => expect(partsSchema, await call('parts', { method: 'POST', body: request })),
    statuses: async (keys) => {
      const query = new URLSearchParams();
      for (const key of keys) query.append('key', key);
      return expect(statusSchema, await call('status', { method: 'GET', query })).statuses;
    },
  };
}

/**
 * The headers to set on the PUT: the signed ones except Content-Length, which browsers set
 * themselves from the body (scripts may not set it) — S3 still checks it against the signature.
 */
export function putHeaders(ticket: SingleTicket): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ticket.headers))
    if (name.toLowerCase() !== 'content-length') headers[name] = value;
  return headers;
}
