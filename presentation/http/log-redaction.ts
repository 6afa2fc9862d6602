/** Request headers that carry credentials: never written to a log. */
export const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'] as const;

/** Query parameters whose values are credentials (a token in a WebSocket URL, a key in a link). */
const CREDENTIAL_PARAMETER = /^(token|access_token|id_token|api[_-]?key|key|secret|password|auth|jwt|signature)$/i;

export const REDACTED = '[redacted]';

/** The pino redaction paths of the request log: every credential header, wherever a logger puts request headers. */
export const redactedLogPaths: string[] = CREDENTIAL_HEADERS.flatMap((header) => [`req.headers["${header}"]`, `res.headers["${header}"]`]);

/** A request URL as logs may show it: the values of credential query parameters replaced. */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const parameters = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // a malformed name is shown as it is; only its value could be a credential
      }
      return equals >= 0 && CREDENTIAL_PARAMETER.test(decoded) ? `${name}=${REDACTED}` : pair;
    });
  return `${url.slice(0, query)}?${parameters.join('&')}`;
}

/** The request as the log shows it: the URL, and its parsed query, without credential values. */
export function redactRequest<Request extends { url?: string; query?: unknown }>(request: Request): Request {
  const query = request.query;
  const redactedQuery =
    query && typeof query === 'object'
      ? Object.fromEntries(Object.entries(query).map(([name, value]) => [name, CREDENTIAL_PARAMETER.test(name) ? REDACTED : value]))
      : query;
  return {
    ...request,
    ...(request.url !== undefined && { url: redactUrl(request.url) }),
    ...(query !== undefined && { query: redactedQuery }),
  };
}
