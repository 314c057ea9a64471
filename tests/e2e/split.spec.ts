/**
 * The split build (issue 8): each page's code loads when it is first needed; a chunk that does
 * not load is a network failure with Retry, never a white screen; a new deployment does not
 * break a tab left open; the app runs under its strict Content-Security-Policy; pages whose
 * code is still on its way open without a blank frame.
 *
 * The browser runs with its default autoplay policy here (no --autoplay-policy flag): muted
 * autoplay is what a phone allows, and the first clip must play under it.
 */
import type { Page, Route } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import phone from './phone.json';
import { test, expect, world, zh, product } from './fixtures';

const byId = (page: Page, id: string) => page.getByTestId(id);
const DIST = path.resolve(__dirname, '../../dist');

test.use({ launchOptions: { executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: phone.args.filter((a) => !a.startsWith('--autoplay-policy')) } });

/** The build's split map: split point → the files it loads (from dist/index.html). */
function splitMap(): Record<string, string[]> {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  return JSON.parse(html.match(/<script type="application\/json" id="haowu-split-map">([\s\S]*?)<\/script>/)![1]);
}

/** The module of a split point (its own file, not the shared chunks). The pages are in three
 * chunks (src/pages/mod.rs): `shop` (product, cart, checkout, orders, sign-in), `browse` (the
 * live list, profiles, search, me) and `live_room`; the product sheet and the demo backend's
 * parts have their own. */
const ownModule = (split: string) => new RegExp(`/pkg/split_${split}-[\\w-]+\\.wasm$`);

/** Records animation frames in which the app shows nothing: no boot screen and an empty <main>. */
async function watchBlankFrames(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __blank: number; __frames: number };
    w.__blank = 0;
    w.__frames = 0;
    const tick = () => {
      w.__frames++;
      const main = document.getElementById('main');
      const boot = document.getElementById('boot');
      if (!boot && (!main || main.childElementCount === 0)) w.__blank++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}
const blankFrames = (page: Page) => page.evaluate(() => (window as unknown as { __blank: number }).__blank);

test.describe('code splitting', () => {
  test('the feed loads the main module and the demo backend, not the other pages; the first clip plays', async ({ page }) => {
    const wasm: string[] = [];
    let playing = false;
    page.on('request', (r) => {
      if (r.url().endsWith('.wasm') && !playing) wasm.push(new URL(r.url()).pathname);
    });
    await page.goto('/');
    await expect
      .poll(() => page.evaluate(() => [...document.querySelectorAll('video')].some((v) => !v.paused && v.currentTime > 0)))
      .toBe(true);
    playing = true;
    const map = splitMap();
    expect(Object.keys(map).sort()).toEqual(['browse', 'demo_backend', 'demo_more', 'http_backend', 'http_mapping', 'http_more', 'live_room', 'page_meta', 'product', 'product_sheet', 'profile', 'search', 'shop', 'storefront']);
    // Loaded: the main module and the demo backend's files.
    expect(wasm.some((p) => /\/pkg\/app_bg-[\w-]+\.wasm$/.test(p))).toBe(true);
    for (const f of map.demo_backend) expect(wasm).toContain(f);
    // Not loaded before the first clip played: the pages, the product sheet, the rest of the demo
    // backend — and nothing of the HTTP backend or its mapping, which this configuration does not use.
    for (const split of ['shop', 'browse', 'live_room', 'product', 'profile', 'search', 'storefront', 'page_meta', 'product_sheet', 'demo_more', 'http_backend', 'http_more', 'http_mapping']) {
      expect(wasm.some((p) => ownModule(split).test(p)), `${split} loaded with the feed`).toBe(false);
    }
  });

  test('/me downloads only what it shows: no demo world, no backend code, no clip poster, no unused preload', async ({ page, consoleLog }) => {
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto('/me');
    await expect(byId(page, 'me-page')).toBeVisible();
    // Chromium warns about a preload left unused a few seconds after the load event.
    await page.waitForTimeout(3500);
    expect(fetched).not.toContain('/demo/world.json');
    expect(fetched.some((p) => /\/media\/clips\//.test(p))).toBe(false);
    expect(fetched.some((p) => ownModule('demo_backend').test(p))).toBe(false);
    expect(consoleLog.warnings().filter((w) => /preload/i.test(w.text))).toEqual([]);
  });

  test('every file of the app is named by its content hash', async () => {
    const pkg = fs.readdirSync(path.join(DIST, 'pkg'));
    expect(pkg.length).toBeGreaterThan(3);
    for (const f of pkg) expect(f).toMatch(/^[\w]+-[\w-]{10}\.(wasm|js)$/);
    const root = fs.readdirSync(DIST).filter((f) => f.endsWith('.js'));
    for (const f of root) expect(f).toMatch(/^(boot|trunk-reload)-[\w-]{10}\.js$/);
  });

  test('a page whose code is still on its way keeps the old page on screen, then shows the new one', async ({ page }) => {
    await page.goto('/');
    await expect(byId(page, 'feed-slide').first()).toBeVisible();
    // Every chunk is slow now (a flaky 3G): 1.5 s each.
    await page.route('**/pkg/**.wasm', async (route: Route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await watchBlankFrames(page);
    // The product sheet: its frame opens at once with a skeleton, then the product.
    const slide = page.locator('[data-testid="feed-slide"].is-active');
    await slide.getByTestId('product-chip').click();
    await expect(byId(page, 'product-sheet')).toBeVisible();
    await expect(byId(page, 'product-sheet').locator('.skeleton')).toBeVisible();
    await expect(byId(page, 'sheet-title')).toBeVisible({ timeout: 15_000 });
    await page.keyboard.press('Escape');
    // The live room from the Live tab: the list, then a room.
    await byId(page, 'tab-live').click();
    await expect(page.locator('.route-progress.is-on')).toHaveCount(1);
    await expect(byId(page, 'live-card').first()).toBeVisible({ timeout: 15_000 });
    await byId(page, 'live-card').first().click();
    await expect(byId(page, 'live-title')).toBeVisible({ timeout: 15_000 });
    // A profile from the room's host.
    await byId(page, 'live-host').click();
    await expect(byId(page, 'creator-name')).toBeVisible({ timeout: 15_000 });
    expect(await blankFrames(page)).toBe(0);
  });
});

test.describe('chunks that do not load', () => {
  test.use({ allowConsoleErrors: [/Failed to fetch|failed to load|WebAssembly|NetworkError|net::ERR/i] });

  test("a page whose code cannot be fetched shows the error view; Retry loads it", async ({ page }) => {
    const p = product('hf-mamian');
    let blocked = true;
    await page.route(ownModule('product'), (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(`/search?q=${encodeURIComponent(zh(p.title).slice(0, 4))}`);
    await byId(page, 'search-result').first().click();
    await expect(byId(page, 'error-view')).toBeVisible();
    await expect(byId(page, 'error-view')).toContainText('网络');
    await expect(page.getByTestId('fatal-error')).toHaveCount(0);
    blocked = false;
    await byId(page, 'retry').click();
    await expect(byId(page, 'product-title')).toBeVisible();
  });

  test('a deep link whose page code fails shows the error view, not a blank or broken page', async ({ page }) => {
    let blocked = true;
    await page.route(ownModule('profile'), (route) => (blocked ? route.fulfill({ status: 503, body: 'busy' }) : route.continue()));
    const handle = world().creators[0].handle;
    await page.goto(`/@${handle}`);
    await expect(byId(page, 'error-view')).toBeVisible();
    await expect(page.locator('#boot')).toHaveCount(0);
    blocked = false;
    await byId(page, 'retry').click();
    await expect(byId(page, 'creator-name')).toBeVisible();
  });

  test('when the app itself cannot be fetched, the boot screen says so and Retry starts it', async ({ page }) => {
    let blocked = true;
    await page.route(/\/pkg\/app_bg-[\w-]+\.wasm$/, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
    await page.goto('/me');
    await expect(page.locator('#boot[role="alert"]')).toContainText('Haowu could not load');
    blocked = false;
    await page.locator('#boot').getByRole('button').click();
    await expect(byId(page, 'me-page')).toBeVisible();
  });

  test('a tab left open across a deployment reloads into the new version instead of breaking', async ({ page }) => {
    // The old build's chunks are gone from the server (blocked from the start, so the idle
    // prefetch cannot have fetched them first).
    let gone = true;
    let deployed = false;
    await page.route(ownModule('shop'), (route) => (gone ? route.fulfill({ status: 404, body: 'gone' }) : route.continue()));
    // ... and / names another build once "deployed".
    await page.route(
      (url) => url.pathname === '/' && deployed,
      async (route) => {
        const res = await route.fetch();
        const html = (await res.text()).replace(/name="haowu-build" content="[^"]+"/, 'name="haowu-build" content="next-build"');
        await route.fulfill({ response: res, body: html });
      },
    );
    await page.goto('/me');
    await expect(byId(page, 'me-page')).toBeVisible();
    const loads: number[] = [];
    page.on('load', () => {
      loads.push(Date.now());
      // After the reload the tab runs "the new build" (here: this server's files again).
      gone = false;
      deployed = false;
    });
    deployed = true;
    await byId(page, 'me-orders').click();
    await expect.poll(() => loads.length).toBe(1);
    await expect(byId(page, 'orders-page')).toBeVisible();
    await expect(byId(page, 'error-view')).toHaveCount(0);
    expect(await page.evaluate(() => sessionStorage.getItem('haowu.reloaded_for.next-build'))).toBe('1');
  });
});

test.describe('Content-Security-Policy', () => {
  test('the build ships a strict policy, in the page and as a header for servers', async ({ page }) => {
    const response = await page.goto('/');
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(meta).toBeTruthy();
    const directive = (name: string) => meta!.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? '';
    expect(directive('script-src')).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(directive('style-src')).toMatch(/^style-src 'self'( 'sha256-[\w+/=]+')+$/);
    expect(meta).not.toContain('unsafe-inline');
    expect(meta).not.toContain("'unsafe-eval'");
    expect(response!.headers()['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(fs.readFileSync(path.join(DIST, '_headers'), 'utf8')).toContain('Content-Security-Policy:');
  });

  test('every page runs under it without a violation (the fixture fails any test that causes one)', async ({ page, consoleLog }) => {
    const w = world();
    const paths = ['/', `/v/${w.videos[1].id}`, '/live', `/live/${w.live[0].id}`, `/@${w.creators[0].handle}`, `/p/${w.products[0].id}`, '/cart', '/checkout', '/orders', '/search?q=a', '/me', '/nope'];
    for (const p of paths) {
      await page.goto(p);
      await expect(page.locator('#boot')).toHaveCount(0);
    }
    // The panic screen's Reload button works without an inline handler.
    await page.goto('/?haowu_test_panic=1');
    consoleLog.allow(/panicked|unreachable|haowu_test_panic/);
    await expect(byId(page, 'fatal-error')).toBeVisible();
    const reloaded = page.waitForEvent('load');
    await byId(page, 'fatal-error').getByRole('button').click();
    await reloaded;
    expect(consoleLog.cspViolations()).toEqual([]);
  });
});
