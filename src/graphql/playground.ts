import path from 'node:path';
import express, { type Router } from 'express';

/** GraphiQL served from installed packages, so the playground works without internet access. */
const ASSETS: Record<string, string> = {
  'react.js': require.resolve('react/umd/react.production.min.js'),
  'react-dom.js': require.resolve('react-dom/umd/react-dom.production.min.js'),
  'graphiql.js': path.join(path.dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'),
  'graphiql.css': path.join(path.dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'),
};

export function playgroundAssets(): Router {
  const router = express.Router();
  for (const [name, file] of Object.entries(ASSETS)) {
    router.get(`/${name}`, (_req, res) => res.sendFile(file, { maxAge: '1d' }));
  }
  return router;
}

export function playgroundPage(endpoint: string, assetsPath: string, defaultQuery: string): string {
  const config = JSON.stringify({ endpoint, defaultQuery }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>News knowledge graph · GraphQL playground</title>
  <link rel="stylesheet" href="${assetsPath}/graphiql.css" />
  <style>html, body, #playground { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="playground">Loading the playground…</div>
  <script src="${assetsPath}/react.js"></script>
  <script src="${assetsPath}/react-dom.js"></script>
  <script src="${assetsPath}/graphiql.js"></script>
  <script>
    const config = ${config};
    const fetcher = GraphiQL.createFetcher({ url: config.endpoint });
    ReactDOM.createRoot(document.getElementById('playground')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: config.defaultQuery, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}
