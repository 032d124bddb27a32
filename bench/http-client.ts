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
    request.on('error', reject);
    request.end(body);
  });
}
