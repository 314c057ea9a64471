// Reports the first-load bytes of dist/ (see bench/size). Node built-ins only.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const budget = Number(opt('--budget', process.env.HAOWU_SIZE_BUDGET ?? 204800));
const dist = path.resolve(opt('--dist', 'dist'));
const indexPath = path.join(dist, 'index.html');
if (!fs.existsSync(indexPath)) {
  console.error(`${indexPath} is missing: run trunk build --release (or bench/size without --no-build)`);
  process.exit(2);
}
const html = fs.readFileSync(indexPath, 'utf8');

// Everything index.html points at directly: href/src attributes, and module specifiers or
// quoted paths in inline scripts (Trunk's loader imports the JS glue and passes the .wasm path).
const refs = new Set();
for (const m of html.matchAll(/\b(?:href|src)\s*=\s*["']([^"']+)["']/gi)) refs.add(m[1]);
for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
  for (const q of m[1].matchAll(/["'`]((?:\.{0,2}\/)?[\w./-]+\.(?:js|mjs|wasm|css))["'`]/g)) refs.add(q[1]);
}
const EXCLUDE = /\.(json|webmanifest|png|jpe?g|gif|webp|avif|svg|ico|mp4|webm|m3u8|ts|m4s|mp3|vtt)$/i;
const assets = [];
for (const ref of refs) {
  if (/^(?:[a-z]+:)?\/\//i.test(ref) || ref.startsWith('data:') || ref.startsWith('#')) continue;
  const clean = ref.split(/[?#]/)[0];
  if (!clean || EXCLUDE.test(clean)) continue;
  const file = path.join(dist, clean.startsWith('/') ? clean.slice(1) : clean);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
  if (!assets.includes(file)) assets.push(file);
}
assets.unshift(indexPath);

const kind = (f) => {
  if (f === indexPath) return 'html';
  if (f.endsWith('.wasm')) return 'wasm';
  if (/\.m?js$/.test(f)) return 'js';
  if (f.endsWith('.css')) return 'css';
  return path.extname(f).slice(1) || 'other';
};
const rows = assets.map((f) => {
  const buf = fs.readFileSync(f);
  return {
    file: path.relative(dist, f),
    kind: kind(f),
    raw: buf.length,
    gzip: zlib.gzipSync(buf, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(buf, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  };
});
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
  raw: 0,
  gzip: 0,
  brotli: 0,
});
const ok = total.gzip <= budget;

if (args.includes('--json')) {
  console.log(JSON.stringify({ assets: rows, total, budget, ok }, null, 2));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const w = Math.max(4, ...rows.map((r) => r.file.length));
  const line = (a, b, c, d, e) =>
    console.log(`${a.padEnd(w)}  ${b.padEnd(4)}  ${c.padStart(18)}  ${d.padStart(18)}  ${e.padStart(18)}`);
  const cell = (n) => `${n} (${kb(n)})`;
  console.log(`first-load assets of dist/index.html (${dist})`);
  line('file', 'kind', 'raw bytes', 'gzip -9', 'brotli 11');
  for (const r of rows) line(r.file, r.kind, cell(r.raw), cell(r.gzip), cell(r.brotli));
  line('total', '', cell(total.raw), cell(total.gzip), cell(total.brotli));
  console.log(`first-load gzip total: ${total.gzip} bytes (budget ${budget}) ${ok ? 'OK' : 'OVER'}`);
}
process.exit(ok ? 0 : 1);
