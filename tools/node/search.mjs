// Runs Material's own search worker (the built site's) in Node on the site's search index, for the
// search-ranking test (policy_explorer/search_queries.py). Reads {"site": folder, "queries": [...]}
// on stdin; writes, for each query, the result pages in the order the search dialog lists them
// (Material groups results by page: each group's page location, anchors dropped).
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const input = JSON.parse(fs.readFileSync(0, "utf8"));
const workers = path.join(input.site, "assets/javascripts/workers");
const name = fs.readdirSync(workers).find(f => /^search\..*\.js$/.test(f));
if (!name) {
  console.error(`${workers}: no search worker (search.*.js): build the site first`);
  process.exit(2);
}
let handler;
let reply;
const scope = { console, setTimeout, clearTimeout, URL, TextEncoder, TextDecoder };
scope.self = scope;
// The worker loads lunr's language support with importScripts, relative to its own folder.
scope.importScripts = (...urls) => {
  for (const url of urls) vm.runInContext(fs.readFileSync(path.join(workers, url), "utf8"), scope);
};
scope.addEventListener = (type, fn) => { if (type === "message") handler = fn; };
scope.postMessage = message => { reply = message; };
vm.createContext(scope);
vm.runInContext(fs.readFileSync(path.join(workers, name), "utf8"), scope);

async function send(data) {
  reply = undefined;
  await handler({ data });
  if (!reply) throw new Error("the search worker did not answer");
  return reply;
}

const index = JSON.parse(fs.readFileSync(path.join(input.site, "search/search_index.json"), "utf8"));
// As Material's page sends it (SETUP = 0; no suggestions: mkdocs.yml leaves search.suggest off).
await send({ type: 0, data: { ...index, options: { suggest: false } } });
const out = [];
for (const query of input.queries) {
  const { data } = await send({ type: 2, data: query }); // QUERY = 2
  out.push(data.items.map(group => group[0].location.split("#")[0]));
}
process.stdout.write(JSON.stringify(out));
