import http from 'node:http';

/** Connections kept open between requests, as a GraphQL client in a browser or a dashboard keeps them. */
const agent = new http.Agent({ keepAlive: true });

/**
 * POSTs JSON and returns the response's status and body. Node's http client: the global `fetch`
 * (undici with web streams) costs about a millisecond more per request on the benchmark's machine,
 * which would be charged to the server measured, since the client shares its process.
 */
export function postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', (e) => reject(new Error(`${url}: ${e.message}`, { cause: e })));
    request.end(body);
  });
}

/**
 * Posts a GraphQL operation and returns its data with the response body as sent. A server error or
 * a GraphQL error is thrown, naming the URL.
 */
export async function postGraphQL(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ data: unknown; text: string }> {
  const response = await postJson(url, JSON.stringify({ query, variables }), headers);
  if (response.status >= 500) throw new Error(`HTTP ${response.status} from ${url}: ${response.body.slice(0, 500)}`);
  const body = JSON.parse(response.body) as { data?: unknown; errors?: { message: string }[] };
  if (body.errors && body.errors.length > 0) throw new Error(`GraphQL error at ${url}: ${body.errors.map((e) => e.message).join('; ')}`);
  return { data: body.data, text: response.body };
}
