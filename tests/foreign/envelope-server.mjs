#!/usr/bin/env node
// A second foreign backend for Haowu's configuration-only mapping (tests/foreign/envelope.config.json):
// a small REST API in the style of many Chinese short-video/e-commerce open APIs, nothing like
// Haowu's native contract.
//
//   - every answer is an envelope {"code":0,"msg":"ok","data":{…}}; lists are
//     {"code":0,"msg":"ok","data":{"list":[…],"total":N}};
//   - errors: {"code":40401,"msg":"goods not found","data":null} with HTTP 404 (400, 405 alike);
//     one odd case: a goods id that is off the shelf answers HTTP 200 with code 42201;
//   - numeric ids (aweme_id, goods_id, shop_id, sku_id), handles as `unique_id` strings;
//   - prices as decimal strings ("129.00"), counts sometimes as numeric strings;
//   - pagination: page/page_size (pages from 1) with data.total; creator clips by cursor
//     (max_cursor/count, data.next_cursor + has_more); goods search by offset/count.
//
// Routes (GET; OPTIONS answers CORS preflights):
//   /api/v1/feed/recommend?page=&page_size=          clips, newest feed order
//   /api/v1/videos/{aweme_id}                        {aweme_detail: clip}
//   /api/v1/goods/{goods_id}                         {goods, shop, seller}
//   /api/v1/users/{unique_id}                        {user}
//   /api/v1/users/{unique_id}/videos?max_cursor=&count=
//   /api/v1/users/{unique_id}/goods?page=&page_size=  the goods their showcase sells
//   /api/v1/search/goods?keyword=&offset=&count=
//   /api/v1/recommend/users                          creators to follow
//   /media/…                                         public/media (byte ranges supported; a directory: 403)
//   /health                                          200 {"code":0,…} (a readiness probe)
//
// Usage: node tests/foreign/envelope-server.mjs --port 3020 --data target/foreign/envelope.json
//        [--host 127.0.0.1] [--media public/media] [--quiet]
// Prints "envelope server listening on http://127.0.0.1:3020" once it accepts connections.
// As a module: `answer(data, method, url)` gives the answer a request gets.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** CORS as target/contract.txt gives it. */
export const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Idempotency-Key, Last-Event-ID',
  'Access-Control-Expose-Headers': 'X-Total-Count, Link, Content-Range',
  'Access-Control-Max-Age': '600',
};

const MAX_PAGE_SIZE = 50;

const ok = (data) => ({ status: 200, body: { code: 0, msg: 'ok', data } });
const error = (status, code, msg) => ({ status, body: { code, msg, data: null } });

/** A positive integer query parameter, `fallback` when absent; null when malformed. */
function int(params, name, fallback, min, max) {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

/** The API over one data file (see make-fixtures.mjs). */
export function api(data) {
  const users = new Map(data.users.map((u) => [u.unique_id.toLowerCase(), u]));
  const goods = new Map(data.goods.map((g) => [g.goods_id, g]));
  const shops = new Map(data.shops.map((s) => [s.shop_id, s]));
  const offShelf = new Set(data.off_shelf ?? []);

  const author = (uid) => {
    const u = users.get(String(uid).toLowerCase());
    return u
      ? { uid: u.uid, unique_id: u.unique_id, nickname: u.nickname, avatar_thumb: u.avatar_thumb, is_verified: u.is_verified }
      : { uid: 0, unique_id: String(uid), nickname: String(uid), avatar_thumb: { url_list: [] }, is_verified: false };
  };
  /** The goods card a clip, a showcase or a search result carries. */
  const card = (g) => {
    const c = {
      goods_id: g.goods_id,
      goods_name: g.goods_name,
      goods_name_en: g.goods_name_en,
      cover_img: g.cover_img,
      currency: g.currency,
      sale_price: g.sale_price,
      sales: g.sales,
      has_stock: g.has_stock,
      shop_id: g.shop_id,
    };
    if (g.market_price !== undefined) c.market_price = g.market_price;
    return c;
  };
  /** A clip as the API answers it: its author and goods joined in. */
  const clip = (a) => {
    const { author_uid, goods_ids, ...rest } = a;
    return { ...rest, author: author(author_uid), goods: goods_ids.filter((id) => goods.has(id)).map((id) => card(goods.get(id))) };
  };
  const pageOf = (params, all) => {
    const page = int(params, 'page', 1, 1, 1_000_000);
    const size = int(params, 'page_size', 10, 1, MAX_PAGE_SIZE);
    if (page === null) return error(400, 40001, 'page must be a whole number from 1');
    if (size === null) return error(400, 40002, `page_size must be 1..${MAX_PAGE_SIZE}`);
    const start = (page - 1) * size;
    return ok({ list: all.slice(start, start + size), total: all.length, page, page_size: size });
  };
  const seller = (handle) => (handle ? users.get(handle.toLowerCase()) : undefined);
  const showcaseOf = (u) => data.goods.filter((g) => g.seller_uid && g.seller_uid.toLowerCase() === u.unique_id.toLowerCase());

  const routes = [
    [/^\/api\/v1\/feed\/recommend$/, (_m, params) => pageOf(params, data.aweme.map(clip))],
    [
      /^\/api\/v1\/videos\/([^/]+)$/,
      ([, id]) => {
        const a = /^\d+$/.test(id) ? data.aweme.find((x) => x.aweme_id === Number(id)) : undefined;
        return a ? ok({ aweme_detail: clip(a) }) : error(404, 40402, 'video not found');
      },
    ],
    [
      /^\/api\/v1\/goods\/([^/]+)$/,
      ([, id]) => {
        const n = /^\d+$/.test(id) ? Number(id) : NaN;
        if (offShelf.has(n)) return error(200, 42201, 'goods off shelf');
        const g = goods.get(n);
        if (!g) return error(404, 40401, 'goods not found');
        const s = seller(g.seller_uid);
        return ok({ goods: g, shop: shops.get(g.shop_id) ?? null, seller: s ? { unique_id: s.unique_id, nickname: s.nickname } : null });
      },
    ],
    [
      /^\/api\/v1\/users\/([^/]+)$/,
      ([, handle]) => {
        const u = users.get(handle.toLowerCase());
        return u ? ok({ user: u }) : error(404, 40403, 'user not found');
      },
    ],
    [
      /^\/api\/v1\/users\/([^/]+)\/videos$/,
      ([, handle], params) => {
        const u = users.get(handle.toLowerCase());
        if (!u) return error(404, 40403, 'user not found');
        const raw = params.get('max_cursor') ?? '';
        if (raw !== '' && !/^c\d+$/.test(raw)) return error(400, 40003, 'bad max_cursor');
        const from = raw === '' ? 0 : Number(raw.slice(1));
        const count = int(params, 'count', 10, 1, MAX_PAGE_SIZE);
        if (count === null) return error(400, 40002, `count must be 1..${MAX_PAGE_SIZE}`);
        const all = data.aweme.filter((a) => a.author_uid.toLowerCase() === u.unique_id.toLowerCase());
        const list = all.slice(from, from + count).map(clip);
        const more = from + count < all.length;
        return ok({ list, has_more: more, next_cursor: more ? `c${from + count}` : null });
      },
    ],
    [
      /^\/api\/v1\/users\/([^/]+)\/goods$/,
      ([, handle], params) => {
        const u = users.get(handle.toLowerCase());
        if (!u) return error(404, 40403, 'user not found');
        return pageOf(params, showcaseOf(u).map(card));
      },
    ],
    [
      /^\/api\/v1\/search\/goods$/,
      (_m, params) => {
        const keyword = (params.get('keyword') ?? '').trim().toLowerCase();
        const offset = int(params, 'offset', 0, 0, 1_000_000);
        const count = int(params, 'count', 10, 1, MAX_PAGE_SIZE);
        if (offset === null || count === null) return error(400, 40002, `offset must be ≥ 0 and count 1..${MAX_PAGE_SIZE}`);
        const hits = keyword
          ? data.goods.filter((g) => g.goods_name.toLowerCase().includes(keyword) || g.goods_name_en.toLowerCase().includes(keyword))
          : [];
        return ok({ list: hits.slice(offset, offset + count).map(card), total: hits.length });
      },
    ],
    [/^\/api\/v1\/recommend\/users$/, () => ok({ list: data.users.filter((u) => u.is_verified).map((u) => author(u.unique_id)) })],
  ];

  /** The answer to one API request: {status, body}. */
  return function answer(method, url) {
    const u = new URL(url, 'http://x');
    let pathname;
    try {
      pathname = decodeURIComponent(u.pathname);
    } catch {
      return error(400, 40000, 'malformed path');
    }
    for (const [re, handler] of routes) {
      const m = re.exec(pathname);
      if (!m) continue;
      if (method !== 'GET' && method !== 'HEAD') return error(405, 40501, `${method} not allowed`);
      return handler(m, u.searchParams);
    }
    return error(404, 40400, 'no such api');
  };
}

/** The answer `data`'s API gives to `method url` (for tools that do not need a socket). */
export function answer(data, method, url) {
  return api(data)(method, url);
}

// ---------------------------------------------------------------------------------------------
// the HTTP server

const TYPES = {
  '.mp4': 'video/mp4',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

function sendJson(res, status, body, head) {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...CORS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(head ? undefined : text);
}

/** A file under `mediaRoot` (for /media/…), with single byte ranges (video elements ask for them). */
function sendMedia(req, res, mediaRoot, rel) {
  const head = req.method === 'HEAD';
  const file = path.resolve(mediaRoot, `.${rel}`);
  if (file !== mediaRoot && !file.startsWith(mediaRoot + path.sep)) return sendJson(res, 404, { code: 40400, msg: 'not found', data: null }, head);
  fs.stat(file, (err, stat) => {
    // A directory (e.g. /media/, which a readiness probe may ask for): there, but not listed.
    if (!err && stat.isDirectory()) return sendJson(res, 403, { code: 40300, msg: 'no directory listing', data: null }, head);
    if (err || !stat.isFile()) return sendJson(res, 404, { code: 40400, msg: 'not found', data: null }, head);
    const headers = {
      ...CORS,
      'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'public, max-age=3600',
    };
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = stat.size - 1;
    let status = 200;
    if (range && (range[1] !== '' || range[2] !== '')) {
      if (range[1] === '') {
        start = Math.max(0, stat.size - Number(range[2]));
      } else {
        start = Number(range[1]);
        if (range[2] !== '') end = Math.min(end, Number(range[2]));
      }
      if (start > end || start >= stat.size) {
        res.writeHead(416, { ...headers, 'Content-Range': `bytes */${stat.size}` });
        return res.end();
      }
      status = 206;
      headers['Content-Range'] = `bytes ${start}-${end}/${stat.size}`;
    }
    headers['Content-Length'] = end - start + 1;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file, { start, end }).pipe(res);
  });
}

export function createServer({ data, mediaRoot, quiet = false }) {
  const answerOf = api(data);
  const media = path.resolve(mediaRoot);
  return http.createServer((req, res) => {
    const started = Date.now();
    if (!quiet) res.on('finish', () => console.log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...CORS, 'Content-Length': 0 });
      return res.end();
    }
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname.startsWith('/media/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { code: 40501, msg: `${req.method} not allowed`, data: null });
      let rel;
      try {
        rel = decodeURIComponent(pathname.slice('/media'.length));
      } catch {
        return sendJson(res, 400, { code: 40000, msg: 'malformed path', data: null });
      }
      return sendMedia(req, res, media, rel);
    }
    if (pathname === '/health') return sendJson(res, 200, { code: 0, msg: 'ok', data: { status: 'up' } }, req.method === 'HEAD');
    const { status, body } = answerOf(req.method ?? 'GET', req.url ?? '/');
    sendJson(res, status, body, req.method === 'HEAD');
  });
}

function main() {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
  };
  const port = Number(arg('--port', '3020'));
  const host = arg('--host', '127.0.0.1');
  const dataPath = path.resolve(process.cwd(), arg('--data', path.join(ROOT, 'target/foreign/envelope.json')));
  const mediaRoot = path.resolve(process.cwd(), arg('--media', path.join(ROOT, 'public/media')));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`envelope-server: bad --port ${arg('--port')}`);
    process.exit(2);
  }
  if (!fs.existsSync(dataPath)) {
    console.error(`envelope-server: ${dataPath} is missing (run node tests/foreign/make-fixtures.mjs first)`);
    process.exit(2);
  }
  const data = JSON.parse(fs.readFileSync(dataPath, 'utf8'));
  const server = createServer({ data, mediaRoot, quiet: process.argv.includes('--quiet') });
  server.on('error', (e) => {
    console.error(`envelope-server: ${e.message}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const { port: actual } = server.address();
    console.log(`envelope server listening on http://${host}:${actual}`);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
