import autocannon from 'autocannon';

/**
 * A load generator in a process of its own (so that the API process's memory is its own):
 * `tsx bench/load-client.ts <url> <connections> <seconds>` with a JSON array of GraphQL request
 * bodies on stdin, sent in turn; prints autocannon's figures as one JSON line.
 */
async function main(): Promise<void> {
  const [url, connections, seconds] = process.argv.slice(2);
  if (!url || !connections || !seconds) throw new Error('usage: load-client <url> <connections> <seconds> < bodies.json');
  let input = '';
  for await (const chunk of process.stdin) input += String(chunk);
  const bodies = JSON.parse(input) as string[];
  let next = 0;
  const result = await autocannon({
    url,
    connections: Number(connections),
    duration: Number(seconds),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }),
      },
    ],
  });
  console.log(
    JSON.stringify({
      requestsPerSecond: result.requests.average,
      total: result.requests.total,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
