import { randomUUID } from 'node:crypto';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { errorMessage } from '../../../../shared-functions/src/errors.js';
import type { Logger } from '../../../../shared-functions/src/logger.js';
import type { GeneratorConfig } from './config.js';
import { corsHeaders, headerValue } from './cors.js';
import { passwordMatches } from './password.js';
import { checkUpload, parseUploadRequest, stagingKey } from './request.js';

export interface GeneratorDeps {
  config: GeneratorConfig;
  /** Signs the upload URLs; its endpoint and credentials end up in the URL. */
  s3: S3Client;
  /** The accepted upload passwords (cached by the caller). */
  passwords: () => Promise<readonly string[]>;
  logger: Logger;
  newId?: () => string;
}

/** What the page gets back: PUT the file to `uploadUrl` with exactly these headers. */
export interface GenerateUrlResponse {
  uploadUrl: string;
  key: string;
  expiresIn: number;
  headers: { 'Content-Type': string; 'Content-Length': string };
}

export type ApiHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * `POST /upload/generate-url`: checks the password, the declared type and size, and returns
 * a pre-signed PUT URL for a new key in the staging bucket. Content-Type and Content-Length
 * are signed headers, so S3 refuses an upload of another type or length. Every response,
 * errors and the OPTIONS preflight included, carries the CORS headers.
 */
export function createGenerator(deps: GeneratorDeps): ApiHandler {
  const { config, logger } = deps;
  const newId = deps.newId ?? randomUUID;

  return async (event) => {
    const cors = corsHeaders(headerValue(event.headers, 'origin'), config.allowedOrigins);
    const reply = (statusCode: number, body?: unknown): APIGatewayProxyResult => ({
      statusCode,
      headers: body === undefined ? cors : { ...cors, 'Content-Type': 'application/json' },
      body: body === undefined ? '' : JSON.stringify(body),
    });
    const requestId = event.requestContext?.requestId ?? 'local';

    if (event.httpMethod === 'OPTIONS') return reply(204);
    if (event.httpMethod !== 'POST') return reply(405, { error: `Method ${event.httpMethod} not allowed; use POST.` });

    const request = parseUploadRequest(event.body, event.isBase64Encoded);
    if (!request.ok) {
      logger.info(`${requestId}: 400 ${request.error}`);
      return reply(request.status, { error: request.error });
    }

    let passwords: readonly string[];
    try {
      passwords = await deps.passwords();
    } catch (error) {
      logger.error(`${requestId}: cannot read the upload passwords: ${errorMessage(error)}`);
      return reply(500, { error: 'The upload service cannot check passwords right now; try again later.' });
    }
    if (!passwordMatches(request.value.password, passwords)) {
      logger.info(
        `${requestId}: 401 wrong upload password from ${event.requestContext?.identity?.sourceIp ?? 'unknown'}`,
      );
      return reply(401, { error: 'Wrong upload password.' });
    }

    const upload = checkUpload(request.value, config.maxUploadBytes);
    if (!upload.ok) {
      logger.info(`${requestId}: ${upload.status} ${upload.error}`);
      return reply(upload.status, { error: upload.error });
    }

    const { mediaType, fileName, size } = upload.value;
    const key = stagingKey(newId(), fileName);
    let uploadUrl: string;
    try {
      uploadUrl = await getSignedUrl(
        deps.s3,
        new PutObjectCommand({
          Bucket: config.stagingBucket,
          Key: key,
          ContentType: mediaType.mime,
          ContentLength: size,
        }),
        // Content-Length is signed by default; Content-Type only when asked for.
        { expiresIn: config.urlExpirySeconds, signableHeaders: new Set(['content-type', 'content-length']) },
      );
    } catch (error) {
      logger.error(`${requestId}: cannot sign an upload URL for ${key}: ${errorMessage(error)}`);
      return reply(500, { error: 'The upload service cannot create an upload URL right now; try again later.' });
    }
    logger.info(
      `${requestId}: 200 upload URL for s3://${config.stagingBucket}/${key} (${mediaType.mime}, ${size} bytes)`,
    );
    const response: GenerateUrlResponse = {
      uploadUrl,
      key,
      expiresIn: config.urlExpirySeconds,
      headers: { 'Content-Type': mediaType.mime, 'Content-Length': String(size) },
    };
    return reply(200, response);
  };
}
