/** The only body the HTTP API reads. Forms and text are what a web page can send cross-site without a preflight. */
const JSON_TYPE = /^application\/json\s*(;|$)/i;
/** Deeper JSON is refused before it is parsed: the API's bodies are flat, and deep nesting only costs stack. */
export const MAX_JSON_DEPTH = 32;

export interface BodyLimits {
  readonly maxBodyBytes: number;
}

/** Errors the body middleware answers with, as Nest's own: `{statusCode, message, error}`. */
class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  readonly expose = true;
}

/**
 * Before the JSON parser (the only one the service installs): a request with a body of any other type is refused with
 * 415, so that no cross-site form or text post can write.
 */
export function onlyJsonBodies(request: BodyRequest, _response: unknown, next: (error?: unknown) => void): void {
  if (hasBody(request) && !JSON_TYPE.test(String(request.headers['content-type'] ?? ''))) {
    return next(new BodyError(415, 'only application/json bodies are accepted'));
  }
  next();
}

/** The JSON parser's options: at most `maxBodyBytes`, and no deeper than MAX_JSON_DEPTH. */
export function jsonParserOptions({ maxBodyBytes }: BodyLimits) {
  return { limit: maxBodyBytes, verify: (_request: unknown, _response: unknown, buffer: Buffer) => refuseDeepJson(buffer) };
}

interface BodyRequest {
  readonly headers: Record<string, string | string[] | undefined>;
}

function hasBody({ headers }: BodyRequest): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/** Counts bracket depth outside strings, in one pass over the bytes. */
function refuseDeepJson(buffer: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < buffer.length; index++) {
    const byte = buffer[index];
    if (inString) {
      if (byte === 0x5c /* \ */) index++;
      else if (byte === 0x22 /* " */) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b /* [ */ || byte === 0x7b /* { */) {
      if (++depth > MAX_JSON_DEPTH) throw new BodyError(400, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (byte === 0x5d || byte === 0x7d) depth--;
  }
}
