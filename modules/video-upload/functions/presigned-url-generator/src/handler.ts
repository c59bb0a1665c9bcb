import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { errorMessage } from '../../../../shared-functions/src/errors.js';
import type { Logger } from '../../../../shared-functions/src/logger.js';
import { partPlan } from '../../shared/src/sizes.js';
import type { GeneratorConfig } from './config.js';
import { corsHeaders, headerValue } from './cors.js';
import { passwordMatches } from './password.js';
import {
  checkPartNumbers,
  checkSize,
  checkUpload,
  parseAbortRequest,
  parseCompleteRequest,
  parsePartsRequest,
  parseStatusQuery,
  parseUploadRequest,
  stagingKey,
  type Outcome,
} from './request.js';
import {
  abortMultipart,
  completeMultipart,
  multipartFailure,
  readStatus,
  signParts,
  signSinglePut,
  startMultipart,
  type KeyStatus,
  type SignedPart,
} from './s3-uploads.js';

export interface GeneratorDeps {
  config: GeneratorConfig;
  /** Signs the upload URLs and makes the multipart calls; its endpoint and credentials end up in the URLs. */
  s3: S3Client;
  /** The accepted upload passwords (cached by the caller). */
  passwords: () => Promise<readonly string[]>;
  logger: Logger;
  newId?: () => string;
}

/** A file up to the multipart threshold: PUT it to `uploadUrl` with exactly these headers. */
export interface SingleUploadResponse {
  kind: 'single';
  uploadUrl: string;
  key: string;
  expiresIn: number;
  headers: { 'Content-Type': string; 'Content-Length': string };
}

/**
 * A larger file: PUT each part (bytes `(partNumber - 1) * partSize` onwards, `size` long) to
 * its URL, keep each answer's ETag, then POST /upload/complete (or /upload/abort).
 */
export interface MultipartUploadResponse {
  kind: 'multipart';
  key: string;
  uploadId: string;
  expiresIn: number;
  partSize: number;
  parts: SignedPart[];
}

export type GenerateUrlResponse = SingleUploadResponse | MultipartUploadResponse;

export type ApiHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

type Reply = (statusCode: number, body?: unknown) => APIGatewayProxyResult;

interface Call {
  event: APIGatewayProxyEvent;
  requestId: string;
  reply: Reply;
}

/** The routes of the upload API (all under /upload/), by the method each answers. */
const ROUTES = {
  'generate-url': 'POST',
  complete: 'POST',
  abort: 'POST',
  parts: 'POST',
  status: 'GET',
} as const;
type Route = keyof typeof ROUTES;

/**
 * The upload API behind API Gateway (Lambda proxy integration):
 * - `POST /upload/generate-url` checks the password, the declared type and size, and returns
 *   a pre-signed PUT for a new staging key, or above the multipart threshold a multipart
 *   upload with one pre-signed URL per part;
 * - `POST /upload/complete`, `/upload/abort` finish or drop a multipart upload;
 * - `POST /upload/parts` signs fresh URLs for parts of a multipart upload (after 1 hour);
 * - `GET /upload/status?key=…` reports the validator's verdict per key.
 * Every POST needs the upload password. Every response, errors and the OPTIONS preflight
 * included, carries the CORS headers.
 */
export function createGenerator(deps: GeneratorDeps): ApiHandler {
  const { config, logger } = deps;
  const newId = deps.newId ?? randomUUID;

  const handlers: Record<Route, (call: Call) => Promise<APIGatewayProxyResult>> = {
    'generate-url': async (call) => {
      const { event, requestId, reply } = call;
      const request = await admit(call, parseUploadRequest(event.body, event.isBase64Encoded));
      if (!request.ok) return request.reply;
      const upload = checkUpload(request.value, config.maxUploadBytes);
      if (!upload.ok) return refuse(reply, requestId, upload);

      const { mediaType, fileName, size } = upload.value;
      const key = stagingKey(newId(), fileName);
      const where = `s3://${config.stagingBucket}/${key} (${mediaType.mime}, ${size} bytes)`;
      return attempt(reply, requestId, `cannot start an upload to ${key}`, async () => {
        if (size <= config.multipartThresholdBytes) {
          const uploadUrl = await signSinglePut(
            deps.s3,
            config.stagingBucket,
            key,
            mediaType.mime,
            size,
            config.urlExpirySeconds,
          );
          logger.info(`${requestId}: 200 upload URL for ${where}`);
          const response: SingleUploadResponse = {
            kind: 'single',
            uploadUrl,
            key,
            expiresIn: config.urlExpirySeconds,
            headers: { 'Content-Type': mediaType.mime, 'Content-Length': String(size) },
          };
          return reply(200, response);
        }
        const uploadId = await startMultipart(deps.s3, config.stagingBucket, key, mediaType.mime);
        const plan = partPlan(size);
        const parts = await signParts(
          deps.s3,
          { bucket: config.stagingBucket, key, uploadId, size },
          plan.parts.map((p) => p.partNumber),
          config.urlExpirySeconds,
        );
        logger.info(`${requestId}: 200 multipart upload of ${parts.length} parts for ${where}`);
        const response: MultipartUploadResponse = {
          kind: 'multipart',
          key,
          uploadId,
          expiresIn: config.urlExpirySeconds,
          partSize: plan.partSize,
          parts,
        };
        return reply(200, response);
      });
    },

    complete: async (call) => {
      const { event, requestId, reply } = call;
      const request = await admit(call, parseCompleteRequest(event.body, event.isBase64Encoded));
      if (!request.ok) return request.reply;
      const { key, uploadId, size, parts } = request.value;
      const declared = checkSize(size, config.maxUploadBytes);
      if (!declared.ok) return refuse(reply, requestId, declared);
      const numbers = checkPartNumbers(
        size,
        parts.map((p) => p.partNumber),
        true,
      );
      if (!numbers.ok) return refuse(reply, requestId, numbers);
      return attempt(reply, requestId, `cannot complete ${key}`, async () => {
        await completeMultipart(deps.s3, { bucket: config.stagingBucket, key, uploadId }, parts);
        logger.info(`${requestId}: 200 completed s3://${config.stagingBucket}/${key} (${parts.length} parts)`);
        return reply(200, { key });
      });
    },

    abort: async (call) => {
      const { event, requestId, reply } = call;
      const request = await admit(call, parseAbortRequest(event.body, event.isBase64Encoded));
      if (!request.ok) return request.reply;
      const { key, uploadId } = request.value;
      return attempt(reply, requestId, `cannot abort ${key}`, async () => {
        await abortMultipart(deps.s3, { bucket: config.stagingBucket, key, uploadId });
        logger.info(`${requestId}: 204 aborted the multipart upload of s3://${config.stagingBucket}/${key}`);
        return reply(204);
      });
    },

    parts: async (call) => {
      const { event, requestId, reply } = call;
      const request = await admit(call, parsePartsRequest(event.body, event.isBase64Encoded));
      if (!request.ok) return request.reply;
      const { key, uploadId, size, partNumbers } = request.value;
      // Larger parts than the limit allows would let the completed object outgrow it.
      const declared = checkSize(size, config.maxUploadBytes);
      if (!declared.ok) return refuse(reply, requestId, declared);
      const numbers = checkPartNumbers(size, partNumbers, false);
      if (!numbers.ok) return refuse(reply, requestId, numbers);
      return attempt(reply, requestId, `cannot sign parts of ${key}`, async () => {
        const parts = await signParts(
          deps.s3,
          { bucket: config.stagingBucket, key, uploadId, size },
          partNumbers,
          config.urlExpirySeconds,
        );
        logger.info(`${requestId}: 200 ${parts.length} fresh part URLs for s3://${config.stagingBucket}/${key}`);
        return reply(200, { key, uploadId, expiresIn: config.urlExpirySeconds, parts });
      });
    },

    status: async ({ event, requestId, reply }) => {
      const keys = parseStatusQuery(
        event.multiValueQueryStringParameters?.key ??
          (event.queryStringParameters?.key ? [event.queryStringParameters.key] : []),
      );
      if (!keys.ok) return refuse(reply, requestId, keys);
      return attempt(reply, requestId, 'cannot read upload statuses', async () => {
        const statuses: KeyStatus[] = await Promise.all(
          keys.value.map((key) => readStatus(deps.s3, config.stagingBucket, key)),
        );
        return reply(200, { statuses });
      });
    },
  };

  /** A parsed body whose password is right, or the reply that refuses it (400, 401 or 500). */
  async function admit<T extends { password: string }>(
    call: Call,
    parsed: Outcome<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; reply: APIGatewayProxyResult }> {
    if (!parsed.ok) return { ok: false, reply: refuse(call.reply, call.requestId, parsed) };
    const denied = await checkPassword(parsed.value.password, call.event, call.requestId, call.reply);
    return denied ? { ok: false, reply: denied } : parsed;
  }

  async function checkPassword(
    candidate: string,
    event: APIGatewayProxyEvent,
    requestId: string,
    reply: Reply,
  ): Promise<APIGatewayProxyResult | undefined> {
    let passwords: readonly string[];
    try {
      passwords = await deps.passwords();
    } catch (error) {
      logger.error(`${requestId}: cannot read the upload passwords: ${errorMessage(error)}`);
      return reply(500, { error: 'The upload service cannot check passwords right now; try again later.' });
    }
    if (passwordMatches(candidate, passwords)) return undefined;
    logger.info(
      `${requestId}: 401 wrong upload password from ${event.requestContext?.identity?.sourceIp ?? 'unknown'}`,
    );
    return reply(401, { error: 'Wrong upload password.' });
  }

  function refuse(reply: Reply, requestId: string, outcome: Extract<Outcome<unknown>, { ok: false }>) {
    logger.info(`${requestId}: ${outcome.status} ${outcome.error}`);
    return reply(outcome.status, { error: outcome.error });
  }

  async function attempt(
    reply: Reply,
    requestId: string,
    what: string,
    run: () => Promise<APIGatewayProxyResult>,
  ): Promise<APIGatewayProxyResult> {
    try {
      return await run();
    } catch (error) {
      const failure = multipartFailure(error);
      if (failure) {
        logger.info(`${requestId}: ${failure.status} ${what}: ${errorMessage(error)}`);
        return reply(failure.status, { error: failure.error });
      }
      logger.error(`${requestId}: ${what}: ${errorMessage(error)}`);
      return reply(500, { error: 'The upload service cannot do this right now; try again later.' });
    }
  }

  return async (event) => {
    const cors = corsHeaders(headerValue(event.headers, 'origin'), config.allowedOrigins);
    const reply: Reply = (statusCode, body) => ({
      statusCode,
      headers: body === undefined ? cors : { ...cors, 'Content-Type': 'application/json' },
      body: body === undefined ? '' : JSON.stringify(body),
    });
    const requestId = event.requestContext?.requestId ?? 'local';
    const route = routeOf(event);
    if (!route) return reply(404, { error: `No such resource: ${event.path}.` });
    if (event.httpMethod === 'OPTIONS') return reply(204);
    if (event.httpMethod !== ROUTES[route])
      return reply(405, { error: `Method ${event.httpMethod} not allowed; use ${ROUTES[route]}.` });
    return handlers[route]({ event, requestId, reply });
  };
}

/** The route from API Gateway's resource (`/upload/complete`), or the path's last segment. */
function routeOf(event: APIGatewayProxyEvent): Route | undefined {
  const path = event.resource || event.path || '';
  const name = /\/upload\/([a-z-]+)\/?$/.exec(path)?.[1];
  return name && Object.hasOwn(ROUTES, name) ? (name as Route) : undefined;
}
