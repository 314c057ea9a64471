/**
 * Haowu against two FOREIGN backends, with configuration only (target/mapping.txt): the app is
 * served as usual, and its configuration is swapped (`page.route('**\/haowu.config.json')`) for
 * tests/foreign/json-server.config.json or tests/foreign/envelope.config.json with `base_url`
 * pointed at a running server:
 *
 *   HAOWU_JSON_SERVER_URL  json-server 0.17.4 over target/foreign/db.json
 *                          (`node_modules/.bin/json-server target/foreign/db.json --port 3010 --static public`)
 *   HAOWU_ENVELOPE_URL     tests/foreign/envelope-server.mjs over target/foreign/envelope.json
 *                          (`node tests/foreign/envelope-server.mjs --port 3020 --data target/foreign/envelope.json`)
 *
 * both after `node tests/foreign/make-fixtures.mjs`. A shape whose variable is unset is skipped.
 *
 * Expectations come from the FIXTURES (target/foreign/*.json), read the way each foreign API
 * means them (json-server: price × (100 − discount) %, rounded to the fen; envelope: decimal
 * strings), never from the app's demo world: what is checked is that the mapping produced them.
 * For each shape: the feed pages through every clip in the fixture's order (and the page requests
 * are exactly 1..N), a product page (title, sale price, crossed-out price, variants, gallery,
 * shop), a creator page (name, avatar, clips, showcase) and search; what the backend does not
 * offer is hidden; a broken mapping shows the full-page configuration error naming the key;
 * missing things show the not-found view. The `consoleLog` fixture fails any test that logs a
 * console error or breaks the Content-Security-Policy (media now comes from the API's origin).
 */
import type { Page, Request } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { test, expect } from '../fixtures';
import { ROOT, yuan, readFixture, jsonServerModel, envelopeModel, type Model, type ProductExp, type EnvData } from './foreign-model';

const ACTIVE = '[data-testid="feed-slide"].is-active';

// ---------------------------------------------------------------------------------------------
// the two shapes

type Params = Record<string, string | null>;

type Shape = {
  name: string;
  env: 'HAOWU_JSON_SERVER_URL' | 'HAOWU_ENVELOPE_URL';
  how: string;
  configFile: string;
  model(base: string): Model;
  /** The page number of a request for a page of the feed, null when the request is not one. */
  feedPage(u: URL): number | null;
  /** Query parameters every feed page request carries besides its page number. */
  feedParams: Params;
  /** Whether `u` asks for a creator's clips / showcase, and the parameters the first page carries
   * (null: the parameter must be absent or empty). */
  creatorVideos(u: URL, handle: string): boolean;
  creatorVideosParams: Params;
  showcase(u: URL, handle: string): boolean;
  showcaseParams: Params;
  /** Breaks the mapping's pagination style ("pages"); returns the key the error must name. */
  breakPagination(mapping: Mapping): string;
};

type Mapping = {
  pagination?: Record<string, unknown>;
  endpoints: Record<string, { url: string; record?: unknown; pagination?: Record<string, unknown> }>;
  records?: Record<string, unknown>;
};
type Config = { http: { base_url: string; mapping: Mapping } };

const SHAPES: Shape[] = [
  {
    name: 'json-server',
    env: 'HAOWU_JSON_SERVER_URL',
    how: 'node_modules/.bin/json-server target/foreign/db.json --port 3010 --static public',
    configFile: 'tests/foreign/json-server.config.json',
    model: jsonServerModel,
    feedPage: (u) => (u.pathname === '/videos' && u.searchParams.has('_page') && !u.searchParams.has('creatorId') ? Number(u.searchParams.get('_page')) : null),
    feedParams: { _limit: '10', _expand: 'creator' },
    creatorVideos: (u, handle) => u.pathname === '/videos' && u.searchParams.get('creatorId') === handle,
    // "range": _start/_end, end exclusive; the app asks for 20.
    creatorVideosParams: { _start: '0', _end: '20' },
    showcase: (u, handle) => u.pathname === '/products' && u.searchParams.get('creatorId') === handle,
    showcaseParams: { _start: '0', _end: '20' },
    breakPagination(mapping) {
      mapping.pagination = { ...mapping.pagination, style: 'pages' };
      return 'http.mapping.pagination.style';
    },
  },
  {
    name: 'envelope',
    env: 'HAOWU_ENVELOPE_URL',
    how: 'node tests/foreign/envelope-server.mjs --port 3020 --data target/foreign/envelope.json',
    configFile: 'tests/foreign/envelope.config.json',
    model: envelopeModel,
    feedPage: (u) => (u.pathname === '/api/v1/feed/recommend' ? Number(u.searchParams.get('page')) : null),
    feedParams: { page_size: '10' },
    creatorVideos: (u, handle) => u.pathname === `/api/v1/users/${handle}/videos`,
    // "cursor": the first page has no max_cursor; the app asks for 20.
    creatorVideosParams: { count: '20', max_cursor: null },
    showcase: (u, handle) => u.pathname === `/api/v1/users/${handle}/goods`,
    showcaseParams: { page: '1', page_size: '20' },
    breakPagination(mapping) {
      const ep = mapping.endpoints.creator_videos;
      ep.pagination = { ...ep.pagination, style: 'pages' };
      return 'http.mapping.endpoints.creator_videos.pagination.style';
    },
  },
];

// ---------------------------------------------------------------------------------------------
// helpers

/** The shape's configuration with base_url set to `base`, changed by `change` if given. */
function configFor(shape: Shape, base: string, change?: (mapping: Mapping) => void): Config {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, shape.configFile), 'utf8')) as Config;
  config.http.base_url = base;
  change?.(config.http.mapping);
  return config;
}

/** Serves `config` as /haowu.config.json for this page (boot.js and the app both read it). */
async function useConfig(page: Page, config: Config): Promise<void> {
  await page.route('**/haowu.config.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json; charset=utf-8', headers: { 'Cache-Control': 'no-store' }, body: JSON.stringify(config) }),
  );
}

/** Every GET the page sends to the API's origin, as URLs, in order. */
function recordApiRequests(page: Page, base: string): URL[] {
  const origin = new URL(base).origin;
  const seen: URL[] = [];
  page.on('request', (r: Request) => {
    const u = new URL(r.url());
    if (u.origin === origin && r.method() === 'GET' && !u.pathname.startsWith('/media/')) seen.push(u);
  });
  return seen;
}

/** `u` carries these query parameters (null: absent or empty). */
function expectParams(u: URL, params: Params, what: string): void {
  for (const [k, v] of Object.entries(params)) {
    if (v === null) expect(u.searchParams.get(k) ?? '', `${what}: ${u.search} has no ${k}`).toBe('');
    else expect(u.searchParams.getAll(k), `${what}: ${u.search} has ${k}=${v}`).toContain(v);
  }
}

function activeId(page: Page): Promise<string | null> {
  return page.evaluate((sel) => document.querySelector(sel)?.getAttribute('data-id') ?? null, ACTIVE);
}

/** Presses ArrowDown and waits for the next clip to be active (past a loading slide if the next
 * page is still on its way); returns its id. */
async function nextClip(page: Page): Promise<string> {
  const before = await activeId(page);
  await page.keyboard.press('ArrowDown');
  await expect
    .poll(async () => {
      const id = await activeId(page);
      return id !== null && id !== before;
    }, { message: `ArrowDown moves on from ${before}`, timeout: 15_000 })
    .toBe(true);
  return (await activeId(page))!;
}

/** Nothing on screen says something failed (and no configuration error). */
async function expectNoErrorViews(page: Page, where: string): Promise<void> {
  for (const id of ['error-view', 'not-found', 'config-error', 'fatal-error', 'clip-failed']) {
    await expect(page.getByTestId(id), `${where}: no ${id}`).toHaveCount(0);
  }
}

/**
 * What the mapping does not offer is not on screen: the Live tab (no live_rooms/live_room), any
 * like or follow control one could press (no like/unlike, follow/unfollow).
 */
async function expectNotOfferedHidden(page: Page, where: string): Promise<void> {
  const tabbar = page.getByTestId('tabbar');
  await expect(tabbar, `${where}: the tab bar is there`).toBeVisible();
  await expect(tabbar.getByTestId('tab-home')).toBeVisible();
  await expect(page.getByTestId('tab-live'), `${where}: no Live tab`).toHaveCount(0);
  await expect(page.locator('button[data-testid="like"]:not([disabled])'), `${where}: no like button`).toHaveCount(0);
  await expect(page.locator('button[data-testid="follow"]:not([disabled])'), `${where}: no follow button`).toHaveCount(0);
}

// ---------------------------------------------------------------------------------------------

for (const shape of SHAPES) {
  test.describe(`foreign backend by configuration only: ${shape.name}`, () => {
    const base = process.env[shape.env]?.replace(/\/+$/, '');
    test.skip(!base, `${shape.env} is not set: start \`${shape.how}\` (after node tests/foreign/make-fixtures.mjs) and set ${shape.env} to its URL`);

    let model: Model;
    test.beforeAll(() => {
      if (base) model = shape.model(base);
    });

    test('the feed pages through every clip in the fixture order, one request per page, then ends', async ({ page }) => {
      test.setTimeout(240_000);
      const requests = recordApiRequests(page, base!);
      await useConfig(page, configFor(shape, base!));
      const clips = model.clips;
      const pages = Math.ceil(clips.length / 10);
      expect(pages, 'the fixture has enough clips for at least 5 pages of 10').toBeGreaterThanOrEqual(5);

      await page.goto('/');
      const active = page.locator(ACTIVE);
      await expect(active).toHaveCount(1);
      await expect.poll(() => activeId(page)).toBe(clips[0].id);

      // The first clip: its media from the API's origin ("$as": "url"), playing; its creator,
      // caption and product chip with the price the mapping computed.
      const first = clips[0];
      await expect(active.locator('video')).toHaveAttribute('src', first.src);
      await expect(active.locator('img.slide-poster')).toHaveAttribute('src', first.poster);
      await page.waitForFunction(
        (sel) => {
          const v = document.querySelector<HTMLVideoElement>(`${sel} video`);
          return !!v && !v.paused && v.currentTime > 0.1;
        },
        ACTIVE,
        { timeout: 15_000 },
      );
      await expect(active.getByTestId('slide-caption')).toContainText(first.caption.split('#')[0].trim());
      await expect(active.getByTestId('product-chip')).toContainText(first.product.title);
      await expect(active.getByTestId('product-chip')).toContainText(yuan(first.product.price));
      await expectNotOfferedHidden(page, 'feed');
      await expect(page.getByTestId('tab-following'), 'no Following tab (no following_feed)').toHaveCount(0);
      await expect(page.getByTestId('tab-for-you')).toBeVisible();
      await expect(page.locator('a.feed-search'), 'search is offered').toBeVisible();

      // Every clip, in order: creator joined in, anchor product with its computed price.
      const seen: string[] = [first.id];
      for (let i = 0; i < clips.length; i++) {
        if (i > 0) {
          seen.push(await nextClip(page));
          if (seen[i] !== clips[i].id) break; // reported below, with the whole sequence
        }
        const c = clips[i];
        await expect(active.getByTestId('slide-creator'), `clip ${i} (${c.id})`).toHaveText(`@${c.creatorName}`);
        await expect(active, `clip ${i} (${c.id}) is labelled with its product and price`).toHaveAttribute(
          'aria-label',
          new RegExp(`${escape(c.product.title)} ${escape(yuan(c.product.price))}`),
        );
      }
      expect(seen, 'the feed shows the fixture\'s clips in order').toEqual(clips.map((c) => c.id).slice(0, seen.length));
      expect(seen.length).toBe(clips.length);
      expect(new Set(seen).size, 'no clip twice').toBe(seen.length);

      // Past the last clip: the end of the feed (the total said so), not a loading slide.
      await page.keyboard.press('ArrowDown');
      await expect(page.getByTestId('feed-end')).toBeInViewport({ ratio: 0.5 });
      await expectNoErrorViews(page, 'feed');

      const feedRequests = requests.filter((u) => shape.feedPage(u) !== null);
      expect(feedRequests.map((u) => shape.feedPage(u)), 'one request per page, pages 1..N in order').toEqual(Array.from({ length: pages }, (_, i) => i + 1));
      for (const u of feedRequests) expectParams(u, shape.feedParams, 'feed page');
    });

    test('a product page shows the title, the sale and crossed-out prices the mapping computed, the variants, gallery and shop', async ({ page }) => {
      await useConfig(page, configFor(shape, base!));
      const p = model.product(model.showcaseProductId);
      await page.goto(`/p/${encodeURIComponent(p.id)}`);
      await expect(page.getByTestId('product-page')).toBeVisible();
      await expect(page.getByTestId('product-title')).toHaveText(p.title);
      await expect(page.getByTestId('product-description')).toHaveText(p.description);
      const price = page.getByTestId('product-price');
      await expect(price.locator('.price-now')).toHaveText(yuan(p.price));
      expect(p.was, 'the chosen product is on sale').toBeDefined();
      await expect(price.locator('.price-was')).toHaveText(yuan(p.was!));
      await expect(page.locator('.gallery img').first()).toHaveAttribute('src', p.image);
      await expect(page.locator('.shop-name')).toHaveText(p.shopName);

      // The pickers: every option (legend) and value, in the API's order; the buy panel starts
      // on the cheapest variant in stock.
      await expect(page.locator('.variant-group legend')).toHaveText(p.options.map((o) => o.name));
      const buttons = page.getByTestId('variant-option');
      const values = p.options.flatMap((o, oi) => o.values.map((v) => ({ ...v, oi })));
      await expect(buttons).toHaveCount(values.length);
      for (const [k, v] of values.entries()) {
        await expect(buttons.nth(k)).toContainText(v.label);
        await expect(buttons.nth(k), `${v.id} pressed iff the headline variant has it`).toHaveAttribute('aria-pressed', String(p.headline[v.oi] === v.id));
      }
      // Another variant (one value away, in stock, at another price): its own computed prices.
      const differs = (v: ProductExp['variants'][number]) => v.values.filter((x, i) => x !== p.headline[i]).length === 1;
      const other =
        p.variants.find((v) => v.stock > 0 && differs(v) && v.price !== p.price) ?? p.variants.find((v) => v.stock > 0 && differs(v));
      expect(other, 'the product has another variant in stock one value away').toBeDefined();
      const oi = other!.values.findIndex((x, i) => x !== p.headline[i]);
      const k = values.findIndex((v) => v.oi === oi && v.id === other!.values[oi]);
      await buttons.nth(k).click();
      await expect(buttons.nth(k)).toHaveAttribute('aria-pressed', 'true');
      await expect(price.locator('.price-now')).toHaveText(yuan(other!.price));
      if (other!.was) await expect(price.locator('.price-was')).toHaveText(yuan(other!.was));
      else await expect(price.locator('.price-was')).toHaveCount(0);
      await expectNotOfferedHidden(page, 'product page');
      await expectNoErrorViews(page, 'product page');
    });

    test('a creator page shows name, avatar, bio, their clips and their showcase; both lead on', async ({ page }) => {
      const requests = recordApiRequests(page, base!);
      await useConfig(page, configFor(shape, base!));
      const handle = model.creatorHandle;
      const c = model.creator(handle);
      expect(c.videos.length, `@${handle} has clips`).toBeGreaterThan(1);
      expect(c.showcase.length, `@${handle} has a showcase`).toBeGreaterThan(0);
      await page.goto(`/@${handle}`);
      await expect(page.getByTestId('creator-profile')).toBeVisible();
      await expect(page.getByTestId('creator-name')).toContainText(c.name);
      await expect(page.locator('.profile-avatar img')).toHaveAttribute('src', c.avatar);
      await expect(page.locator('.profile-head .handle')).toHaveText(`@${handle}`);
      await expect(page.locator('.profile-head .bio')).toHaveText(c.bio);

      const tiles = page.getByTestId('creator-videos').getByTestId('creator-video');
      await expect(tiles).toHaveCount(c.videos.length);
      for (const [i, v] of c.videos.entries()) {
        // A clip opens a feed of this creator's clips.
        await expect(tiles.nth(i)).toHaveAttribute('href', `/v/${v.id}?from=${encodeURIComponent('@' + handle)}`);
      }
      await expect(tiles.first().locator('img')).toHaveAttribute('src', c.videos[0].poster);

      await page.getByRole('tab', { name: '橱窗' }).click();
      const items = page.getByTestId('creator-showcase').getByTestId('showcase-item');
      await expect(items.first()).toBeVisible();
      await expect(items).toHaveCount(c.showcase.length);
      for (const [i, p] of c.showcase.entries()) {
        await expect(items.nth(i).locator('a')).toHaveAttribute('href', `/p/${p.id}`);
        await expect(items.nth(i)).toContainText(p.title);
        await expect(items.nth(i).locator('.price-now')).toHaveText(yuan(p.price));
      }
      await expectNotOfferedHidden(page, 'creator page');
      await expectNoErrorViews(page, 'creator page');

      // The list requests: the configured pagination for the first page of each.
      const vids = requests.filter((u) => shape.creatorVideos(u, handle));
      expect(vids.length, 'a request for their clips').toBeGreaterThan(0);
      for (const u of vids) expectParams(u, shape.creatorVideosParams, 'creator_videos');
      const shows = requests.filter((u) => shape.showcase(u, handle));
      expect(shows.length, 'a request for their showcase').toBeGreaterThan(0);
      for (const u of shows) expectParams(u, shape.showcaseParams, 'showcase');

      // The ids round-trip: a showcase card opens that product, a clip opens the feed at it.
      await items.first().click();
      await expect(page).toHaveURL(new RegExp(`/p/${escape(c.showcase[0].id)}$`));
      await expect(page.getByTestId('product-title')).toHaveText(c.showcase[0].title);
      await page.goBack();
      await expect(page.getByTestId('creator-profile')).toBeVisible();
      await page.goto(`/v/${c.videos[1 % c.videos.length].id}`);
      await expect.poll(() => activeId(page)).toBe(c.videos[1 % c.videos.length].id);
      await expect(page.locator(ACTIVE).getByTestId('slide-creator')).toHaveText(`@${c.name}`);
      await expectNoErrorViews(page, 'deep link');
    });

    test('search finds the products the API finds, in its order', async ({ page }) => {
      await useConfig(page, configFor(shape, base!));
      const q = model.searchWord;
      const ids = model.search(q);
      expect(ids.length, `the fixture has products for "${q}"`).toBeGreaterThan(0);
      await page.goto(`/search?q=${encodeURIComponent(q)}`);
      const results = page.getByTestId('search-result');
      await expect(results).toHaveCount(ids.length);
      for (const [i, id] of ids.entries()) await expect(results.nth(i).locator('a')).toHaveAttribute('href', `/p/${id}`);
      await expectNoErrorViews(page, 'search');
    });

    test('what the mapping does not offer is hidden: no Live tab, no sign-in, no orders', async ({ page }) => {
      await useConfig(page, configFor(shape, base!));
      await page.goto('/me');
      await expect(page.getByTestId('me-page')).toBeVisible();
      await expectNotOfferedHidden(page, '/me');
      await expect(page.getByTestId('sign-in-open'), 'no sign-in (no send_code/login)').toHaveCount(0);
      await expect(page.getByTestId('me-orders'), 'no orders (no place_order/orders/order)').toHaveCount(0);
      await expectNoErrorViews(page, '/me');
    });

    test('a missing product shows the not-found view', async ({ page, consoleLog }) => {
      consoleLog.allow(/status of 404/); // the browser reports the API's 404 itself
      await useConfig(page, configFor(shape, base!));
      await page.goto(`/p/${model.missingProductId}`);
      await expect(page.getByTestId('not-found')).toBeVisible();
      await expect(page.getByTestId('product-title')).toHaveCount(0);
      await expect(page.getByTestId('error-view')).toHaveCount(0);
    });

    test('a broken mapping shows the full-page configuration error naming the key, and asks the API nothing', async ({ page, consoleLog }) => {
      consoleLog.allow(/http\.mapping|config/i);
      const requests = recordApiRequests(page, base!);
      const cases: { what: string; change: (m: Mapping) => string; exact: boolean }[] = [
        { what: 'pagination style "pages"', change: (m) => shape.breakPagination(m), exact: true },
        {
          what: 'a placeholder the endpoint cannot fill',
          change: (m) => {
            m.endpoints.product.url = m.endpoints.product.url.replace('{id}', '{handle}');
            return 'http.mapping.endpoints.product.url';
          },
          exact: false,
        },
        {
          what: 'an unknown endpoint name',
          change: (m) => {
            m.endpoints.feeds = m.endpoints.feed;
            return 'http.mapping.endpoints.feeds';
          },
          exact: false,
        },
      ];
      for (const c of cases) {
        let key = '';
        const config = configFor(shape, base!, (m) => {
          key = c.change(m);
        });
        await page.unrouteAll({ behavior: 'wait' });
        await useConfig(page, config);
        await page.goto('/');
        const error = page.getByTestId('config-error');
        await expect(error, c.what).toBeVisible();
        const field = page.getByTestId('config-error-field');
        if (c.exact) await expect(field, c.what).toHaveText(key);
        else await expect(field, c.what).toContainText(key);
        await expect(page.getByTestId('feed'), `${c.what}: no feed behind it`).toHaveCount(0);
      }
      expect(requests.map((u) => u.href), 'a configuration error is found before any request to the API').toEqual([]);
    });

    if (shape.name === 'envelope') {
      test('an answer whose envelope says code ≠ 0 inside HTTP 200 is an error, not a product', async ({ page, consoleLog }) => {
        consoleLog.allow(/42201|off shelf/);
        await useConfig(page, configFor(shape, base!));
        const data = readFixture<EnvData>('target/foreign/envelope.json');
        await page.goto(`/p/${data.off_shelf[0]}`);
        await expect(page.getByTestId('error-view').or(page.getByTestId('not-found'))).toBeVisible();
        await expect(page.getByTestId('product-title')).toHaveCount(0);
      });
    }
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
