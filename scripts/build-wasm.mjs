#!/usr/bin/env node
// The WASM half of the build, run by Trunk as a post_build hook (Trunk.toml) after Trunk has
// written the HTML, inlined the CSS and copied public/ into its staging directory. Trunk 0.21
// has no step that splits a WASM into chunks (trunk-rs/trunk#1022), so this script does what
// `cargo leptos --split` does, and what Trunk's own Rust pipeline would:
//
//   1. cargo build --lib --target wasm32-unknown-unknown --features split [--release]
//   2. wasm-split-cli: the main module, one module per `split!` point (split_<name>.wasm),
//      shared pieces (chunk_<n>.wasm) and their loader (__wasm_split.js)
//   3. wasm-bindgen --target web on the main module (app.js + app_bg.wasm)
//   4. wasm-opt -Oz on every module (release), in parallel
//   5. content hashes in every file name, rewritten where the files name each other, so a
//      deployment never mixes old and new code (index.html must be served uncached)
//   6. index.html: the build id, preloads of the main module, the boot script, the split map,
//      the name of hls.js (shipped for live rooms, loaded only where needed),
//      and the Content-Security-Policy (with the hashes of the inlined styles); the same policy
//      and cache rules for servers in `_headers` and `serve.json`
//
// usage: node scripts/build-wasm.mjs           (inside Trunk: reads TRUNK_* variables)
//        node scripts/build-wasm.mjs --release --out dist   (by hand, after `trunk build`)
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const release = (process.env.TRUNK_PROFILE ?? (args.includes('--release') ? 'release' : 'debug')) === 'release';
const outIdx = args.indexOf('--out');
const out = path.resolve(process.env.TRUNK_STAGING_DIR ?? (outIdx >= 0 ? args[outIdx + 1] : path.join(root, 'dist')));
const profile = release ? 'release' : 'debug';
const crate = 'haowu';
const work = path.join(root, 'target', 'haowu-split', profile);
const PKG = 'pkg';

const t0 = Date.now();
const say = (msg) => console.log(`[build-wasm ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const run = (cmd, argv, opts = {}) => {
  say(`$ ${cmd} ${argv.join(' ')}`);
  execFileSync(cmd, argv, { stdio: 'inherit', cwd: root, ...opts });
};

// 1. cargo. The flags of .cargo/config.toml, plus: panic locations name crates by their
// path relative to the registry, not /root/.cargo/registry/src/index.crates.io-…/ (≈13 KB of
// strings in the main module). Only this build uses them, so tests and clippy keep their cache.
const configFlags = JSON.parse(
  (fs.readFileSync(path.join(root, '.cargo', 'config.toml'), 'utf8').match(/^rustflags\s*=\s*(\[.*\])\s*$/m) || [, '[]'])[1],
);
const cargoHome = process.env.CARGO_HOME || path.join(os.homedir(), '.cargo');
const registry = path.join(cargoHome, 'registry', 'src');
const remaps = fs.existsSync(registry)
  ? fs.readdirSync(registry).map((d) => `--remap-path-prefix=${path.join(registry, d)}=crates`)
  : [];
process.env.CARGO_ENCODED_RUSTFLAGS = [...configFlags, ...remaps, `--remap-path-prefix=${root}=haowu`].join('\x1f');
run('cargo', [
  'build', '--lib', '--target', 'wasm32-unknown-unknown', '--features', 'split',
  ...(release ? ['--release'] : []),
]);
const input = path.join(root, 'target', 'wasm32-unknown-unknown', profile, `${crate}.wasm`);

// 2. split
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
run('wasm-split-cli', ['--target', 'web', '--out-name', 'app', input, work]);
// wasm-split names the main module like the final one; wasm-bindgen must not read and write
// the same file.
fs.renameSync(path.join(work, 'app.wasm'), path.join(work, 'main_unbound.wasm'));

// 3. bindgen
run('wasm-bindgen', [
  '--target', 'web', '--keep-lld-exports', '--no-demangle', '--no-typescript',
  '--out-name', 'app', '--out-dir', work, path.join(work, 'main_unbound.wasm'),
]);
fs.rmSync(path.join(work, 'main_unbound.wasm'));

// 4. wasm-opt, two at a time per core
const modules = fs.readdirSync(work).filter((f) => f.endsWith('.wasm'));
if (release) {
  const queue = [...modules].sort((a, b) => fs.statSync(path.join(work, b)).size - fs.statSync(path.join(work, a)).size);
  const optOne = (f) =>
    new Promise((resolve, reject) => {
      const file = path.join(work, f);
      const p = spawn('wasm-opt', [
        '-Oz', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--strip-producers',
        // HAOWU_WASM_NAMES=1 keeps function names (for profiles and bench/wasm-top).
        ...(process.env.HAOWU_WASM_NAMES === '1' ? ['-g'] : ['--strip-debug']),
        file, '-o', file,
      ], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d) => { err += d; });
      p.on('close', (code) => {
        // "unknown name subsection" warnings are harmless; anything fatal has a non-zero code.
        if (code === 0) resolve();
        else reject(new Error(`wasm-opt ${f} failed (${code}):\n${err}`));
      });
    });
  say(`wasm-opt -Oz on ${modules.length} modules`);
  const workers = Array.from({ length: Math.max(1, os.availableParallelism?.() ?? 2) }, async () => {
    while (queue.length) await optOne(queue.shift());
  });
  await Promise.all(workers);
}

// 5. content hashes
const hash = (buf) => crypto.createHash('sha256').update(buf).digest('base64url').slice(0, 10);
const read = (f) => fs.readFileSync(path.join(work, f));
const names = new Map(); // original name -> hashed name
for (const f of modules) names.set(f, f.replace(/\.wasm$/, `-${hash(read(f))}.wasm`));
// app.js and __wasm_split.js import each other, so neither can carry a hash of the other's
// final text: both carry one hash of everything they are built from.
let loader = read('__wasm_split.js').toString();
let glue = read('app.js').toString();
const jsHash = hash(Buffer.concat([Buffer.from(loader), Buffer.from(glue), Buffer.from([...names.values()].join())]));
names.set('__wasm_split.js', `split-${jsHash}.js`);
names.set('app.js', `app-${jsHash}.js`);
// Only module specifiers and URLs change: the keys of the imports object handed to
// WebAssembly.instantiate must keep the module names the WASM was linked with.
const rename = (text) =>
  text.replace(/(from\s*|new URL\(\s*)(["'`]\.\/)([\w.-]+\.(?:wasm|js))(["'`])/g, (m, pre, a, f, b) =>
    names.has(f) ? `${pre}${a}${names.get(f)}${b}` : m,
  );
loader = rename(loader);
glue = rename(glue);

const pkgDir = path.join(out, PKG);
fs.rmSync(pkgDir, { recursive: true, force: true });
fs.mkdirSync(pkgDir, { recursive: true });
for (const f of modules) fs.copyFileSync(path.join(work, f), path.join(pkgDir, names.get(f)));
fs.writeFileSync(path.join(pkgDir, names.get('__wasm_split.js')), loader);
fs.writeFileSync(path.join(pkgDir, names.get('app.js')), glue);

// hls.js, for the live rooms' HLS streams in browsers that do not play HLS themselves
// (src/pages/live/video.rs). A file of its own, never preloaded and never in the first load: a
// room that needs it adds a same-origin <script> for it and finds its name in the `haowu-hls`
// meta below. The light build (no subtitles, alternate audio, DRM, CMCD or content steering,
// which the rooms' single H.264 rendition does not use) is 117 KB gzip, the full one 185 KB.
// The source map's comment goes: the map is not shipped.
const hlsJs = fs
  .readFileSync(path.join(root, 'node_modules', 'hls.js', 'dist', 'hls.light.min.js'), 'utf8')
  .replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n');
const hlsName = `hls-${hash(Buffer.from(hlsJs))}.js`;
fs.writeFileSync(path.join(pkgDir, hlsName), hlsJs);

// Which modules each split point needs (its own and the shared chunks), from the loader's
// comments: `/* a, b */ const __chunk_12 = makeLoad(...)` lists the split points sharing a chunk.
const splitMap = {};
for (const m of read('__wasm_split.js').toString().matchAll(/\/\* ([\w, ]+) \*\/\s*const __chunk_\d+ = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([\w.-]+\.wasm)"/g)) {
  for (const split of m[1].split(', ')) (splitMap[split] ??= []).push(`/${PKG}/${names.get(m[2])}`);
}
for (const f of modules) {
  const m = f.match(/^split_(\w+)\.wasm$/);
  if (m) (splitMap[m[1]] ??= []).unshift(`/${PKG}/${names.get(f)}`);
}
const mainJs = `/${PKG}/${names.get('app.js')}`;
const mainWasm = `/${PKG}/${names.get('app_bg.wasm')}`;
const build = hash(Buffer.from([...names.values()].sort().join()));

// 6. index.html
const htmlPath = path.join(out, 'index.html');
let html = fs.readFileSync(htmlPath, 'utf8');
const bootSrc = fs.readFileSync(path.join(root, 'public', 'boot.js'));
const bootName = `boot-${hash(bootSrc)}.js`;
fs.writeFileSync(path.join(out, bootName), bootSrc);
fs.rmSync(path.join(out, 'boot.js'), { force: true });

// `trunk serve` appends its live-reload script inline; under the policy it must be a file.
// Trunk fills in its address when it serves the HTML, so the file asks the page instead.
html = html.replace(/<script(?![^>]*\b(?:src|type)=)[^>]*>([\s\S]*?)<\/script>/g, (_, code) => {
  const text = code
    .replace(/(['`])\{\{__TRUNK_ADDRESS__\}\}\1/g, 'window.location.host')
    .replace(/\{\{__TRUNK_WS_BASE__\}\}/g, process.env.TRUNK_PUBLIC_URL || '/');
  const name = `trunk-reload-${hash(Buffer.from(text))}.js`;
  fs.writeFileSync(path.join(out, name), text);
  return `<script src="/${name}"></script>`;
});

const sha256 = (text) => `'sha256-${crypto.createHash('sha256').update(text).digest('base64')}'`;
const styleHashes = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => sha256(m[1]));
const LOOPBACK = 'http://127.0.0.1:* http://localhost:*';
const policy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  `style-src 'self' ${styleHashes.join(' ')}`.trim(),
  // Media and images may come from a backend's CDN; requests go to whichever API is configured.
  // Plain http only on this device's loopback: a backend run next to the app while developing
  // (json-server, the reference server on another port); anything on the network needs https.
  `img-src 'self' data: blob: https: ${LOOPBACK}`,
  `media-src 'self' blob: https: ${LOOPBACK}`,
  `connect-src 'self' https: ${LOOPBACK}`,
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

// With the demo backend configured (the shipped default), the first clip is known at build
// time: boot.js starts its poster on / at once, without waiting for the world. (Not a <link
// rel=preload> in the HTML: every route shares this HTML, and the others would download it for
// nothing.)
let poster = '';
let shippedBackend = 'demo';
try {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'public', 'haowu.config.json'), 'utf8'));
  shippedBackend = config.backend ?? 'demo';
  if (shippedBackend === 'demo') {
    const world = JSON.parse(fs.readFileSync(path.join(root, 'public', 'demo', 'world.json'), 'utf8'));
    poster = world.videos?.[0]?.media?.poster ?? '';
  }
} catch (e) {
  say(`no first poster: ${e.message}`);
}

// The policy goes right after <meta charset>, before anything it governs; the rest at the end
// of <head>, after the inlined styles.
const early = [
  `<meta name="haowu-build" content="${build}">`,
  `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
];
const late = [
  `<meta name="haowu-hls" content="/${PKG}/${hlsName}">`,
  `<script type="application/json" id="haowu-split-map">${JSON.stringify(splitMap)}</script>`,
  // The app's code is not preloaded: boot.js starts it once the first screen's poster is in.
  `<script type="module" src="/${bootName}" data-main="${mainJs}" data-wasm="${mainWasm}" data-backend="${shippedBackend}" data-poster="${poster}"></script>`,
];
if (!/<meta charset="utf-8"\s*\/?>/i.test(html)) throw new Error('index.html needs <meta charset="utf-8">');
html = html.replace(/(<meta charset="utf-8"\s*\/?>)/i, `$1\n  ${early.join('\n  ')}`);
html = html.replace('</head>', `  ${late.join('\n  ')}\n</head>`);
fs.writeFileSync(htmlPath, html);

// For servers: the same policy as a header (plus what a <meta> cannot say), and long caching
// for the hashed files. `_headers` is the format of Netlify and Cloudflare Pages; `serve.json`
// is read by npm `serve` (the tests and benchmarks use it).
const headerPolicy = `${policy}; frame-ancestors 'self'`;
fs.writeFileSync(
  path.join(out, '_headers'),
  `/*\n  Content-Security-Policy: ${headerPolicy}\n  X-Content-Type-Options: nosniff\n\n/index.html\n  Cache-Control: no-cache\n\n/${PKG}/*\n  Cache-Control: public, max-age=31536000, immutable\n`,
);
fs.writeFileSync(
  path.join(out, 'serve.json'),
  JSON.stringify(
    {
      headers: [
        { source: '**', headers: [{ key: 'Content-Security-Policy', value: headerPolicy }] },
        { source: `${PKG}/**`, headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }] },
        { source: 'boot-*.js', headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }] },
      ],
    },
    null,
    2,
  ),
);

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const size = (f) => fs.statSync(path.join(pkgDir, f)).size;
say(`main ${names.get('app_bg.wasm')} ${kb(size(names.get('app_bg.wasm')))}, ${modules.length - 1} chunks, build ${build}`);
