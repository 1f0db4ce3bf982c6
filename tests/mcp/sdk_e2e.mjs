// End to end with the official TypeScript SDK client, as an agent would connect: over Streamable
// HTTP to a live `vellum serve` (bearer API key) and over stdio to `vellum mcp`. On each: list the
// tools, create an article, find it by search, read it, delete it, and see it gone.
//
//   node sdk_e2e.mjs URL TOKEN VELLUM_BINARY CONFIG
import assert from "node:assert/strict";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [url, token, vellum, config] = process.argv.slice(2);
let passed = 0;
let failed = 0;

function json(result) {
  assert.ok(Array.isArray(result.content) && result.content[0].type === "text", JSON.stringify(result));
  return JSON.parse(result.content[0].text);
}

async function scenario(name, transport, { search }) {
  const client = new Client({ name: "vellum-sdk-e2e", version: "1.0.0" });
  try {
    await client.connect(transport);
    assert.equal(client.getServerVersion().name, "vellum");

    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    for (const expected of ["listArticles", "searchArticles", "readArticle", "createArticle", "deleteArticle"]) {
      assert.ok(names.includes(expected), `${expected} missing from ${names}`);
    }
    for (const tool of tools) assert.equal(typeof tool.annotations?.readOnlyHint, "boolean", tool.name);

    const title = `SDK ${name} Probe`;
    const created = json(await client.callTool({
      name: "createArticle",
      arguments: { title, content: `# ${title}\n\nThe quartz harbour opens at dawn.`, folder: "e2e" },
    }));
    const filename = created.filename;
    assert.match(filename, /^sdk-.*-probe\.md$/);

    const found = json(await client.callTool({ name: "searchArticles", arguments: { query: "probe" } }));
    assert.ok(found.some((a) => a.filename === filename), JSON.stringify(found));
    if (search) {
      const hybrid = json(await client.callTool({ name: "hybridSearch", arguments: { query: "quartz harbour" } }));
      assert.ok(hybrid.results.some((h) => h.chunk.filename === filename), JSON.stringify(hybrid));
      // The answer names the embedding set that found it, as the status reports the active one.
      const status = json(await client.callTool({ name: "getEmbeddingStatus", arguments: {} }));
      assert.equal(hybrid.embeddingSet.id, status.embeddingSets.active.id, JSON.stringify(status));
      const semantic = json(await client.callTool({ name: "semanticSearch", arguments: { query: "quartz harbour" } }));
      assert.ok(semantic.every((h) => h.embeddingSetId === status.embeddingSets.active.id), JSON.stringify(semantic));
    }

    const read = json(await client.callTool({ name: "readArticle", arguments: { filename } }));
    assert.match(read.content, /quartz harbour/);
    const resource = await client.readResource({ uri: `vellum://articles/${filename.replace(/\.md$/, "")}` });
    assert.match(resource.contents[0].text, /quartz harbour/);

    const deleted = json(await client.callTool({ name: "deleteArticle", arguments: { filename } }));
    assert.deepEqual(deleted, { success: true, filename });
    const gone = await client.callTool({ name: "readArticle", arguments: { filename } });
    assert.equal(gone.isError, true);

    const bad = await client.callTool({ name: "readArticle", arguments: { filename: 42 } });
    assert.equal(bad.isError, true);
    assert.match(bad.content[0].text, /filename must be a string/);

    console.log(`ok: ${name}`);
    passed++;
  } catch (error) {
    console.error(`FAILED: ${name}: ${error.stack ?? error}`);
    failed++;
  } finally {
    await client.close().catch(() => {});
  }
}

await scenario("http", new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
}), { search: false });

await scenario("stdio", new StdioClientTransport({
  command: vellum,
  args: ["mcp", "--config", config, "--as", "sdk-e2e"],
  stderr: "ignore",
}), { search: true });

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
