import path from 'node:path';
import express, { type Router } from 'express';

/** GraphiQL served from installed packages, so the playground works without internet access. */
const ASSETS: Record<string, [pkg: string, file: string]> = {
  'react.js': ['react', 'umd/react.production.min.js'],
  'react-dom.js': ['react-dom', 'umd/react-dom.production.min.js'],
  'graphiql.js': ['graphiql', 'graphiql.min.js'],
  'graphiql.css': ['graphiql', 'graphiql.min.css'],
};

/** A package's folder (its entry point's nearest ancestor named after it); works whatever its exports map hides. */
function packageDir(pkg: string): string {
  let dir = path.dirname(require.resolve(pkg));
  while (path.basename(dir) !== pkg && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export function playgroundAssets(): Router {
  const router = express.Router();
  for (const [name, [pkg, file]] of Object.entries(ASSETS)) {
    const location = path.join(packageDir(pkg), file);
    router.get(`/${name}`, (_req, res) => res.sendFile(location, { maxAge: '1d' }));
  }
  return router;
}

/** The playground page; each example operation opens in a tab of its own. */
export function playgroundPage(endpoint: string, assetsPath: string, defaultQuery: string, examples: { query: string }[] = []): string {
  const tabs = [{ query: defaultQuery }, ...examples.map((e) => ({ query: e.query }))];
  const config = JSON.stringify({ endpoint, tabs }).replace(/</g, '\\u003c');
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
      React.createElement(GraphiQL, { fetcher, defaultTabs: config.tabs, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}
