import type http from 'node:http';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Authenticator, Viewer } from '../auth';
import { AppError } from '../errors';

/** The largest request body accepted, after decompression: an article ingested inline fits many times over. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface EndpointOptions<C extends BaseContext> {
  authenticator: Authenticator;
  context: (viewer: Viewer | null) => C;
  /** Where failures of the endpoint itself are reported (Apollo reports those of an operation). */
  logError: (error: unknown) => void;
  maxBodyBytes?: number;
}

/** A request refused before GraphQL sees it: the HTTP status and a message that says what is wrong. */
class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 'BAD_REQUEST',
  ) {
    super(message);
  }
}

/** The credential's failures, answered before GraphQL runs; a key set that cannot be fetched is worth a retry. */
const STATUS_OF = { UNAUTHENTICATED: 401, AUTH_UNAVAILABLE: 503 } as const;

const DECODERS: Record<string, () => zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress> = {
  gzip: () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * GraphQL over HTTP, from Node's request straight to Apollo Server. Every answer, refusals
 * included, is JSON in GraphQL's error shape. The server routes POSTs here before its other
 * routes: a general-purpose router and body parser cost about 0.5 ms per request, a sixth of what
 * a small operation costs in all.
 */
export function graphqlEndpoint<C extends BaseContext>(apollo: ApolloServer<C>, options: EndpointOptions<C>) {
  const maxBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const serve = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    // Credentials are checked before the body is read: a bad one, or none when reads need one, is a 401.
    const viewer = await options.authenticator.viewer(req.headers);
    if (!viewer && options.authenticator.readsRequireAuth)
      throw new AppError('UNAUTHENTICATED', 'this server needs a credential for every request');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = method === 'POST' ? await jsonBody(req, maxBytes) : undefined;
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const query = url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method, headers, search: query < 0 ? '' : url.slice(query), body },
      context: () => Promise.resolve(options.context(viewer)),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    // Incremental delivery (@defer, @stream) is not in graphql 16; were a body to come in chunks, it is sent whole.
    let text = '';
    for await (const chunk of response.body.asyncIterator) text += chunk;
    res.end(text);
  };
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    serve(req, res).catch((e: unknown) => {
      const refusal = refusalOf(e);
      // The server's own failures (a key set it cannot fetch included) are logged with their cause.
      if (refusal.status >= 500) options.logError(e);
      refuse(req, res, refusal);
    });
  };
}

interface Refusal {
  status: number;
  message: string;
  code: string;
}

/** The answer to a request that failed before GraphQL ran, or outside it. */
function refusalOf(e: unknown): Refusal {
  if (e instanceof RequestError) return e;
  if (e instanceof AppError && e.code in STATUS_OF)
    return { status: STATUS_OF[e.code as keyof typeof STATUS_OF], message: e.message, code: e.code };
  return { status: 500, message: 'internal error: the request could not be completed', code: 'INTERNAL_SERVER_ERROR' };
}

/** How much of a refused body is read and thrown away, at most, before the refusal is sent. */
const DRAIN_BYTES = 64 * 1024 * 1024;
const DRAIN_MS = 2_000;

/**
 * Answers with one error in GraphQL's shape. A body never read is discarded by Node and the
 * connection kept. One refused partway, or too large, closes the connection, but only after the
 * rest of the body has been read (up to 64 MiB or two seconds): a connection closed on a client
 * still sending is reset, and the reset can reach the client before the refusal does.
 */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, { status, message, code }: Refusal): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const answer = () => {
    if (res.headersSent || res.destroyed) return;
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  };
  if (req.complete || req.destroyed || !(req.readableDidRead || status === 413)) return answer();
  res.setHeader('connection', 'close');
  let drained = 0;
  const done = () => {
    clearTimeout(timer);
    req.off('data', count).off('end', done).off('close', done);
    answer();
  };
  const count = (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_BYTES) done();
  };
  const timer = setTimeout(done, DRAIN_MS);
  req.on('data', count).on('end', done).on('close', done);
  req.resume();
}

/**
 * The body of a POST, parsed when it is JSON. Any other media type gives undefined, which Apollo
 * answers for itself (refused as a possible cross-site request, or as a body it cannot read).
 */
async function jsonBody(req: http.IncomingMessage, maxBytes: number): Promise<unknown> {
  const [mediaType = '', ...parameters] = (req.headers['content-type'] ?? '').split(';');
  const type = mediaType.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) return undefined;
  const charset = parameters
    .map((p) => p.trim().toLowerCase())
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new RequestError(415, `the request body's charset "${charset}" is not supported; send UTF-8`, 'UNSUPPORTED_MEDIA_TYPE');
  const text = await bodyText(req, maxBytes);
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new RequestError(400, `the request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** The body as UTF-8 text, decompressed as its Content-Encoding says, refused once it passes maxBytes. */
function bodyText(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = () => new RequestError(413, `the request body is larger than the ${maxBytes} bytes allowed`, 'PAYLOAD_TOO_LARGE');
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' && Number(req.headers['content-length'] ?? 0) > maxBytes) return Promise.reject(tooLarge());
  const decoderFor = encoding === 'identity' ? undefined : DECODERS[encoding];
  if (encoding !== 'identity' && !decoderFor) {
    const message = `the request body's content-encoding "${encoding}" is not supported; use gzip, deflate or br`;
    return Promise.reject(new RequestError(415, message, 'UNSUPPORTED_MEDIA_TYPE'));
  }
  const decoder = decoderFor?.();
  const stream: Readable = decoder ? req.pipe(decoder) : req;
  let received = 0;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Listeners rather than async iteration: leaving an iteration early would destroy the socket the refusal is sent on.
    const settle = (error?: RequestError) => {
      stream.off('data', onData).off('end', onEnd).off('error', onError);
      req.off('error', onError).off('close', onClose).off('data', onReceived);
      if (decoder) {
        req.unpipe(decoder);
        decoder.destroy();
      }
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) settle(tooLarge());
      else chunks.push(chunk);
    };
    // A compressed body is limited as sent too: blocks that inflate to nothing would otherwise be read without end.
    const onReceived = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) settle(tooLarge());
    };
    const onEnd = () => settle();
    const onError = (e: Error) => settle(new RequestError(400, `the request body could not be read: ${e.message}`));
    const onClose = () => {
      if (!req.complete) settle(new RequestError(400, 'the request was closed before its body was complete'));
    };
    stream.on('data', onData).on('end', onEnd).on('error', onError);
    req.on('error', onError).on('close', onClose);
    if (decoder) req.on('data', onReceived);
  });
}
