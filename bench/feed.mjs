// The feed swipe benchmark (see bench/feed): 300 CDP touch swipes on `/`, ping-ponging through the
// demo catalogue; prints DOM nodes, JS heap, most <video>s and swipe-to-playing latency with their
// budgets, and saves bench/out/feed.json. Exit 0 whatever the budgets say; 1 if it could not run.
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const base = opt('--base', 'http://127.0.0.1:4173');
const SWIPES = Number(opt('--swipes', 300));
const server = opt('--server', base);
const CHECKPOINTS = [0, 100, 300].filter((n) => n <= SWIPES);
if (!CHECKPOINTS.includes(SWIPES)) CHECKPOINTS.push(SWIPES);
const outDir = path.resolve('bench/out');
const PLAYING_TIMEOUT_MS = 5_000;

// The phone and browser flags of the e2e tests (one place: tests/e2e/phone.json).
const phone = JSON.parse(fs.readFileSync('tests/e2e/phone.json', 'utf8'));
// Unquantised performance.memory (Chromium otherwise rounds it into coarse buckets).
const args = [...phone.args, '--enable-precise-memory-info'];

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  // nearest-rank
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}
const fmtBytes = (n) => (Number.isFinite(n) ? `${(n / 1024 / 1024).toFixed(2)} MB` : 'n/a');
const fmtMs = (n) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');

/** In every document: the most <video>s at once, `playing` events and touch timestamps. */
function instrument() {
  const b = {
    maxVideos: 0,
    playing: [], // { t, id, active }
    touchStart: [],
    touchEnd: [],
    activated: [], // { t, id }: a slide gained the is-active class
    wasmMemory: null,
  };
  window.__bench = b;
  const count = () => {
    const n = document.getElementsByTagName('video').length;
    if (n > b.maxVideos) b.maxVideos = n;
  };
  new MutationObserver((records) => {
    count();
    for (const r of records) {
      const el = r.target;
      if (r.type === 'attributes' && el instanceof Element && el.matches('[data-testid="feed-slide"].is-active') && !(r.oldValue ?? '').split(/\s+/).includes('is-active')) {
        b.activated.push({ t: performance.now(), id: el.getAttribute('data-id') });
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'], attributeOldValue: true });
  document.addEventListener(
    'playing',
    (e) => {
      const slide = e.target instanceof Element ? e.target.closest('[data-testid="feed-slide"]') : null;
      b.playing.push({ t: performance.now(), id: slide?.getAttribute('data-id') ?? null, active: !!slide?.classList.contains('is-active') });
    },
    true,
  );
  document.addEventListener('touchstart', () => b.touchStart.push(performance.now()), { capture: true, passive: true });
  document.addEventListener('touchend', () => b.touchEnd.push(performance.now()), { capture: true, passive: true });
  addEventListener('TrunkApplicationStarted', (e) => {
    b.wasmMemory = e.detail?.wasm?.memory ?? null;
  });
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args,
  });
  const chromiumVersion = browser.version();
  const context = await browser.newContext(phone.context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console.error: ${m.text()}`));
  await page.addInitScript(instrument);
  const cdp = await context.newCDPSession(page);

  const vp = page.viewportSize();
  const cx = Math.round(vp.width / 2);
  const cy = Math.round(vp.height / 2);
  /** The swipe of tests/e2e/fixtures.ts: touchStart, 10 touchMoves 16 ms apart, touchEnd, 500 px. */
  async function swipe(direction) {
    const dy = direction === 'up' ? -1 : 1; // 'up' = finger moves up = next clip
    const distance = 500;
    const fromY = cy - (dy * distance) / 2;
    const point = (y) => [{ x: cx, y: Math.round(y), id: 1, radiusX: 1, radiusY: 1, force: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(fromY) });
    for (let i = 1; i <= 10; i++) {
      await new Promise((r) => setTimeout(r, 16));
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(fromY + (dy * distance * i) / 10) });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }

  const state = () =>
    page.evaluate(() => {
      const feed = document.querySelector('[data-testid="feed"]');
      const active = document.querySelector('[data-testid="feed-slide"].is-active');
      const h = feed?.clientHeight ?? 0;
      const off = h ? feed.scrollTop % h : 1;
      return {
        active: active?.getAttribute('data-id') ?? null,
        end: !!document.querySelector('[data-testid="feed-end"]'),
        error: !!document.querySelector('[data-testid="error-view"]'),
        index: h ? Math.round(feed.scrollTop / h) : -1,
        atRest: h > 0 && (off < 1 || h - off < 1),
        videos: document.getElementsByTagName('video').length,
      };
    });

  async function measure(label) {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return page.evaluate((label) => ({
      swipes: label,
      domNodes: document.getElementsByTagName('*').length,
      jsHeap: performance.memory?.usedJSHeapSize ?? null,
      wasmMemory: window.__bench.wasmMemory?.buffer?.byteLength ?? null,
    }), label);
  }

  const t0 = Date.now();
  await page.goto(base + '/');
  await page.waitForSelector('[data-testid="feed-slide"].is-active', { timeout: 30_000 });
  const first = (await state()).active;
  // The first clip playing, so the baseline is a running feed.
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid="feed-slide"].is-active video');
    return v && !v.paused && v.currentTime > 0;
  }, null, { timeout: 15_000 });

  const snapshots = [await measure(0)];
  const swipes = []; // { n, direction, from, to, ms, beforeTouchEnd }
  let maxVideosSampled = (await state()).videos;
  let direction = 'up';
  let turns = 0;
  process.stderr.write(`swiping ${SWIPES} times on ${base}/ ...\n`);
  for (let n = 1; n <= SWIPES; n++) {
    const before = await state();
    const marks = await page.evaluate(() => ({
      playing: window.__bench.playing.length,
      touchStart: window.__bench.touchStart.length,
      touchEnd: window.__bench.touchEnd.length,
      activated: window.__bench.activated.length,
    }));
    await swipe(direction);
    // Wait for the feed to rest on a slide after this swipe's touchEnd.
    await page.waitForFunction(
      ([prevIndex, n0]) => {
        const b = window.__bench;
        const feed = document.querySelector('[data-testid="feed"]');
        if (!feed || b.touchEnd.length <= n0) return false;
        const h = feed.clientHeight;
        const off = feed.scrollTop % h;
        return Math.round(feed.scrollTop / h) !== prevIndex && (off < 1 || h - off < 1);
      },
      [before.index, marks.touchEnd],
      { timeout: 10_000, polling: 16 },
    ).catch(() => {});
    let after = await state();
    let ms = null;
    let fromStart = null;
    let gesture = null;
    let fromActive = null;
    let beforeTouchEnd = false;
    if (after.active) {
      // The newly active video's first `playing` since this swipe began.
      const hit = await page
        .waitForFunction(
          ([id, p0]) => window.__bench.playing.slice(p0).find((e) => e.id === id) ?? false,
          [after.active, marks.playing],
          { timeout: PLAYING_TIMEOUT_MS, polling: 'raf' },
        )
        .then((h) => h.jsonValue())
        .catch(() => null);
      const touch = await page.evaluate(
        ([s, e, a, id]) => ({
          start: window.__bench.touchStart[s],
          end: window.__bench.touchEnd[e],
          activated: window.__bench.activated.slice(a).find((x) => x.id === id)?.t,
        }),
        [marks.touchStart, marks.touchEnd, marks.activated, after.active],
      );
      if (hit && Number.isFinite(touch.activated)) fromActive = hit.t - touch.activated;
      if (hit && Number.isFinite(touch.end)) {
        ms = hit.t - touch.end;
        fromStart = Number.isFinite(touch.start) ? hit.t - touch.start : null;
        gesture = Number.isFinite(touch.start) ? touch.end - touch.start : null;
        beforeTouchEnd = ms < 0;
      }
    }
    after = await state();
    maxVideosSampled = Math.max(maxVideosSampled, after.videos);
    swipes.push({ n, direction, from: before.active ?? (before.end ? 'end' : null), to: after.active ?? (after.end ? 'end' : null), ms, fromStart, fromActive, gesture, beforeTouchEnd });
    if (after.error) throw new Error(`the feed shows an error view after swipe ${n}`);
    if (after.active === before.active && after.index === before.index) {
      process.stderr.write(`  swipe ${n} (${direction}) did not move the feed from ${before.active ?? before.index}\n`);
    }
    // Ping-pong: down to the end state, back up to the first clip, and so on.
    if (direction === 'up' && !after.active && after.end) {
      direction = 'down';
      turns++;
    } else if (direction === 'down' && after.active === first && after.index === 0) {
      direction = 'up';
      turns++;
    }
    if (CHECKPOINTS.includes(n)) {
      snapshots.push(await measure(n));
      process.stderr.write(`  ${n} swipes (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    }
  }
  const probe = await page.evaluate(() => ({ maxVideos: window.__bench.maxVideos }));
  await browser.close();

  // ---- figures and budgets
  // Signed: negative when the new clip was already playing before the finger lifted (the feed
  // switches clips as the drag passes half a slide). The budget counts those as 0 ms of waiting.
  const signed = swipes.filter((s) => s.ms !== null).map((s) => s.ms);
  const lat = signed.map((x) => Math.max(0, x));
  const fromStart = swipes.filter((s) => s.fromStart !== null).map((s) => s.fromStart);
  const clipSwipes = swipes.filter((s) => s.to && s.to !== 'end');
  const missing = clipSwipes.filter((s) => s.ms === null).length;
  const snap = (n) => snapshots.find((s) => s.swipes === n);
  const ref = SWIPES > 100 ? 100 : 0;
  const s100 = snap(ref);
  const sEnd = snap(SWIPES);
  const within = (a, b, pct) => (a && b ? Math.abs(b - a) / a <= pct : null);
  const growth = (a, b) => (a && b ? ((b - a) / a) * 100 : NaN);
  const maxVideos = Math.max(probe.maxVideos, maxVideosSampled);
  const p95 = quantile(lat, 0.95);
  const budgets = [
    { name: `DOM nodes at ${SWIPES} within 10% of ${ref}`, ok: within(s100?.domNodes, sEnd?.domNodes, 0.1), value: `${s100?.domNodes} -> ${sEnd?.domNodes} (${growth(s100?.domNodes, sEnd?.domNodes).toFixed(1)}%)` },
    { name: `JS heap at ${SWIPES} within 10% of ${ref}`, ok: within(s100?.jsHeap, sEnd?.jsHeap, 0.1), value: `${fmtBytes(s100?.jsHeap)} -> ${fmtBytes(sEnd?.jsHeap)} (${growth(s100?.jsHeap, sEnd?.jsHeap).toFixed(1)}%)` },
    { name: '<video> elements at most 3', ok: maxVideos <= 3, value: String(maxVideos) },
    { name: 'p95 swipe-to-playing (touchEnd -> playing, 0 if already playing) <= 150 ms', ok: Number.isFinite(p95) ? p95 <= 150 : false, value: fmtMs(p95) },
  ];

  const out = {
    date: new Date().toISOString(),
    base,
    server,
    browser: `Chromium ${chromiumVersion}`,
    args,
    viewport: '390x844 DPR 3, isMobile, hasTouch',
    swipes: SWIPES,
    turns,
    snapshots,
    maxVideos: { mutationObserver: probe.maxVideos, sampledAfterEachSwipe: maxVideosSampled },
    swipeToPlaying: {
      measured: lat.length,
      clipSwipes: clipSwipes.length,
      missing,
      startedBeforeTouchEnd: swipes.filter((s) => s.beforeTouchEnd).length,
      medianMs: median(lat),
      p95Ms: p95,
      signed: { medianMs: median(signed), p95Ms: quantile(signed, 0.95), minMs: signed.length ? Math.min(...signed) : NaN, maxMs: signed.length ? Math.max(...signed) : NaN },
      touchStartToPlaying: { medianMs: median(fromStart), p95Ms: quantile(fromStart, 0.95) },
      activationToPlaying: {
        medianMs: median(swipes.filter((s) => s.fromActive !== null).map((s) => s.fromActive)),
        p95Ms: quantile(swipes.filter((s) => s.fromActive !== null).map((s) => s.fromActive), 0.95),
        measured: swipes.filter((s) => s.fromActive !== null).length,
      },
      gestureMs: { median: median(swipes.filter((s) => s.gesture !== null).map((s) => s.gesture)) },
    },
    budgets: budgets.map((b) => ({ ...b, status: b.ok ? 'OK' : 'OVER' })),
    consoleErrors: errors,
    perSwipe: swipes,
    seconds: Math.round((Date.now() - t0) / 1000),
  };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'feed.json'), JSON.stringify(out, null, 2));

  const L = (s) => process.stdout.write(s + '\n');
  L(`feed swipe benchmark: ${SWIPES} swipes (${turns} turns at the ends of the catalogue), ${out.seconds} s`);
  L(`  server:  ${server}`);
  L(`  browser: Chromium ${chromiumVersion}, 390x844 DPR 3 touch, flags of tests/e2e/phone.json + --enable-precise-memory-info`);
  L('');
  L('  swipes   DOM nodes   JS heap (after GC)   WASM memory');
  for (const s of snapshots) {
    L(`  ${String(s.swipes).padStart(6)}   ${String(s.domNodes).padStart(9)}   ${fmtBytes(s.jsHeap).padStart(18)}   ${fmtBytes(s.wasmMemory).padStart(11)}`);
  }
  L('');
  L(`  most <video> elements: ${maxVideos} (MutationObserver ${probe.maxVideos}, sampled after each swipe ${maxVideosSampled})`);
  const st = out.swipeToPlaying;
  L(
    `  swipe-to-playing (touchEnd -> playing of the new clip; 0 when it already played): median ${fmtMs(st.medianMs)}, p95 ${fmtMs(st.p95Ms)}` +
      ` (${lat.length} of ${clipSwipes.length} swipes to a clip measured` +
      `${missing ? `; ${missing} without a playing event within ${PLAYING_TIMEOUT_MS} ms` : ''})`,
  );
  L(
    `    signed: median ${fmtMs(st.signed.medianMs)}, p95 ${fmtMs(st.signed.p95Ms)}, min ${fmtMs(st.signed.minMs)}, max ${fmtMs(st.signed.maxMs)};` +
      ` ${st.startedBeforeTouchEnd} played before the finger lifted (the feed switches clips half-way through the drag)`,
  );
  L(`    slide becomes active (is-active) -> playing: median ${fmtMs(st.activationToPlaying.medianMs)}, p95 ${fmtMs(st.activationToPlaying.p95Ms)} (${st.activationToPlaying.measured} swipes)`);
  L(`    touchStart -> playing: median ${fmtMs(st.touchStartToPlaying.medianMs)}, p95 ${fmtMs(st.touchStartToPlaying.p95Ms)} (the gesture itself, touchStart -> touchEnd: median ${fmtMs(st.gestureMs.median)})`);
  if (errors.length) L(`  console errors during the run: ${errors.length} (first: ${errors[0]})`);
  L('');
  L('  budgets:');
  for (const b of budgets) L(`    ${(b.ok ? 'OK' : 'OVER').padEnd(5)} ${b.name}: ${b.value}`);
  L('');
  L(`  JSON: ${path.relative(process.cwd(), path.join(outDir, 'feed.json'))}`);
}

main().catch((e) => {
  process.stderr.write(`bench/feed failed to run: ${e?.stack ?? e}\n`);
  process.exit(1);
});
