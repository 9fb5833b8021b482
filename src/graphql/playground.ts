import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { FastifyInstance } from "fastify";

// The GraphiQL playground, served from the server's own copy of GraphiQL's
// prebuilt browser files (and React's UMD builds), so analysts can work with
// no access to any other host.

const require = createRequire(import.meta.url);

const ASSETS: Record<string, { packageName: string; file: string; type: string }> = {
  "react.production.min.js": { packageName: "react", file: "umd/react.production.min.js", type: "text/javascript; charset=utf-8" },
  "react-dom.production.min.js": { packageName: "react-dom", file: "umd/react-dom.production.min.js", type: "text/javascript; charset=utf-8" },
  "graphiql.min.js": { packageName: "graphiql", file: "graphiql.min.js", type: "text/javascript; charset=utf-8" },
  "graphiql.min.css": { packageName: "graphiql", file: "graphiql.min.css", type: "text/css; charset=utf-8" },
};

/** Finds an installed package's folder; its export map may hide the prebuilt files from require.resolve. */
function packageRoot(packageName: string): string {
  let folder = path.dirname(require.resolve(packageName));
  while (path.basename(folder) !== packageName && path.dirname(folder) !== folder) folder = path.dirname(folder);
  return folder;
}

export const PLAYGROUND_ASSET_PREFIX = "/graphql/playground/";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kumiki GraphQL playground</title>
<link rel="stylesheet" href="${PLAYGROUND_ASSET_PREFIX}graphiql.min.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the playground...</div>
<script src="${PLAYGROUND_ASSET_PREFIX}react.production.min.js"></script>
<script src="${PLAYGROUND_ASSET_PREFIX}react-dom.production.min.js"></script>
<script src="${PLAYGROUND_ASSET_PREFIX}graphiql.min.js"></script>
<script src="${PLAYGROUND_ASSET_PREFIX}playground.js"></script>
</body>
</html>
`;

// Sends the page's own cookies (Zou's access_token_cookie after a browser
// login) and lets the analyst add an Authorization header in the editor.
const BOOT_SCRIPT = `(function () {
  var endpoint = window.location.pathname.replace(/\\/+$/, "");
  var fetcher = GraphiQL.createFetcher({ url: endpoint, fetch: function (url, init) {
    return window.fetch(url, Object.assign({}, init, { credentials: "same-origin" }));
  } });
  var root = document.getElementById("graphiql");
  ReactDOM.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    defaultHeaders: '{\\n  "Authorization": "Bearer <access_token from POST /api/auth/login>"\\n}',
    defaultQuery: "# Kumiki's GraphQL API. Log in through POST /api/auth/login and\\n# paste the access token into the Headers tab, then try:\\n{\\n  me { fullName role }\\n  projects(first: 10) { nodes { id name } }\\n}\\n"
  }), root);
})();
`;

const cache = new Map<string, Buffer>();

async function readAsset(name: string): Promise<Buffer | undefined> {
  const asset = ASSETS[name];
  if (asset === undefined) return undefined;
  let content = cache.get(name);
  if (content === undefined) {
    content = await readFile(path.join(packageRoot(asset.packageName), asset.file));
    cache.set(name, content);
  }
  return content;
}

/** Returns whether a GET /graphql comes from a browser page load rather than a GraphQL client. */
export function wantsPlayground(accept: string | undefined, query: Record<string, unknown>): boolean {
  return query.query === undefined && accept !== undefined && accept.includes("text/html");
}

export function playgroundPage(): string {
  return PAGE;
}

export function registerPlaygroundAssets(app: FastifyInstance): void {
  app.get(`${PLAYGROUND_ASSET_PREFIX}:name`, { config: { auth: "public" } }, async (request, reply) => {
    const { name } = request.params as { name: string };
    if (name === "playground.js") {
      return reply.type("text/javascript; charset=utf-8").header("Cache-Control", "no-cache").send(BOOT_SCRIPT);
    }
    const content = await readAsset(name);
    if (content === undefined) return reply.status(404).send({ error: true, message: `Unknown playground file: ${name}` });
    return reply.type(ASSETS[name].type).header("Cache-Control", "public, max-age=86400").send(content);
  });
}
