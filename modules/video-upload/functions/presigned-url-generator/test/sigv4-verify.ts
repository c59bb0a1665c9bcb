/**
 * An independent check of an S3 pre-signed URL, written from the AWS Signature Version 4
 * specification (query-string authentication) rather than with the SDK that made the URL.
 * moto accepts any pre-signed URL, so the tests use this to prove what real S3 would
 * enforce: the upload must carry exactly the signed Content-Type and Content-Length.
 */
import { createHash, createHmac } from 'node:crypto';

export interface VerifyResult {
  valid: boolean;
  reason?: string;
  signedHeaders: string[];
}

const rfc3986 = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/**
 * Does `url` authorise a request with this method and these headers (names any case)?
 * `host` comes from the URL. `now` enables the expiry check.
 */
export function verifyPresignedUrl(
  url: string,
  request: { method: string; headers: Record<string, string> },
  credentials: { accessKeyId: string; secretAccessKey: string },
  now?: Date,
): VerifyResult {
  const u = new URL(url);
  const q = u.searchParams;
  const signedHeaders = (q.get('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
  const fail = (reason: string): VerifyResult => ({ valid: false, reason, signedHeaders });

  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return fail('not a SigV4 URL');
  const credential = q.get('X-Amz-Credential') ?? '';
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (accessKeyId !== credentials.accessKeyId || !date || !region || !service || terminator !== 'aws4_request')
    return fail('bad credential scope');
  const amzDate = q.get('X-Amz-Date') ?? '';
  const signature = q.get('X-Amz-Signature') ?? '';

  if (now) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
    if (!m) return fail('bad X-Amz-Date');
    const signedAt = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    if (now.getTime() > signedAt + Number(q.get('X-Amz-Expires') ?? '0') * 1000) return fail('expired');
  }

  const headers = new Map<string, string>(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  headers.set('host', u.host);
  const canonicalHeaders: string[] = [];
  for (const name of [...signedHeaders].sort()) {
    const value = headers.get(name);
    if (value === undefined) return fail(`signed header ${name} missing from the request`);
    canonicalHeaders.push(`${name}:${value.trim().replace(/\s+/g, ' ')}\n`);
  }

  const canonicalUri = u.pathname
    .split('/')
    .map((segment) => rfc3986(decodeURIComponent(segment)))
    .join('/');
  const canonicalQuery = [...q.entries()]
    .filter(([key]) => key !== 'X-Amz-Signature')
    .map(([key, value]) => [rfc3986(key), rfc3986(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri,
    canonicalQuery,
    canonicalHeaders.join(''),
    signedHeaders.join(';'),
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return expected === signature ? { valid: true, signedHeaders } : fail('signature does not match');
}
