import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

/** Files the explorer page loads, served from installed npm packages (works offline). */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
  'graphql-ws.js': { pkg: 'graphql-ws', file: 'umd/graphql-ws.min.js', type: 'text/javascript' },
};

const cache = new Map<string, Buffer>();

function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === name) return dir;
    } catch {
      // keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package ${name} not found`);
    dir = parent;
  }
}

export function serveExplorerAsset(name: string, res: ServerResponse): boolean {
  const asset = ASSETS[name];
  if (!asset) return false;
  let body = cache.get(name);
  if (!body) {
    body = readFileSync(path.join(packageDir(asset.pkg), asset.file));
    cache.set(name, body);
  }
  res.writeHead(200, { 'content-type': `${asset.type}; charset=utf-8`, 'cache-control': 'public, max-age=86400' });
  res.end(body);
  return true;
}

/** GraphiQL: HTTP for queries and mutations, graphql-ws for subscriptions; the token comes from the headers tab. */
export const EXPLORER_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Tasklane GraphQL explorer</title>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <link rel="stylesheet" href="/explorer/graphiql.css" />
  <style>html, body, #explorer { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="explorer">Loading the explorer…</div>
  <script src="/explorer/react.js"></script>
  <script src="/explorer/react-dom.js"></script>
  <script src="/explorer/graphql-ws.js"></script>
  <script src="/explorer/graphiql.js"></script>
  <script>
    (function () {
      // The socket authenticates with the Authorization header of the run that opened it.
      var authorization = '';
      var wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/graphql';
      var wsClient = graphqlWs.createClient({
        url: wsUrl,
        lazy: true,
        connectionParams: function () { return { authorization: authorization }; },
      });
      var base = GraphiQL.createFetcher({ url: '/graphql', wsClient: wsClient });
      var fetcher = function (params, options) {
        var headers = (options && options.headers) || {};
        var next = headers.Authorization || headers.authorization || '';
        if (next !== authorization) {
          authorization = next;
          wsClient.terminate(); // reconnects with the new token on the next subscription
        }
        return base(params, options);
      };
      var defaultHeaders = JSON.stringify({ Authorization: 'Bearer <token from POST /auth/login>' }, null, 2);
      ReactDOM.createRoot(document.getElementById('explorer')).render(
        React.createElement(GraphiQL, {
          fetcher: fetcher,
          defaultHeaders: defaultHeaders,
          isHeadersEditorEnabled: true,
          shouldPersistHeaders: true,
        })
      );
    })();
  </script>
</body>
</html>`;
