#!/usr/bin/env node
// One download per island. `cargo leptos build --split` cuts each lazy island's Wasm into its
// own file and 8 to 16 chunks shared with other islands, and the browser fetches each of them:
// compressed one by one they weigh 4 to 15 kB more than together, since brotli cannot reuse
// what it saw in another file (docs/ARCHITECTURE.md). This script writes, for every island of
// `__wasm_split_manifest.json`, `pack_<island>.bin`: the island's chunks and its own file, one
// after the other, behind a table (u32 little-endian: the count of parts, each part's length,
// the length of their names) and their names (UTF-8, one per line). It then changes the chunk
// loader cargo-leptos generated (`__wasm_split.*.js`) so that an island loaded from scratch
// (the first on the page) fetches its pack, one download, and instantiates each part from it.
// Each part stays the module wasm-split made. An island that shares parts with one already
// loaded (the next step of the form, after a navigation in place) fetches only its missing
// parts, each as its own file as before: the packs never make a page download code it already
// has. The chunk files stay for that.
//
//   node scripts/pack-islands.mjs <site>/pkg [--precompress]
//
// --precompress writes the .br and .gz copies the server prefers (as `cargo leptos build
// --precompress` does), for the packs and for the changed loader. Runs after every build that
// the tests or the product serve (make build-release, make build-test-site); `make dev` keeps
// the files as cargo-leptos writes them. Refuses, without changing anything, a loader it does
// not recognise (cargo-leptos is pinned; a new version must be checked against this script).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const [pkg, ...flags] = process.argv.slice(2);
if (!pkg || flags.some((flag) => flag !== "--precompress")) {
  console.error("usage: pack-islands.mjs <site>/pkg [--precompress]");
  process.exit(2);
}
const precompress = flags.includes("--precompress");
const fail = (message) => {
  console.error(`pack-islands: ${message}`);
  process.exit(1);
};

const manifestPath = join(pkg, "__wasm_split_manifest.json");
if (!existsSync(manifestPath)) fail(`no ${manifestPath}: build with --split first`);
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const loaderName = readdirSync(pkg).find((file) => /^__wasm_split\.[^.]+\.js$/.test(file));
if (!loaderName) fail(`no __wasm_split.*.js in ${pkg}`);
const loaderPath = join(pkg, loaderName);

const MARK = "// Packed by scripts/pack-islands.mjs";
let loader = readFileSync(loaderPath, "utf8");
if (!loader.includes(MARK)) loader = rewrite(loader);
// What the browser will run must at least parse.
const check = spawnSync(process.execPath, ["--input-type=module", "--check"], { input: loader, encoding: "utf8" });
if (check.status !== 0) fail(`the changed loader does not parse:\n${check.stderr}`);

let packed = 0;
for (const [island, parts] of Object.entries(manifest)) {
  const files = parts.map((part) => readFileSync(join(pkg, `${part}.wasm`)));
  const names = Buffer.from(parts.join("\n"));
  const table = Buffer.alloc(4 * (files.length + 2));
  table.writeUInt32LE(files.length, 0);
  files.forEach((file, i) => table.writeUInt32LE(file.length, 4 * (i + 1)));
  table.writeUInt32LE(names.length, 4 * (files.length + 1));
  write(`pack_${island}.bin`, Buffer.concat([table, names, ...files]));
  packed += 1;
}
write(loaderName, Buffer.from(loader));
console.log(`pack-islands: ${packed} islands packed in ${pkg}${precompress ? " (with .br and .gz)" : ""}`);

function write(name, bytes) {
  const path = join(pkg, name);
  writeFileSync(path, bytes);
  if (precompress) {
    writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
  }
}

/** The loader with every part read from its island's pack. */
function rewrite(source) {
  const parts = Object.values(manifest).flat();
  const unique = [...new Set(parts)];
  // 1. Each part's fetch goes through wasmPart, which knows which island is loading.
  let fetches = 0;
  source = source.replace(/fetch\(new URL\("\.\/([A-Za-z0-9_]+)\.wasm", import\.meta\.url\)\)/g, (_, part) => {
    if (!unique.includes(part)) fail(`the loader fetches ${part}.wasm, which no island of the manifest lists`);
    fetches += 1;
    return `wasmPart(${JSON.stringify(part)})`;
  });
  if (fetches !== unique.length) fail(`the loader fetches ${fetches} parts, the manifest lists ${unique.length}`);
  // 2. A part arrives as bytes, not as a streamed response.
  const streaming = "WebAssembly.instantiateStreaming(src, imports)";
  if (source.split(streaming).length - 1 !== fetches) fail("unexpected instantiation in the loader");
  source = source.replaceAll(streaming, "WebAssembly.instantiate(await src, imports)");
  // 3. Each island's exported load runs inside inPack(island, …).
  const exports = source.split(/(?=^export const __wasm_split_load_)/m);
  const islands = new Set();
  source = exports
    .map((block) => {
      const head = /^export const __wasm_split_load_([A-Za-z0-9_]+) = wrapAsyncCb\(makeLoad\(/.exec(block);
      if (!head) return block;
      const island = head[1];
      if (!(island in manifest)) fail(`the loader exports ${island}, which the manifest does not list`);
      const end = block.lastIndexOf("]));");
      if (end < 0) fail(`unexpected end of the load of ${island}`);
      islands.add(island);
      return (
        block.slice(0, head[0].length).replace("wrapAsyncCb(makeLoad(", `wrapAsyncCb(inPack(${JSON.stringify(island)}, makeLoad(`) +
        block.slice(head[0].length, end) +
        "])));" +
        block.slice(end + 4)
      );
    })
    .join("");
  if (islands.size !== Object.keys(manifest).length) fail(`the loader exports ${islands.size} islands, the manifest lists ${Object.keys(manifest).length}`);

  const imports = /^import .*;\n/m.exec(source);
  if (!imports) fail("the loader imports nothing");
  const prelude = `${MARK}: an island loaded from scratch comes as one file.
const PARTS = ${JSON.stringify(Object.fromEntries(Object.entries(manifest).map(([island, parts]) => [island, parts.length])))};
let loading = undefined;
// Every part an island's load needs is asked for synchronously while the load starts
// (makeLoad calls its dependencies, then its fetcher, before it awaits; a part another island
// already loaded is not asked for), so the parts asked for inside inPack are what is missing.
function inPack(island, load) {
    return () => {
        const outer = loading;
        loading = { island, wanted: new Map() };
        const batch = loading;
        try {
            return load();
        } finally {
            loading = outer;
            deliver(batch);
        }
    };
}
async function fetchBytes(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(\`\${response.status} \${url}\`);
    return response.arrayBuffer();
}
function partFile(part) {
    return fetchBytes(new URL(\`./\${part}.wasm\`, import.meta.url));
}
function wasmPart(part) {
    if (loading === undefined) return partFile(part);
    const bytes = new Promise((resolve, reject) => loading.wanted.set(part, { resolve, reject }));
    // Awaited only once the parts it depends on are in; a failure is reported by those.
    bytes.catch(() => {});
    return bytes;
}
// Nothing of the island loaded yet: its pack, one download. Otherwise (the customer moved on
// from another island that shares code with this one) only the missing parts, one by one.
function deliver({ island, wanted }) {
    if (wanted.size === 0) return;
    if (wanted.size < PARTS[island]) {
        wanted.forEach(({ resolve, reject }, part) => partFile(part).then(resolve, reject));
        return;
    }
    fetchBytes(new URL(\`./pack_\${island}.bin\`, import.meta.url)).then(
        (bytes) => {
            const table = new DataView(bytes);
            const count = table.getUint32(0, true);
            const namesLength = table.getUint32(4 * (count + 1), true);
            let offset = 4 * (count + 2);
            const names = new TextDecoder().decode(new Uint8Array(bytes, offset, namesLength)).split("\\n");
            offset += namesLength;
            names.forEach((part, i) => {
                const length = table.getUint32(4 * (i + 1), true);
                wanted.get(part)?.resolve(new Uint8Array(bytes, offset, length));
                wanted.delete(part);
                offset += length;
            });
            if (wanted.size > 0) throw new Error(\`pack_\${island}.bin lacks \${[...wanted.keys()].join(", ")}\`);
        },
    ).catch((error) => wanted.forEach(({ reject }) => reject(error)));
}
`;
  // The comments above are for the reader of this script; the browser gets the code only.
  const code = prelude
    .split("\n")
    .filter((line) => line.startsWith(MARK) || !/^\s*\/\//.test(line))
    .join("\n");
  return source.slice(0, imports.index + imports[0].length) + code + source.slice(imports.index + imports[0].length);
}
