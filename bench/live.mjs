// The live room benchmark (see bench/live): serves dist/ with its own HTTP backend (native
// contract) whose one room, /live/bench, streams --rate events a second for --seconds; opens the
// room in Chromium as a phone and prints frame times, long tasks, comment nodes, JS heap and the
// flash sale's final stock with their budgets, and saves bench/out/live.json. Exit 0 whatever the
// budgets say; 1 if it could not run.
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const DIST = path.resolve(opt('--dist', 'dist'));
const SECONDS = Number(opt('--seconds', 60));
const RATE = Number(opt('--rate', 500));
const PORT = Number(opt('--port', 0));
const WORLD = opt('--world', 'public/demo/world.json');
if (!(SECONDS > 0) || !(RATE > 0)) {
  process.stderr.write('bench/live: --seconds and --rate must be positive numbers\n');
  process.exit(2);
}
const outDir = path.resolve('bench/out');
const ROOM = 'bench';
const TICK_MS = 10;
const STOCK_START = 100_000;
const READY_TIMEOUT_MS = 30_000;
const SETTLE_MS = 3_000; // after the last event, for it to reach the screen
// The first heap figure: at 10 s, or half-way through a short run (the end is the second).
const HEAP_AT_S = SECONDS > 20 ? 10 : SECONDS / 2;

// The phone and browser flags of the e2e tests (one place: tests/e2e/phone.json).
const phone = JSON.parse(fs.readFileSync('tests/e2e/phone.json', 'utf8'));
// Unquantised performance.memory (Chromium otherwise rounds it into coarse buckets).
const args = [...phone.args, '--enable-precise-memory-info'];

function quantile(xs, q) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  // nearest-rank
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}
const fmtBytes = (n) => (Number.isFinite(n) ? `${(n / 1024 / 1024).toFixed(2)} MB` : 'n/a');
const fmtMs = (n) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

// ---------------------------------------------------------------- the room's data

/** A small seeded generator (mulberry32): the same run of events every time. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function loadRoom() {
  const world = JSON.parse(fs.readFileSync(WORLD, 'utf8'));
  // The rooms are in world.json's `live`, or (newer) in live.json beside it.
  const roomsFile = path.join(path.dirname(WORLD), 'live.json');
  const rooms = world.live ?? (fs.existsSync(roomsFile) ? JSON.parse(fs.readFileSync(roomsFile, 'utf8')).live : null) ?? [];
  const live = rooms.find((l) => l.id === 'live_snack');
  if (!live) throw new Error(`no live room live_snack in ${WORLD} (live) or ${roomsFile}`);
  const creator = world.creators.find((c) => c.handle === 'xiaozui_snacks');
  if (!creator) throw new Error(`${WORLD} has no creator xiaozui_snacks`);
  // CreatorSummary (src/model/creator.rs, Creator::summary).
  const host = { handle: creator.handle, name: creator.name, avatar: creator.avatar, verified: !!creator.verified };
  if (creator.live_now) host.live_now = creator.live_now;
  // ProductSummary (src/model/catalog.rs, Product::summary): the cheapest variant in stock.
  const summary = (p) => {
    const inStock = p.variants.filter((v) => v.stock > 0);
    const pool = inStock.length ? inStock : p.variants;
    const headline = pool.reduce((a, b) => (b.price.amount < a.price.amount ? b : a), pool[0]);
    const s = {
      id: p.id,
      title: p.title,
      image: p.images[0] ?? '',
      price: headline?.price ?? { amount: 0, currency: 'CNY' },
      sold: p.sold,
      in_stock: inStock.length > 0,
      shop_id: p.shop_id,
    };
    if (headline?.original_price) s.original_price = headline.original_price;
    return s;
  };
  const bag = live.bag.slice(0, 3).map((id) => {
    const p = world.products.find((x) => x.id === id);
    if (!p) throw new Error(`${WORLD}: live_snack's bag names a product it lacks: ${id}`);
    return summary(p);
  });
  return { live, host, bag };
}

const ZH = ['主播好', '这个多少钱', '已下单', '好吃吗', '求链接', '上车了', '宝宝们冲', '辣不辣', '包邮吗', '太便宜了', '还有货吗', '回购第三次', '给力', '666', '家人们', '抢到了'];
const EN = ['hello', 'how much?', 'ordered!', 'is it spicy', 'link please', 'so cheap', 'restock?', 'love it', 'free shipping?', 'got one', 'wow', 'again'];

/** The event stream: a log of every message sent (so a reconnect can resume), sent at RATE/s. */
function makeShow(saleProduct) {
  const random = rng(1);
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const text = () => {
    const want = int(5, 40);
    const words = random() < 0.5 ? ZH : EN;
    let s = '';
    while (s.length < want) s += (s ? (words === EN ? ' ' : '，') : '') + words[int(0, words.length - 1)];
    return s.slice(0, want).trim().padEnd(5, '!');
  };
  const show = {
    log: [], // SSE messages, index = id - 1
    lastId: 0,
    stock: STOCK_START,
    viewers: 18342,
    likes: 462000,
    counts: { comment: 0, heart: 0, stock: 0, viewers: 0 },
    clients: new Set(),
    connections: 0,
    reconnects: 0,
    startedAt: null, // Date.now() of the first event
    endedAt: null,
    maxBatch: 0,
    maxTickGapMs: 0,
    timer: null,
    done: null,
  };
  let special = 0;
  let resolveDone;
  show.done = new Promise((r) => (resolveDone = r));
  const next = () => {
    const id = ++show.lastId;
    const roll = random();
    let e;
    if (roll < 0.8) {
      e = { id, type: 'comment', user: `u${int(1, 99999)}`, text: text() };
      show.counts.comment++;
    } else if (roll < 0.95) {
      const count = int(1, 5);
      show.likes += count;
      e = { id, type: 'heart', count };
      show.counts.heart++;
    } else if (special++ % 2 === 0) {
      show.stock -= int(1, 5);
      e = { id, type: 'stock', product_id: saleProduct, remaining: show.stock };
      show.counts.stock++;
    } else {
      show.viewers = Math.max(1, show.viewers + int(-60, 80));
      e = { id, type: 'viewers', count: show.viewers };
      show.counts.viewers++;
    }
    const msg = `id: ${id}\ndata: ${JSON.stringify(e)}\n\n`;
    show.log.push(msg);
    return msg;
  };
  const total = Math.round(RATE * SECONDS);
  let lastTick = 0;
  show.start = () => {
    if (show.startedAt !== null) return;
    show.startedAt = Date.now();
    lastTick = performance.now();
    const tick = () => {
      const now = performance.now();
      show.maxTickGapMs = Math.max(show.maxTickGapMs, now - lastTick);
      lastTick = now;
      // As many as are due by now: the rate holds even when a tick comes late.
      const due = Math.min(total, Math.floor(((Date.now() - show.startedAt) / 1000) * RATE));
      let batch = '';
      let n = 0;
      while (show.lastId < due) {
        batch += next();
        n++;
      }
      if (n) {
        show.maxBatch = Math.max(show.maxBatch, n);
        for (const c of show.clients) c.write(batch);
      }
      if (show.lastId >= total) {
        clearInterval(show.timer);
        show.endedAt = Date.now();
        resolveDone();
      }
    };
    show.timer = setInterval(tick, TICK_MS);
  };
  return show;
}

// ---------------------------------------------------------------- the server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.mp4': 'video/mp4',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

// As server/src/static_files.rs: folders that are never app routes, and serve.json's headers.
const ASSET_DIRS = ['/pkg/', '/media/', '/demo/'];
const isAppRoute = (p) => {
  const last = p.split('/').pop() ?? '';
  return !ASSET_DIRS.some((d) => p.startsWith(d)) && !last.includes('.') && !p.startsWith('/api/');
};
function glob(pattern, s) {
  const re = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`).test(s);
}
function headerRules() {
  try {
    return JSON.parse(fs.readFileSync(path.join(DIST, 'serve.json'), 'utf8')).headers ?? [];
  } catch {
    return [];
  }
}

function startServer(room, show) {
  const rules = headerRules();
  // The build's index.html with the app's boot script told the backend is HTTP (static_files.rs
  // served_by_this_api).
  const indexHtml = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8').replace('data-backend="demo"', 'data-backend="http"');
  // The build's configuration pointed at this server's API (static_files.rs config); the file's
  // sign-in rules and locale stay.
  let fileConfig = {};
  try {
    fileConfig = JSON.parse(fs.readFileSync(path.join(DIST, 'haowu.config.json'), 'utf8'));
  } catch {
    fileConfig = JSON.parse(fs.readFileSync('public/haowu.config.json', 'utf8'));
  }
  const config = { ...fileConfig, backend: 'http', http: { ...(fileConfig.http ?? {}), base_url: '/api' } };
  const api = new Map(); // path -> requests
  const statuses = new Map(); // "GET /pkg/... 404" -> n, for anything not 2xx/3xx
  const saleStartsAt = Date.now() - 1000;
  const saleEndsAt = Date.now() + 10 * 60 * 1000;

  const snapshot = () => ({
    id: ROOM,
    title: { zh: '压力测试直播间 · 每秒上百条弹幕', en: 'Bench room: hundreds of comments a second' },
    host: room.host,
    stream: room.live.stream,
    status: 'live',
    viewers: show.viewers,
    likes: show.likes,
    pinned: room.bag[0].id,
    bag: room.bag,
    flash_sale: {
      product_id: room.bag[0].id,
      price: { amount: 1990, currency: 'CNY' },
      total: STOCK_START,
      remaining: show.stock,
      ends_at: saleEndsAt,
      limit: 2,
      phase: 'started',
      starts_at: saleStartsAt,
    },
    coupons: [],
    last_event_id: show.lastId,
    now: Date.now(),
  });

  // serve.json's rules, then the caching of static_files.rs with_headers.
  const withHeaders = (status, headers, rulesPath) => {
    const ok = status < 300 || status === 304;
    for (const rule of rules) {
      if (rulesPath === undefined || !glob(rule.source, rulesPath)) continue;
      for (const h of rule.headers ?? []) {
        // A 404 must not be cached for a year.
        if (ok || h.key.toLowerCase() !== 'cache-control') headers[h.key] = h.value;
      }
    }
    headers['X-Content-Type-Options'] = 'nosniff';
    if (ok && rulesPath?.startsWith('pkg/')) headers['Cache-Control'] = 'public, max-age=31536000, immutable';
    if (ok && (rulesPath === 'index.html' || rulesPath === 'haowu.config.json')) headers['Cache-Control'] = 'no-cache';
    return headers;
  };
  const send = (res, status, headers, body, rulesPath) => {
    res.writeHead(status, withHeaders(status, headers, rulesPath));
    res.end(body);
  };
  const json = (res, status, value) => {
    const body = JSON.stringify(value);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
    res.end(body);
  };

  function events(req, res, url) {
    show.connections++;
    const header = req.headers['last-event-id'];
    const fromHeader = header !== undefined && /^\d+$/.test(header.trim());
    if (fromHeader) show.reconnects++;
    // The header wins over ?after= (a reconnecting EventSource keeps its first URL).
    const afterRaw = fromHeader ? header.trim() : url.searchParams.get('after');
    const after = afterRaw !== null && /^\d+$/.test(afterRaw) ? Number(afterRaw) : show.lastId;
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.socket?.setNoDelay(true);
    res.write('retry: 1000\n\n');
    const missed = show.log.slice(Math.min(after, show.lastId)).join('');
    if (missed) res.write(missed);
    show.clients.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(keepAlive);
      show.clients.delete(res);
    });
    // The show starts with its first listener (after the page has its snapshot).
    show.start();
  }

  function file(req, res, pathname) {
    let rel;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, { 'Content-Type': 'text/plain' }, 'bad path');
    }
    const full = path.join(DIST, path.normalize(rel));
    if (!full.startsWith(DIST + path.sep) && full !== DIST) return send(res, 403, { 'Content-Type': 'text/plain' }, 'forbidden');
    let st = null;
    try {
      st = fs.statSync(full);
    } catch {}
    if (!st || !st.isFile()) {
      if (isAppRoute(pathname)) return send(res, 200, { 'Content-Type': TYPES['.html'] }, req.method === 'HEAD' ? '' : indexHtml, 'index.html');
      return send(res, 404, { 'Content-Type': 'text/plain' }, 'not found', pathname.slice(1));
    }
    const headers = {
      'Content-Type': TYPES[path.extname(full).toLowerCase()] ?? 'application/octet-stream',
      'Accept-Ranges': 'bytes',
      'Last-Modified': st.mtime.toUTCString(),
    };
    const size = st.size;
    let start = 0;
    let end = size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      if (m && (m[1] !== '' || m[2] !== '')) {
        if (m[1] === '') {
          start = Math.max(0, size - Number(m[2]));
        } else {
          start = Number(m[1]);
          if (m[2] !== '') end = Math.min(end, Number(m[2]));
        }
        if (start > end || start >= size) {
          return send(res, 416, { 'Content-Range': `bytes */${size}` }, '', pathname.slice(1));
        }
        status = 206;
        headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
      }
    }
    headers['Content-Length'] = String(size ? end - start + 1 : 0);
    res.writeHead(status, withHeaders(status, headers, pathname.slice(1)));
    if (req.method === 'HEAD' || size === 0) return res.end();
    fs.createReadStream(full, { start, end }).pipe(res);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const p = url.pathname;
    const readable = req.method === 'GET' || req.method === 'HEAD';
    res.on('finish', () => {
      if (res.statusCode >= 400) {
        const k = `${req.method} ${p} ${res.statusCode}`;
        statuses.set(k, (statuses.get(k) ?? 0) + 1);
      }
    });
    if (p.startsWith('/api/') || p === '/api') {
      const route = p.slice(4);
      api.set(`${req.method} ${route}`, (api.get(`${req.method} ${route}`) ?? 0) + 1);
      if (req.method === 'GET' && route === `/live/${ROOM}`) return json(res, 200, snapshot());
      if (req.method === 'GET' && route === `/live/${ROOM}/events`) return events(req, res, url);
      // The room asks for the shopper's coupons (which it holds already): none.
      if (req.method === 'GET' && route === '/coupons') return json(res, 200, []);
      return json(res, 404, { error: { code: 'not_found', message: 'Nothing here.' } });
    }
    if (!readable) return send(res, 405, { 'Content-Type': 'text/plain', Allow: 'GET, HEAD' }, 'method not allowed');
    if (p === '/haowu.config.json') {
      return send(res, 200, { 'Content-Type': 'application/json' }, req.method === 'HEAD' ? '' : JSON.stringify(config), 'haowu.config.json');
    }
    if (p === '/' || p === '/index.html') return send(res, 200, { 'Content-Type': TYPES['.html'] }, req.method === 'HEAD' ? '' : indexHtml, 'index.html');
    return file(req, res, p);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(PORT, '127.0.0.1', () => resolve({ server, api, statuses, config, port: server.address().port }));
  });
}

// ---------------------------------------------------------------- the page

/** In the page: frame times, long tasks, the events the EventSource receives, WASM memory. */
function instrument() {
  if (window.top !== window) return;
  const b = {
    frames: [], // rAF timestamps
    longTasks: [], // { start, duration }
    received: 0,
    lastId: 0,
    gaps: 0, // an id more than one past the last one
    repeats: 0, // an id at or below the last one
    sources: 0, // EventSources opened
    firstEventAt: null,
    lastEventAt: null,
    wasmMemory: null,
  };
  window.__bench = b;
  const loop = (t) => {
    b.frames.push(t);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
  const ES = window.EventSource;
  if (ES) {
    window.EventSource = class extends ES {
      constructor(...a) {
        super(...a);
        b.sources++;
        // Registered before the app's onmessage, so it runs first; reads the id only.
        this.addEventListener('message', (e) => {
          const id = Number(e.lastEventId);
          if (b.received && id > b.lastId + 1) b.gaps++;
          if (b.received && id <= b.lastId) b.repeats++;
          else b.lastId = id;
          b.received++;
          const now = performance.now();
          if (b.firstEventAt === null) b.firstEventAt = now;
          b.lastEventAt = now;
        });
      }
    };
  }
  // The app's WASM memory: from the instances the page creates (the boot script is not Trunk's,
  // so there is no TrunkApplicationStarted to read it from); split chunks import the main one's.
  const keep = (result) => {
    const memory = (result?.instance ?? result)?.exports?.memory;
    if (memory instanceof WebAssembly.Memory && !b.wasmMemory) b.wasmMemory = memory;
    return result;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (typeof original === 'function') WebAssembly[name] = (...a) => original.apply(WebAssembly, a).then(keep);
  }
}

async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: build first`);
  const room = loadRoom();
  const show = makeShow(room.bag[0].id);
  const srv = await startServer(room, show);
  const base = `http://127.0.0.1:${srv.port}`;
  const server = `bench/live.mjs: ${path.relative(process.cwd(), DIST) || '.'} + native-contract backend (SSE) on ${base}`;
  let browser = null;
  const closeAll = async () => {
    await browser?.close().catch(() => {});
    clearInterval(show.timer);
    for (const c of show.clients) c.end();
    srv.server.closeAllConnections?.();
    await new Promise((r) => srv.server.close(r));
  };
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      headless: true,
      args,
    });
    const chromiumVersion = browser.version();
    const context = await browser.newContext(phone.context);
    const page = await context.newPage();
    const errors = [];
    const warnings = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
      else if (m.type() === 'warning' && warnings.length < 50) warnings.push(m.text());
    });
    await page.addInitScript(instrument);
    const cdp = await context.newCDPSession(page);

    const t0 = Date.now();
    process.stderr.write(`opening ${base}/live/${ROOM} (${RATE} events/s for ${SECONDS} s) ...\n`);
    await page.goto(`${base}/live/${ROOM}`);
    await page.waitForSelector('[data-testid="live-room"] [data-testid="live-title"]', { timeout: READY_TIMEOUT_MS }).catch(async () => {
      const state = await page.evaluate(() => ({
        error: document.querySelector('[data-testid="error-view"]')?.textContent?.trim() ?? null,
        body: document.body?.innerText?.slice(0, 300) ?? '',
      }));
      throw new Error(`the room did not appear within ${READY_TIMEOUT_MS / 1000} s: ${state.error ? `error view: ${state.error}` : JSON.stringify(state.body)}; ${errors[0] ?? ''}`);
    });
    await page.waitForFunction(() => window.__bench.received > 0, null, { timeout: 15_000 }).catch(() => {
      throw new Error(`the room showed but received no event within 15 s (events connections: ${show.connections}; ${errors[0] ?? ''})`);
    });
    const winStart = await page.evaluate(() => performance.now());
    const startedAt = show.startedAt;

    const sampleComments = () =>
      page.evaluate(() => ({
        comments: document.querySelectorAll('[data-testid="live-comments"] li').length,
        received: window.__bench.received,
        lastId: window.__bench.lastId,
        wasmMemory: window.__bench.wasmMemory?.buffer.byteLength ?? null,
      }));
    const excluded = []; // [from, to] in page time: the garbage collections
    async function heap(label) {
      const from = await page.evaluate(() => performance.now());
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = await cdp.send('Runtime.getHeapUsage').catch(() => null);
      const m = await page.evaluate(() => ({
        at: performance.now(),
        jsHeap: performance.memory?.usedJSHeapSize ?? null,
        wasmMemory: window.__bench.wasmMemory?.buffer.byteLength ?? null,
        domNodes: document.getElementsByTagName('*').length,
      }));
      excluded.push([from, m.at]);
      return { label, second: (Date.now() - startedAt) / 1000, jsHeap: m.jsHeap, cdpUsedSize: usage?.usedSize ?? null, wasmMemory: m.wasmMemory, domNodes: m.domNodes };
    }

    const samples = [];
    const heaps = [];
    let doneFlag = false;
    show.done.then(() => (doneFlag = true));
    let nextSample = startedAt + 1000;
    while (!doneFlag) {
      await Promise.race([show.done, new Promise((r) => setTimeout(r, Math.max(0, nextSample - Date.now())))]);
      if (doneFlag) break;
      const s = await sampleComments();
      samples.push({ second: (Date.now() - startedAt) / 1000, ...s, sent: show.lastId });
      nextSample += 1000;
      if (!heaps.length && Date.now() - startedAt >= HEAP_AT_S * 1000) heaps.push(await heap(`${HEAP_AT_S} s`));
      if (Math.round((Date.now() - startedAt) / 1000) % 10 === 0) {
        process.stderr.write(`  ${Math.round((Date.now() - startedAt) / 1000)} s: ${show.lastId} sent, ${s.received} received, ${s.comments} comment nodes\n`);
      }
    }
    // The show is over: close the window, then the second heap figure and the final state.
    const winEnd = await page.evaluate(() => performance.now());
    const probe = await page.evaluate(() => ({ frames: window.__bench.frames.slice(), longTasks: window.__bench.longTasks.slice() }));
    if (!heaps.length) heaps.push(await heap(`${HEAP_AT_S} s`));
    heaps.push(await heap('end'));
    const expected = show.stock;
    const shown = await page
      .waitForFunction(
        (want) => {
          const el = document.querySelector('[data-testid="flash-sale"]');
          return el && Number(el.dataset.remaining) === want ? el.dataset.remaining : false;
        },
        expected,
        { timeout: SETTLE_MS, polling: 50 },
      )
      .then((h) => h.jsonValue())
      .catch(() => null);
    const final = await page.evaluate(() => {
      const el = document.querySelector('[data-testid="flash-sale"]');
      const b = window.__bench;
      return {
        flashSale: !!el,
        remaining: el?.dataset.remaining ?? null,
        comments: document.querySelectorAll('[data-testid="live-comments"] li').length,
        domNodes: document.getElementsByTagName('*').length,
        received: b.received,
        lastId: b.lastId,
        gaps: b.gaps,
        repeats: b.repeats,
        sources: b.sources,
        viewersText: document.querySelector('[data-testid="live-viewers"]')?.textContent ?? null,
        video: (() => {
          const v = document.querySelector('.live-video, video');
          return v ? { paused: v.paused, currentTime: v.currentTime, readyState: v.readyState, muted: v.muted } : null;
        })(),
      };
    });
    await browser.close();
    browser = null;

    // ---- figures and budgets
    const inGc = (a, z) => excluded.some(([f, t]) => a < t && z > f);
    const deltas = [];
    let droppedForGc = 0;
    for (let i = 1; i < probe.frames.length; i++) {
      const a = probe.frames[i - 1];
      const z = probe.frames[i];
      if (a < winStart || z > winEnd) continue;
      if (inGc(a, z)) {
        droppedForGc++;
        continue;
      }
      deltas.push(z - a);
    }
    const tasks = probe.longTasks.filter((t) => t.start >= winStart && t.start <= winEnd && !inGc(t.start, t.start + t.duration));
    const tasksGc = probe.longTasks.filter((t) => t.start >= winStart && t.start <= winEnd && inGc(t.start, t.start + t.duration)).length;
    const p50 = quantile(deltas, 0.5);
    const p95 = quantile(deltas, 0.95);
    const maxFrame = deltas.length ? Math.max(...deltas) : NaN;
    const maxComments = Math.max(final.comments, ...samples.map((s) => s.comments));
    const [hA, hB] = [heaps[0], heaps[heaps.length - 1]];
    const growth = hA?.jsHeap && hB?.jsHeap ? ((hB.jsHeap - hA.jsHeap) / hA.jsHeap) * 100 : NaN;
    const shownValue = shown ?? final.remaining;
    const stockStatus = !final.flashSale || final.remaining == null ? 'MISSING' : Number(final.remaining) === expected ? 'OK' : 'OVER';
    const budgets = [
      { name: 'p95 frame time <= 20 ms', ok: Number.isFinite(p95) && p95 <= 20, value: fmtMs(p95) },
      { name: 'comment nodes <= 100 (most seen)', ok: maxComments <= 100, value: `${maxComments} (at the end ${final.comments})` },
      {
        name: `JS heap at the end within 10% of ${hA?.label}`,
        ok: Number.isFinite(growth) && Math.abs(growth) <= 10,
        value: `${fmtBytes(hA?.jsHeap)} -> ${fmtBytes(hB?.jsHeap)} (${Number.isFinite(growth) ? `${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%` : 'n/a'})`,
      },
      { name: 'final flash-sale stock shown = last stock sent', ok: stockStatus === 'OK', status: stockStatus, value: `${shownValue ?? 'n/a'} vs ${expected}` },
    ].map((b) => ({ ...b, status: b.status ?? (b.ok ? 'OK' : 'OVER') }));

    const durationS = (show.endedAt - show.startedAt) / 1000;
    const out = {
      date: new Date().toISOString(),
      base,
      server,
      browser: `Chromium ${chromiumVersion}`,
      args,
      viewport: '390x844 DPR 3, isMobile, hasTouch',
      config: srv.config,
      rate: RATE,
      seconds: SECONDS,
      events: {
        sent: show.lastId,
        byType: show.counts,
        sentOverSeconds: durationS,
        maxBatch: show.maxBatch,
        maxTickGapMs: show.maxTickGapMs,
        connections: show.connections,
        reconnects: show.reconnects,
        received: final.received,
        lastIdReceived: final.lastId,
        gaps: final.gaps,
        repeats: final.repeats,
        eventSources: final.sources,
      },
      window: { ms: winEnd - winStart, gcExcluded: excluded, framesDroppedForGc: droppedForGc, longTasksDroppedForGc: tasksGc },
      frames: { count: deltas.length, p50Ms: p50, p95Ms: p95, maxMs: maxFrame, over20Ms: deltas.filter((d) => d > 20).length, over50Ms: deltas.filter((d) => d > 50).length },
      longTasks: {
        count: tasks.length,
        totalMs: tasks.reduce((a, t) => a + t.duration, 0),
        maxMs: tasks.length ? Math.max(...tasks.map((t) => t.duration)) : 0,
        // seconds into the window
        list: tasks.map((t) => ({ atS: (t.start - winStart) / 1000, ms: t.duration })),
      },
      slowFrames: deltas.length ? probe.frames.filter((z, i) => i && z >= winStart && z <= winEnd && z - probe.frames[i - 1] > 50).map((z, i) => ({ atS: (z - winStart) / 1000 })) : [],
      comments: { atEnd: final.comments, most: maxComments },
      heaps,
      stock: { expected, shown: final.remaining, flashSaleElement: final.flashSale, matchedWithinSettle: shown !== null },
      final,
      budgets,
      samples,
      api: Object.fromEntries(srv.api),
      errorsHttp: Object.fromEntries(srv.statuses),
      consoleErrors: errors,
      consoleWarnings: warnings,
      totalSeconds: Math.round((Date.now() - t0) / 1000),
    };
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, 'live.json'), JSON.stringify(out, null, 2));

    const L = (s) => process.stdout.write(s + '\n');
    L(`live room benchmark: ${RATE} events/s for ${SECONDS} s on /live/${ROOM}, ${out.totalSeconds} s in all`);
    L(`  server:  ${server}`);
    L(`  browser: Chromium ${chromiumVersion}, 390x844 DPR 3 touch, flags of tests/e2e/phone.json + --enable-precise-memory-info`);
    L('');
    const ev = out.events;
    L(`  events sent: ${ev.sent} in ${durationS.toFixed(1)} s (${ev.byType.comment} comments, ${ev.byType.heart} hearts, ${ev.byType.stock} stock, ${ev.byType.viewers} viewers; largest batch ${ev.maxBatch}, longest tick gap ${ev.maxTickGapMs.toFixed(0)} ms)`);
    L(`  events received by the page: ${ev.received} (last id ${ev.lastIdReceived}; ${ev.gaps} gaps, ${ev.repeats} repeats; ${ev.eventSources} EventSource(s), ${ev.connections} connection(s), ${ev.reconnects} with Last-Event-ID)`);
    L(`  frames: ${deltas.length} in ${((winEnd - winStart) / 1000).toFixed(1)} s: p50 ${fmtMs(p50)}, p95 ${fmtMs(p95)}, max ${fmtMs(maxFrame)} (${out.frames.over20Ms} over 20 ms, ${out.frames.over50Ms} over 50 ms; ${droppedForGc} frames during the forced GCs left out)`);
    L(`  long tasks: ${tasks.length}, ${fmtMs(out.longTasks.totalMs)} in all, longest ${fmtMs(out.longTasks.maxMs)}${tasksGc ? ` (${tasksGc} during the forced GCs left out)` : ''}`);
    L(`  comment nodes: ${final.comments} at the end, most seen ${maxComments}`);
    L('  JS heap (after GC)    at       JS heap   WASM memory   DOM nodes');
    for (const h of heaps) L(`    ${h.label.padEnd(8)} ${h.second.toFixed(1).padStart(8)} s ${fmtBytes(h.jsHeap).padStart(12)} ${fmtBytes(h.wasmMemory).padStart(13)} ${String(h.domNodes).padStart(11)}`);
    L(`  flash-sale stock: shown ${final.flashSale ? final.remaining ?? 'n/a (no data-remaining)' : 'n/a (no [data-testid="flash-sale"])'}, expected ${expected}`);
    const apiOther = Object.entries(out.api).filter(([k]) => !k.includes(`/live/${ROOM}`));
    if (apiOther.length) L(`  other API requests (answered 404): ${apiOther.map(([k, n]) => `${k} x${n}`).join(', ')}`);
    if (errors.length) L(`  console errors during the run: ${errors.length} (first: ${errors[0]})`);
    L('');
    L('  budgets:');
    for (const b of budgets) L(`    ${b.status.padEnd(7)} ${b.name}: ${b.value}`);
    L('');
    L(`  JSON: ${path.relative(process.cwd(), path.join(outDir, 'live.json'))}`);
  } finally {
    await closeAll();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench/live failed to run: ${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
