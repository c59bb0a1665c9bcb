/**
 * CORS headers for every response of the API (Lambda proxy integration: API Gateway adds
 * none itself). The requesting origin is echoed when it is allowed; `*` allows any origin.
 * A browser from any other origin gets no Access-Control-Allow-Origin and is refused.
 */
const ALLOWED_METHODS = 'GET,OPTIONS,POST';
const ALLOWED_HEADERS = 'Content-Type,X-Api-Key';

export function corsHeaders(
  requestOrigin: string | undefined,
  allowedOrigins: readonly string[],
): Record<string, string> {
  const headers: Record<string, string> = {
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': '600',
  };
  if (allowedOrigins.includes('*')) {
    headers['Access-Control-Allow-Origin'] = '*';
  } else {
    headers.Vary = 'Origin';
    if (requestOrigin && allowedOrigins.includes(requestOrigin)) headers['Access-Control-Allow-Origin'] = requestOrigin;
  }
  return headers;
}

/** Case-insensitive header lookup in an API Gateway event's `headers`. */
export function headerValue(
  headers: Record<string, string | undefined> | null | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
