// What `/` really loads before its first clip plays, and every chunk of the split build (see
// bench/size). Two views of the same question, which must agree:
//   - in the browser: Chromium opens `/` as a phone, and every response until the first clip's
//     `playing` event is recorded; the code among them (HTML, JS, WASM, CSS) is counted at its
//     gzip / brotli size from dist/ (what a compressing server sends);
//   - from the build: index.html, the boot script, the JS glue, the main module and the chunks
//     of the backend the shipped configuration picks (the split map in index.html).
// Prints raw / gzip -9 / brotli 11 bytes per file, every chunk, the split map (which files each
// split point loads), and exits 1 when the first load is over budget (gzip).
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const budget = Number(opt('--budget', process.env.HAOWU_SIZE_BUDGET ?? 204800));
const dist = path.resolve(opt('--dist', 'dist'));
const json = args.includes('--json');
const indexPath = path.join(dist, 'index.html');
if (!fs.existsSync(indexPath)) {
  console.error(`${indexPath} is missing: run trunk build --release (or bench/size without --no-build)`);
  process.exit(2);
}
const html = fs.readFileSync(indexPath, 'utf8');

const sizes = new Map();
function measure(rel) {
  const clean = rel.split(/[?#]/)[0].replace(/^\//, '');
  if (sizes.has(clean)) return sizes.get(clean);
  const file = clean === '' ? indexPath : path.join(dist, clean);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return null;
  const buf = fs.readFileSync(file);
  const row = {
    file: clean || 'index.html',
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
  sizes.set(clean, row);
  return row;
}
const sum = (rows) => rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const isCode = (f) => /(\.html|\.m?js|\.wasm|\.css)$/.test(f) || f === 'index.html';

// ---- from the build ------------------------------------------------------------------------
const boot = html.match(/<script type="module" src="([^"]+)" data-main="([^"]+)" data-wasm="([^"]+)"/);
if (!boot) {
  console.error('dist/index.html has no boot script: is this a split build (scripts/build-wasm.mjs)?');
  process.exit(2);
}
const [, bootJs, mainJs, mainWasm] = boot;
const splitMap = JSON.parse(html.match(/<script type="application\/json" id="haowu-split-map">([\s\S]*?)<\/script>/)[1]);
const loaderJs = (fs.readFileSync(path.join(dist, mainJs), 'utf8').match(/from\s*["']\.\/(split-[\w-]+\.js)["']/) || [])[1];
// --url: measure a running server that serves this dist/ with its own configuration (the
// reference server: `bench/size --no-build --url http://127.0.0.1:8787` measures a build
// pointed at a native-contract backend).
const serverUrl = opt('--url', '');
const config = serverUrl
  ? await (await fetch(`${serverUrl}/haowu.config.json`)).json()
  : JSON.parse(fs.readFileSync(path.join(dist, 'haowu.config.json'), 'utf8'));
const backend = config.backend ?? 'demo';
const backendSplit = `${backend}_backend`;
const staticFirst = ['index.html', bootJs, mainJs, loaderJs && `pkg/${loaderJs}`, mainWasm, ...(splitMap[backendSplit] ?? [])]
  .filter(Boolean)
  .map(measure)
  .filter(Boolean);

// ---- in the browser ------------------------------------------------------------------------
async function serve() {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.svg': 'image/svg+xml', '.mp4': 'video/mp4', '.webmanifest': 'application/manifest+json' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let file = path.join(dist, decodeURIComponent(url.pathname));
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = indexPath;
    const body = fs.readFileSync(file);
    const type = types[path.extname(file)] ?? 'application/octet-stream';
    const range = req.headers.range?.match(/bytes=(\d+)-(\d*)/);
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Number(range[2]) : body.length - 1;
      res.writeHead(206, { 'content-type': type, 'content-range': `bytes ${start}-${end}/${body.length}`, 'accept-ranges': 'bytes' });
      res.end(body.subarray(start, end + 1));
    } else {
      res.writeHead(200, { 'content-type': type, 'accept-ranges': 'bytes' });
      res.end(body);
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

async function inBrowser() {
  const server = serverUrl ? null : await serve();
  const base = serverUrl || `http://127.0.0.1:${server.address().port}`;
  const phone = JSON.parse(fs.readFileSync('tests/e2e/phone.json', 'utf8'));
  // The browser's default autoplay policy, as a phone has it (muted autoplay is allowed).
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: phone.args.filter((a) => !a.startsWith('--autoplay-policy')),
  });
  try {
    const context = await browser.newContext(phone.context);
    const page = await context.newPage();
    const seen = [];
    let playing = false;
    page.on('response', (r) => {
      if (!playing) seen.push(new URL(r.url()).pathname);
    });
    await page.exposeFunction('__firstPlaying', () => {
      playing = true;
    });
    await page.addInitScript(() => {
      document.addEventListener('playing', () => window.__firstPlaying(), { capture: true, once: true });
    });
    await page.goto(`${base}/`);
    await page.waitForFunction(() => document.querySelector('video.slide-video') && !document.querySelector('video.slide-video').paused, null, { timeout: 30_000 });
    await page.waitForTimeout(50);
    return [...new Set(seen)];
  } finally {
    await browser.close();
    server?.close();
  }
}

const loaded = await inBrowser();
const browserFirst = loaded.filter((p) => isCode(p === '/' ? 'index.html' : p)).map((p) => measure(p === '/' ? '' : p)).filter(Boolean);
const other = loaded.filter((p) => !isCode(p === '/' ? 'index.html' : p));

const first = sum(browserFirst);
const ok = first.gzip <= budget;
const missing = staticFirst.filter((s) => !browserFirst.some((b) => b.file === s.file)).map((s) => s.file);
const extra = browserFirst.filter((b) => !staticFirst.some((s) => s.file === b.file)).map((b) => b.file);

const chunks = fs
  .readdirSync(path.join(dist, 'pkg'))
  .filter((f) => f.endsWith('.wasm'))
  .map((f) => measure(`pkg/${f}`))
  .sort((a, b) => b.gzip - a.gzip);
const map = Object.entries(splitMap)
  .map(([split, files]) => ({ split, files: files.length, ...sum(files.map(measure).filter(Boolean)) }))
  .sort((a, b) => b.gzip - a.gzip);

if (json) {
  console.log(JSON.stringify({ budget, ok, firstLoad: { files: browserFirst, total: first }, build: { files: staticFirst, total: sum(staticFirst) }, otherRequests: other, chunks, splitMap: map }, null, 2));
  process.exit(ok ? 0 : 1);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const cell = (n) => `${n} (${kb(n)})`.padStart(20);
const table = (title, rows, total) => {
  console.log(`\n${title}`);
  const w = Math.max(28, ...rows.map((r) => r.file.length));
  console.log(`${'file'.padEnd(w)}  ${'raw'.padStart(20)}  ${'gzip -9'.padStart(20)}  ${'brotli 11'.padStart(20)}`);
  for (const r of rows) console.log(`${r.file.padEnd(w)}  ${cell(r.raw)}  ${cell(r.gzip)}  ${cell(r.brotli)}`);
  if (total) console.log(`${'total'.padEnd(w)}  ${cell(total.raw)}  ${cell(total.gzip)}  ${cell(total.brotli)}`);
};
table(`code / loads before its first clip plays (measured in Chromium, backend "${backend}")`, browserFirst, first);
console.log(`other requests before it played: ${other.join(', ') || 'none'}`);
if (missing.length || extra.length) console.log(`differs from the build's first-load set: missing ${missing.join(', ') || '-'}; extra ${extra.join(', ') || '-'}`);
else console.log("agrees with the build's first-load set (index.html, boot, glue, main module, backend chunks)");
table(`every WASM module in dist/pkg (${chunks.length})`, chunks, sum(chunks));
console.log('\nsplit map: what each split point loads (its module and the shared chunks it needs)');
for (const m of map) console.log(`  ${m.split.padEnd(16)} ${String(m.files).padStart(2)} files  gzip ${kb(m.gzip).padStart(9)}  brotli ${kb(m.brotli).padStart(9)}  raw ${kb(m.raw).padStart(9)}`);
console.log(`\nfirst-load gzip total: ${first.gzip} bytes (budget ${budget}) ${ok ? 'OK' : 'OVER'}`);
process.exit(ok ? 0 : 1);
