/**
 * The vertical feed (`/`, `/v/:id`) at the phone viewport with touch: swiping through the
 * windowed slots (3 reused <video>s), sound, likes, pausing, the product sheet, buy now,
 * cursor pagination to the end of the catalogue, deep links, the keyboard, a failed page with
 * retry, the Following tab and the inert/labelled slides. Expectations come from the demo world
 * (public/demo/world.json); the `consoleLog` fixture fails any test that logs a console error.
 *
 * No fixed sleeps: every step waits for a condition (the only timed waits are the 16 ms touch
 * steps inside `swipe()`; its settle time is replaced by waiting for the feed to rest on a slide).
 */
import type { Page } from '@playwright/test';
import { test, expect, world, zh, creator, product, swipe, type Product, type Video } from './fixtures';

const ACTIVE = '[data-testid="feed-slide"].is-active';

const byId = (page: Page, testid: string) => page.getByTestId(testid);
const activeSlide = (page: Page) => page.locator(ACTIVE);
const videoIds = () => world().videos.map((v) => v.id);
/** world.json's video, with the fields the fixtures' type leaves out. */
type FullVideo = Video & { likes: number; media: { src: string; poster: string } };
const video = (id: string): FullVideo => {
  const v = world().videos.find((v) => v.id === id);
  if (!v) throw new Error(`world.json has no video ${id}`);
  return v as FullVideo;
};

/** data-id of the slide marked `is-active` (null when none is, e.g. on the end slide). */
function activeId(page: Page): Promise<string | null> {
  return page.evaluate((sel) => document.querySelector(sel)?.getAttribute('data-id') ?? null, ACTIVE);
}

/**
 * Records, from the first byte of every document: the most <video> elements ever in the
 * document at once (MutationObserver) and every `.heart-burst` added (they remove themselves
 * when their 0.8 s animation ends, so polling the DOM alone could miss one).
 */
async function installProbes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    type Probe = { maxVideos: number; hearts: { style: string | null; slide: string | null }[]; tapClicks: number[] };
    const w = window as unknown as { __feedProbe: Probe };
    const probe: Probe = { maxVideos: 0, hearts: [], tapClicks: [] };
    w.__feedProbe = probe;
    document.addEventListener(
      'click',
      (e) => {
        if (e.target instanceof Element && e.target.getAttribute('data-testid') === 'tap-layer') probe.tapClicks.push(performance.now());
      },
      true,
    );
    const count = () => {
      probe.maxVideos = Math.max(probe.maxVideos, document.getElementsByTagName('video').length);
    };
    new MutationObserver((records) => {
      count();
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n instanceof Element && n.classList.contains('heart-burst')) {
            probe.hearts.push({
              style: n.getAttribute('style'),
              slide: n.closest('[data-testid="feed-slide"]')?.getAttribute('data-id') ?? null,
            });
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

type Probe = { maxVideos: number; hearts: { style: string | null; slide: string | null }[]; tapClicks: number[] };
const probe = (page: Page): Promise<Probe> => page.evaluate(() => (window as unknown as { __feedProbe: Probe }).__feedProbe);

/** Ids of the slides whose <video> is not paused ("inactive:<id>" when that slide is not the active one). */
function unpausedVideos(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.getElementsByTagName('video')]
      .filter((v) => !v.paused)
      .map((v) => {
        const slide = v.closest('[data-testid="feed-slide"]');
        const id = slide?.getAttribute('data-id') ?? '?';
        return slide?.classList.contains('is-active') ? id : `inactive:${id}`;
      }),
  );
}

function activeVideo(page: Page) {
  return page.evaluate((sel) => {
    const v = document.querySelector<HTMLVideoElement>(`${sel} video`);
    return v ? { paused: v.paused, muted: v.muted, currentTime: v.currentTime, src: v.getAttribute('src') } : null;
  }, ACTIVE);
}

/** The active slide's video really plays: currentTime advances by more than 0.1 s. */
async function expectActiveAdvancing(page: Page): Promise<void> {
  const t0 = (await activeVideo(page))?.currentTime ?? 0;
  await page.waitForFunction(
    ([sel, t0]) => {
      const v = document.querySelector<HTMLVideoElement>(`${sel} video`);
      return !!v && !v.paused && v.currentTime > t0 + 0.1;
    },
    [ACTIVE, t0] as const,
    { timeout: 10_000 },
  );
}

/** Exactly one <video> plays, it is the active slide's (showing clip `id`), and its time advances. */
async function expectOnlyActivePlaying(page: Page, id: string): Promise<void> {
  await expect.poll(() => unpausedVideos(page), { message: `only ${id}'s video plays` }).toEqual([id]);
  await expectActiveAdvancing(page);
  expect(await unpausedVideos(page), `still only ${id}'s video plays`).toEqual([id]);
  const src = (await activeVideo(page))?.src;
  expect(src, `the active video plays ${id}'s media`).toBe(video(id).media.src);
}

/** Waits for the active slide to show `id`. */
async function expectActive(page: Page, id: string | null, message?: string): Promise<void> {
  await expect.poll(() => activeId(page), { message: message ?? `active slide is ${id}` }).toBe(id);
}

async function openFeed(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(activeSlide(page)).toHaveCount(1);
}

/**
 * Two finger taps at `at`, sent back to back through CDP (the app's double-tap window is 300 ms;
 * two awaited `page.touchscreen.tap()` calls took ~400 ms apart on a loaded 2-core machine).
 */
async function doubleTap(page: Page, at: { x: number; y: number }): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const points = [{ x: at.x, y: at.y, id: 1, radiusX: 1, radiusY: 1, force: 1 }];
    await Promise.all([
      cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points }),
      cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] }),
      cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points }),
      cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] }),
    ]);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** Waits until the feed rests on a snap point (scrollTop a whole number of slides). */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const feed = document.querySelector<HTMLElement>('[data-testid="feed"]');
    if (!feed) return false;
    const h = feed.clientHeight;
    const off = feed.scrollTop % h;
    return h > 0 && (off < 1 || h - off < 1);
  });
}

/**
 * A finger swipe (`swipe()` of the fixtures) that moves the feed, then waits for the snap to come
 * to rest: the feed's `scrollend` has fired since the swipe began and it sits on a slide boundary.
 */
async function swipeAndSettle(page: Page, direction: 'up' | 'down'): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __scrollEnds?: number };
    if (w.__scrollEnds === undefined) {
      w.__scrollEnds = 0;
      // scrollend does not bubble: listen in the capture phase, for whichever feed element.
      document.addEventListener(
        'scrollend',
        (e) => {
          if (e.target instanceof Element && e.target.matches('[data-testid="feed"]')) w.__scrollEnds!++;
        },
        true,
      );
    }
  });
  const ends = await page.evaluate(() => (window as unknown as { __scrollEnds: number }).__scrollEnds);
  await swipe(page, direction, { settleMs: 0 });
  await page.waitForFunction((n) => (window as unknown as { __scrollEnds: number }).__scrollEnds > n, ends);
  await settled(page);
}

/** Presses `key` and waits until the active slide changes; returns the new active id. */
async function pressAndWaitForChange(page: Page, key: string): Promise<string | null> {
  const before = await activeId(page);
  await page.keyboard.press(key);
  await expect.poll(() => activeId(page), { message: `${key} moves away from ${before}` }).not.toBe(before);
  return activeId(page);
}

/** The number at the end of the like button's aria-label ("赞 66545"): the exact count. */
async function likeCount(page: Page): Promise<number> {
  const label = (await activeSlide(page).getByTestId('like').getAttribute('aria-label')) ?? '';
  const m = /(\d+)\s*$/.exec(label);
  if (!m) throw new Error(`like aria-label "${label}" has no count`);
  return Number(m[1]);
}

// ---------------------------------------------------------------------------------------------
// a model of the buy panel's variant rules (src/model/catalog.rs), to derive expectations

type Chosen = (string | null)[];

function valueAvailable(p: Product, option: number, value: string, chosen: Chosen): boolean {
  return p.variants.some(
    (v) => v.stock > 0 && v.values[option] === value && chosen.every((c, i) => i === option || c === null || v.values[i] === c),
  );
}

function inStock(p: Product, values: string[]): boolean {
  return p.variants.some((v) => v.stock > 0 && v.values.every((x, i) => x === values[i]));
}

function maxQty(p: Product, values: string[]): number {
  const v = p.variants.find((v) => v.values.every((x, i) => x === values[i]));
  if (!v) return 0;
  const limit = (p as Product & { purchase_limit?: number }).purchase_limit;
  return limit === undefined ? v.stock : Math.min(limit, v.stock);
}

/** The cheapest in-stock variant (the first of equals), which the panel starts on. */
function headline(p: Product): string[] {
  const inStockVariants = p.variants.filter((v) => v.stock > 0);
  const pool = inStockVariants.length ? inStockVariants : p.variants;
  return pool.reduce((best, v) => (v.price.amount < best.price.amount ? v : best)).values;
}

type SheetPlan = {
  video: Video;
  product: Product;
  /** The out-of-stock combination [a, b] (option 0 value, option 1 value). */
  a: string;
  b: string;
  /** Option-1 value to pick first so that `a` is selectable with something other than `b`. */
  prep: string | null;
  /** Option-0 value that has `b` in stock: chosen before `b` to check the reverse direction. */
  other: string;
  max: number;
};

/**
 * Picks a clip whose first product has two options and a sold-out combination [a, b], and a
 * path through the pickers: choose a (b becomes disabled), then another size and b (a becomes
 * disabled). Of all such, the one whose final variant has the smallest quantity bound (so the
 * "+" button reaches its bound in a few taps).
 */
function sheetPlan(): SheetPlan {
  // Apparel (size x colour) first, as the brief for this test describes; any category otherwise.
  return sheetPlanIn((p) => p.category === 'apparel') ?? sheetPlanIn(() => true) ?? fail();
  function fail(): never {
    throw new Error('world.json has no clip whose first product has a sold-out combination of two options');
  }
}

function sheetPlanIn(accept: (p: Product) => boolean): SheetPlan | undefined {
  let best: SheetPlan | undefined;
  for (const v of world().videos) {
    if (!v.products.length) continue;
    const p = product(v.products[0]);
    if ((p.options?.length ?? 0) !== 2 || !accept(p)) continue;
    const [sizes, colours] = p.options!.map((o) => o.values.map((x) => x.id));
    const start = headline(p);
    for (const z of p.variants.filter((x) => x.stock === 0)) {
      const [a, b] = z.values;
      let prep: string | null = null;
      if (start[1] === b || !inStock(p, [a, start[1]])) {
        prep = colours.find((c) => c !== b && inStock(p, [start[0], c]) && inStock(p, [a, c])) ?? null;
        if (!prep) continue;
      }
      const c1 = prep ?? start[1];
      for (const other of sizes) {
        if (other === a || !inStock(p, [other, c1]) || !inStock(p, [other, b])) continue;
        const max = maxQty(p, [other, b]);
        if (!best || max < best.max) best = { video: v, product: p, a, b, prep, other, max };
      }
    }
  }
  return best;
}

/** Compares every variant button's disabled/pressed state with the model for `chosen`. */
async function expectVariantButtons(page: Page, p: Product, chosen: Chosen): Promise<void> {
  const buttons = byId(page, 'product-sheet').getByTestId('variant-option');
  const all = p.options!.flatMap((o, oi) => o.values.map((value) => ({ oi, value })));
  await expect(buttons).toHaveCount(all.length);
  for (const [k, { oi, value }] of all.entries()) {
    const button = buttons.nth(k);
    const name = `${p.options![oi].id}=${value.id} with ${JSON.stringify(chosen)}`;
    await expect(button, name).toContainText(zh(value.label));
    if (valueAvailable(p, oi, value.id, chosen)) await expect(button, `${name} is enabled`).toBeEnabled();
    else await expect(button, `${name} is disabled`).toBeDisabled();
    await expect(button, `${name} pressed state`).toHaveAttribute('aria-pressed', String(chosen[oi] === value.id));
  }
}

async function chooseValue(page: Page, p: Product, chosen: Chosen, oi: number, valueId: string): Promise<void> {
  const value = p.options![oi].values.find((v) => v.id === valueId)!;
  const idx = p.options!.slice(0, oi).reduce((n, o) => n + o.values.length, 0) + p.options![oi].values.indexOf(value);
  const button = byId(page, 'product-sheet').getByTestId('variant-option').nth(idx);
  await expect(button).toContainText(zh(value.label));
  await expect(button, `${valueId} can be chosen`).toBeEnabled();
  await button.click();
  chosen[oi] = valueId;
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}

// ---------------------------------------------------------------------------------------------

test.describe('feed', () => {
  test.beforeEach(async ({ page }) => {
    await installProbes(page);
  });

  test('swiping through 10 clips plays exactly the active clip, in world order, with at most 3 videos', async ({ page }) => {
    test.setTimeout(90_000);
    const ids = videoIds();
    await openFeed(page);
    await expectActive(page, ids[0]);
    await expectOnlyActivePlaying(page, ids[0]);
    for (let i = 1; i <= 10; i++) {
      await swipeAndSettle(page, 'up');
      await expectActive(page, ids[i], `after swipe ${i} the active slide is ${ids[i]}`);
      await expectOnlyActivePlaying(page, ids[i]);
      expect(await page.locator('video').count(), `<video> elements after swipe ${i}`).toBeLessThanOrEqual(3);
      await expect(page.locator('[data-testid="feed-slide"]')).toHaveCount(3);
    }
    const { maxVideos } = await probe(page);
    expect(maxVideos, 'most <video> elements ever in the document').toBeGreaterThan(0);
    expect(maxVideos, 'most <video> elements ever in the document').toBeLessThanOrEqual(3);
  });

  test('a creator who is live wears a LIVE ring on the feed, and a tap on it opens their room', async ({ page }) => {
    const videos = world().videos as Video[];
    const live = videos.find((v) => creator(v.creator).live_now)!;
    const notLive = videos.find((v) => !creator(v.creator).live_now)!;
    // A clip of someone not live: the avatar leads to the profile.
    await page.goto(`/v/${notLive.id}`);
    const plain = page.locator('[data-testid="feed-slide"].is-active .rail-avatar');
    await expect(plain).toHaveAttribute('href', `/@${notLive.creator}`);
    await expect(page.locator('[data-testid="feed-slide"].is-active [data-testid="live-ring"]')).toHaveCount(0);
    // A clip of someone live: ring, badge, and the room.
    await page.goto(`/v/${live.id}`);
    const ring = page.locator('[data-testid="feed-slide"].is-active [data-testid="live-ring"]');
    await expect(ring).toBeVisible();
    await expect(ring).toHaveAttribute('aria-label', new RegExp(`${zh(creator(live.creator).name)} 直播中$`));
    await expect(ring.locator('.live-badge')).toHaveText('直播中');
    await ring.click();
    await expect(page).toHaveURL(new RegExp(`/live/${creator(live.creator).live_now}$`));
    await expect(page.getByTestId('live-room')).toBeVisible();
  });

  test('turning the sound on sticks across swipes and a reload', async ({ page }) => {
    const ids = videoIds();
    await openFeed(page);
    await expectOnlyActivePlaying(page, ids[0]);
    const toggle = activeSlide(page).getByTestId('sound-toggle');
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect((await activeVideo(page))?.muted, 'clips start muted').toBe(true);

    await toggle.tap();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => (await activeVideo(page))?.muted, { message: 'the playing clip is unmuted' }).toBe(false);
    await expectActiveAdvancing(page);

    await swipeAndSettle(page, 'up');
    await expectActive(page, ids[1]);
    await expectOnlyActivePlaying(page, ids[1]);
    expect((await activeVideo(page))?.muted, 'the next clip plays unmuted').toBe(false);
    await expect(activeSlide(page).getByTestId('sound-toggle')).toHaveAttribute('aria-pressed', 'true');

    await page.reload();
    await expect(activeSlide(page)).toHaveCount(1);
    expect(await page.evaluate(() => sessionStorage.getItem('haowu.sound')), 'kept in sessionStorage').toBe('true');
    await expectOnlyActivePlaying(page, ids[0]);
    // A refused unmuted autoplay would flip the toggle back off; the config allows autoplay.
    await expect(activeSlide(page).getByTestId('sound-toggle')).toHaveAttribute('aria-pressed', 'true');
    expect((await activeVideo(page))?.muted, 'still unmuted after the reload').toBe(false);
  });

  test('a double tap likes with a heart where the finger was, and the like survives a reload; a tap pauses and resumes', async ({
    page,
  }) => {
    const first = video(videoIds()[0]);
    await openFeed(page);
    await expectActive(page, first.id);
    const like = activeSlide(page).getByTestId('like');
    await expect(like).toHaveAttribute('aria-pressed', 'false');
    const before = await likeCount(page);
    expect(before, "the like count is the clip's count in world.json").toBe(first.likes);

    const layer = await activeSlide(page).getByTestId('tap-layer').boundingBox();
    expect(layer).toBeTruthy();
    const at = { x: Math.round(layer!.x + layer!.width * 0.4), y: Math.round(layer!.y + layer!.height * 0.35) };
    expect(
      await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('data-testid'), at),
      'the tap point hits the tap layer',
    ).toBe('tap-layer');
    // Two taps in quick succession (well under the 300 ms double-tap window).
    await doubleTap(page, at);
    await expect.poll(async () => (await probe(page)).tapClicks.length, { message: 'both taps reached the tap layer' }).toBe(2);
    const [c1, c2] = (await probe(page)).tapClicks;
    expect(c2 - c1, 'the two taps were under 300 ms apart').toBeLessThan(300);

    await expect.poll(async () => (await probe(page)).hearts.length, { message: 'one heart burst appeared' }).toBe(1);
    const heart = (await probe(page)).hearts[0];
    expect(heart.slide, 'the heart is on the active slide').toBe(first.id);
    const m = /left:\s*(-?\d+(?:\.\d+)?)px;\s*top:\s*(-?\d+(?:\.\d+)?)px/.exec(heart.style ?? '');
    expect(m, `heart style "${heart.style}" has a position`).toBeTruthy();
    expect(Math.abs(Number(m![1]) - (at.x - layer!.x)), 'heart x is the tap x').toBeLessThanOrEqual(2);
    expect(Math.abs(Number(m![2]) - (at.y - layer!.y)), 'heart y is the tap y').toBeLessThanOrEqual(2);
    // ...and it cleans itself up when its animation ends.
    await expect(page.locator('.heart-burst')).toHaveCount(0);

    await expect(like).toHaveAttribute('aria-pressed', 'true');
    expect(await likeCount(page), 'the count went up by one').toBe(before + 1);
    // A double tap never pauses.
    await expect(byId(page, 'paused-indicator')).toHaveCount(0);
    expect((await activeVideo(page))?.paused).toBe(false);
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem('haowu.likes.v1'))) ?? '[]')).toContain(first.id);

    await page.reload();
    await expect(activeSlide(page)).toHaveCount(1);
    await expectActive(page, first.id);
    await expect(activeSlide(page).getByTestId('like')).toHaveAttribute('aria-pressed', 'true');
    expect(await likeCount(page), 'still counted after the reload').toBe(before + 1);

    // A single tap pauses (after the double-tap window), another resumes.
    await expectOnlyActivePlaying(page, first.id);
    await page.touchscreen.tap(at.x, at.y);
    await expect(activeSlide(page).getByTestId('paused-indicator')).toBeVisible();
    await expect.poll(async () => (await activeVideo(page))?.paused, { message: 'the clip is paused' }).toBe(true);
    const pausedAt = (await activeVideo(page))!.currentTime;
    await page.touchscreen.tap(at.x, at.y);
    await expect(byId(page, 'paused-indicator')).toHaveCount(0);
    await expectActiveAdvancing(page);
    expect((await activeVideo(page))!.currentTime, 'resumed where it paused').toBeGreaterThan(pausedAt);
    // Single taps do not like or unlike.
    await expect(activeSlide(page).getByTestId('like')).toHaveAttribute('aria-pressed', 'true');
    expect((await probe(page)).hearts.length, 'no heart after the reload (single taps only)').toBe(0);
  });

  test('product sheet: a sold-out combination is disabled both ways, quantity is bounded, add to cart, Escape closes', async ({
    page,
  }) => {
    const plan = sheetPlan();
    const p = plan.product;
    test.info().annotations.push({
      type: 'plan',
      description: `${plan.video.id}: ${p.id}, sold out ${plan.a}+${plan.b}${plan.prep ? ` (first ${plan.prep})` : ''}, then ${plan.other}+${plan.b}, max qty ${plan.max}`,
    });
    await openFeed(page, `/v/${plan.video.id}`);
    await expectActive(page, plan.video.id);
    await expect(byId(page, 'cart-badge')).toHaveCount(0);

    await activeSlide(page).getByTestId('product-chip').tap();
    const sheet = byId(page, 'product-sheet');
    await expect(sheet).toBeVisible();
    await expect(sheet).toHaveAttribute('role', 'dialog');
    await expect(page, 'the chip opens the sheet instead of following its link').toHaveURL(new RegExp(`/v/${plan.video.id}$`));
    await expect(byId(page, 'sheet-title')).toHaveText(zh(p.title));

    // The panel starts on the cheapest in-stock variant.
    const chosen: Chosen = [...headline(p)];
    await expectVariantButtons(page, p, chosen);

    if (plan.prep) {
      await chooseValue(page, p, chosen, 1, plan.prep);
      await expectVariantButtons(page, p, chosen);
    }
    // Size a: colour b (sold out with a) is disabled.
    await chooseValue(page, p, chosen, 0, plan.a);
    expect(valueAvailable(p, 1, plan.b, chosen)).toBe(false);
    await expectVariantButtons(page, p, chosen);
    // Another size, then colour b: now size a is disabled.
    await chooseValue(page, p, chosen, 0, plan.other);
    await chooseValue(page, p, chosen, 1, plan.b);
    expect(valueAvailable(p, 0, plan.a, chosen)).toBe(false);
    await expectVariantButtons(page, p, chosen);

    // Quantity: "+" up to the bound (stock, capped by the purchase limit), then disabled.
    const qty = byId(page, 'qty');
    const inc = byId(page, 'qty-increase');
    await expect(qty).toHaveText('1');
    for (let n = 2; n <= plan.max; n++) {
      await inc.click();
      await expect(qty).toHaveText(String(n));
    }
    await expect(inc, `"+" is disabled at the bound ${plan.max}`).toBeDisabled();
    await expect(qty).toHaveText(String(plan.max));

    await byId(page, 'add-to-cart').click();
    await expect(byId(page, 'cart-badge')).toHaveText(String(plan.max));

    await page.keyboard.press('Escape');
    await expect(sheet).toHaveCount(0);
    await expect(byId(page, 'cart-badge')).toHaveText(String(plan.max));
    const cart = await page.evaluate(() => Object.keys(localStorage).filter((k) => /cart/i.test(k)).map((k) => localStorage.getItem(k)).join('\n'));
    const variantId = p.variants.find((v) => v.values[0] === plan.other && v.values[1] === plan.b)!.id;
    expect(cart, 'the cart holds the chosen variant').toContain(`"${variantId}"`);
  });

  test('buy now from the sheet goes to checkout with that product and leaves the cart alone', async ({ page }) => {
    const first = world().videos.find((v) => v.products.length && product(v.products[0]).variants.some((x) => x.stock > 0))!;
    const p = product(first.products[0]);
    await openFeed(page, `/v/${first.id}`);
    await expectActive(page, first.id);

    // One unit in the cart first, so "unchanged" is a number.
    await activeSlide(page).getByTestId('product-chip').click();
    await expect(byId(page, 'sheet-title')).toHaveText(zh(p.title));
    await byId(page, 'add-to-cart').click();
    await expect(byId(page, 'cart-badge')).toHaveText('1');

    await byId(page, 'qty-increase').click();
    await expect(byId(page, 'qty')).toHaveText('2');
    await byId(page, 'buy-now').click();
    await expect(page).toHaveURL(/\/checkout\?buy=now$/);
    await expect(byId(page, 'checkout-page')).toBeVisible();
    const lines = page.locator('.summary-lines li');
    await expect(lines).toHaveCount(1);
    await expect(lines.first()).toContainText(zh(p.title));
    await expect(lines.first()).toContainText('×2');
    await expect(byId(page, 'cart-badge'), 'buy now does not touch the cart').toHaveText('1');
  });

  test('pages load by cursor: 64 clips in world order without gaps or repeats, then the end', async ({ page }) => {
    test.setTimeout(180_000);
    const ids = videoIds();
    await openFeed(page);
    const seen: (string | null)[] = [await activeId(page)];
    // A few real swipes first, then the keyboard (faster) through the rest of the catalogue.
    for (let i = 0; i < 3; i++) {
      const before = seen[seen.length - 1];
      // (A key pressed while the swipe is still snapping is lost: wait for rest before the keys.)
      await swipeAndSettle(page, 'up');
      await expect.poll(() => activeId(page), { message: `swipe ${i + 1} leaves ${before}` }).not.toBe(before);
      seen.push(await activeId(page));
    }
    while (seen.length < ids.length) {
      const id = await pressAndWaitForChange(page, 'ArrowDown');
      seen.push(id);
      if (id !== ids[seen.length - 1]) break; // report the first divergence below
    }
    expect(seen, 'the feed shows world.json\'s videos in order').toEqual(ids.slice(0, seen.length));
    expect(seen.length).toBe(ids.length);
    expect(new Set(seen).size, 'no clip twice').toBe(seen.length);
    await expect(activeSlide(page).getByTestId('slide-creator')).toContainText(zh(creator(world().videos.at(-1)!.creator).name));

    // Past the last clip: the end of the catalogue.
    await page.keyboard.press('ArrowDown');
    const end = byId(page, 'feed-end');
    await expect(end).toBeVisible();
    await expect(end).toBeInViewport({ ratio: 0.5 });
    await expectActive(page, null, 'no clip is active on the end slide');
    expect(await unpausedVideos(page), 'nothing plays on the end slide').toEqual([]);
    await expect(byId(page, 'error-view')).toHaveCount(0);
    // And back up: the last clip again.
    await page.keyboard.press('ArrowUp');
    await expectActive(page, ids.at(-1)!);
    const { maxVideos } = await probe(page);
    expect(maxVideos, 'at most 3 <video> elements across the whole catalogue').toBeLessThanOrEqual(3);
  });

  test('a deep link starts at that clip, then the For-you feed follows without repeating it', async ({ page }) => {
    test.setTimeout(90_000);
    const ids = videoIds();
    const start = ids[19]; // v020
    await openFeed(page, `/v/${start}`);
    await expectActive(page, start);
    await expect(activeSlide(page).getByTestId('slide-creator')).toContainText(zh(creator(video(start).creator).name));
    await expectOnlyActivePlaying(page, start);

    const next = await pressAndWaitForChange(page, 'ArrowDown');
    expect(next, 'after the deep-linked clip comes the first For-you clip').toBe(ids[0]);
    // Past the point where the feed itself reaches the deep-linked clip (page 2).
    const expected = [start, ...ids.filter((id) => id !== start)].slice(0, 23);
    const seen = [start, next];
    while (seen.length < expected.length) {
      seen.push((await pressAndWaitForChange(page, 'ArrowDown'))!);
      if (seen.at(-1) !== expected[seen.length - 1]) break;
    }
    expect(seen).toEqual(expected);
    expect(new Set(seen).size, 'no clip twice').toBe(seen.length);
  });

  test('keyboard: ArrowDown/j next, ArrowUp/k previous, space pauses, m toggles sound', async ({ page }) => {
    const ids = videoIds();
    await openFeed(page);
    await expectActive(page, ids[0]);
    await expectOnlyActivePlaying(page, ids[0]);

    expect(await pressAndWaitForChange(page, 'ArrowDown')).toBe(ids[1]);
    expect(await pressAndWaitForChange(page, 'j')).toBe(ids[2]);
    expect(await pressAndWaitForChange(page, 'ArrowUp')).toBe(ids[1]);
    expect(await pressAndWaitForChange(page, 'k')).toBe(ids[0]);
    // Up at the first clip stays there (wait for the scroll to settle, then check).
    await expect(byId(page, 'feed')).toHaveJSProperty('scrollTop', 0);
    await expectOnlyActivePlaying(page, ids[0]);

    await page.keyboard.press(' ');
    await expect(activeSlide(page).getByTestId('paused-indicator')).toBeVisible();
    await expect.poll(async () => (await activeVideo(page))?.paused).toBe(true);
    expect(await page.evaluate(() => document.querySelector('[data-testid="feed"]')!.scrollTop), 'space does not scroll').toBe(0);
    await page.keyboard.press(' ');
    await expect(byId(page, 'paused-indicator')).toHaveCount(0);
    await expectActiveAdvancing(page);

    const sound = activeSlide(page).getByTestId('sound-toggle');
    await expect(sound).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('m');
    await expect(sound).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(async () => (await activeVideo(page))?.muted).toBe(false);
    await page.keyboard.press('m');
    await expect(sound).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(async () => (await activeVideo(page))?.muted).toBe(true);
  });

  test('a failed first page shows an error with retry; retry loads and plays the first clip', async ({ page }) => {
    const ids = videoIds();
    await page.goto('/?fail=feed:1');
    const error = byId(page, 'error-view');
    await expect(error).toBeVisible();
    await expect(error).toHaveAttribute('role', 'alert');
    expect(((await error.locator('p').textContent()) ?? '').trim().length, 'the error says what went wrong').toBeGreaterThan(0);
    await expect(page.locator('[data-testid="feed-slide"][data-id]')).toHaveCount(0);
    await expect(activeSlide(page)).toHaveCount(0);

    await error.getByTestId('retry').click();
    await expectActive(page, ids[0]);
    await expect(byId(page, 'error-view')).toHaveCount(0);
    await expectOnlyActivePlaying(page, ids[0]);
    // The rest of the feed works after the retry.
    await swipeAndSettle(page, 'up');
    await expectActive(page, ids[1]);
  });

  test('Following: nobody followed suggests creators; following one shows only their clips', async ({ page }) => {
    test.setTimeout(60_000);
    await openFeed(page);
    const forYou = byId(page, 'tab-for-you');
    const following = byId(page, 'tab-following');
    await expect(forYou).toHaveAttribute('aria-selected', 'true');

    await following.click();
    await expect(following).toHaveAttribute('aria-selected', 'true');
    await expect(forYou).toHaveAttribute('aria-selected', 'false');
    const empty = byId(page, 'following-empty');
    await expect(empty).toBeVisible();
    await expect(page.locator('[data-testid="feed-slide"][data-id]')).toHaveCount(0);
    const suggestion = empty.locator('li').first();
    const followBtn = suggestion.getByTestId('follow');
    await expect(followBtn).toBeVisible();
    await expect(empty.getByTestId('follow').first()).toHaveAttribute('aria-pressed', 'false');

    const name = ((await suggestion.locator('span').first().textContent()) ?? '').trim();
    const c = world().creators.find((c) => zh(c.name) === name);
    expect(c, `suggested creator "${name}" is in world.json`).toBeTruthy();
    const theirs = world().videos.filter((v) => v.creator === c!.handle).map((v) => v.id);
    expect(theirs.length).toBeGreaterThan(0);

    await followBtn.click();
    await expect(followBtn).toHaveAttribute('aria-pressed', 'true');
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem('haowu.follows.v1'))) ?? '[]')).toEqual([c!.handle]);

    await forYou.click();
    await expect(forYou).toHaveAttribute('aria-selected', 'true');
    await expectActive(page, videoIds()[0]);
    await following.click();
    await expect(following).toHaveAttribute('aria-selected', 'true');
    await expectActive(page, theirs[0]);

    const seen: string[] = [];
    for (let i = 0; i < theirs.length; i++) {
      if (i > 0) await pressAndWaitForChange(page, 'ArrowDown');
      await expectActive(page, theirs[i]);
      await expect(activeSlide(page).getByTestId('slide-creator')).toHaveText(`@${zh(c!.name)}`);
      seen.push((await activeId(page))!);
    }
    expect(seen, `only @${c!.handle}'s clips, in order`).toEqual(theirs);
    await page.keyboard.press('ArrowDown');
    await expect(byId(page, 'feed-end')).toBeInViewport({ ratio: 0.5 });
  });

  test('inactive slides are inert and unfocusable; the active slide is labelled with creator and price', async ({ page }) => {
    const ids = videoIds();
    await openFeed(page);
    await swipeAndSettle(page, 'up');
    await expectActive(page, ids[1]);

    // Slots on both sides of the active one hold clips now.
    const inactive = page.locator('[data-testid="feed-slide"][data-id]:not(.is-active)');
    await expect(inactive).toHaveCount(2);
    await expect(activeSlide(page)).not.toHaveAttribute('inert', /.*/);
    await expect(activeSlide(page)).toHaveAttribute('aria-hidden', 'false');
    for (let i = 0; i < 2; i++) {
      const slide = inactive.nth(i);
      await expect(slide).toHaveAttribute('inert', /.*/);
      await expect(slide).toHaveAttribute('aria-hidden', 'true');
    }
    const focusable = await page.evaluate(() => {
      const out: { inside: string; focused: boolean }[] = [];
      for (const slide of document.querySelectorAll('[data-testid="feed-slide"][data-id]:not(.is-active)')) {
        for (const el of slide.querySelectorAll<HTMLElement>('a[href], button, input, [tabindex]')) {
          el.focus();
          out.push({ inside: `${slide.getAttribute('data-id')} ${el.getAttribute('data-testid') ?? el.tagName}`, focused: document.activeElement === el });
        }
      }
      return out;
    });
    expect(focusable.length, 'inactive slides have controls to try').toBeGreaterThan(3);
    expect(focusable.filter((f) => f.focused).map((f) => f.inside), 'nothing in an inactive slide takes focus').toEqual([]);

    // Tabbing through the page never lands in an inactive slide.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        const slide = document.activeElement?.closest('[data-testid="feed-slide"]');
        return slide ? { id: slide.getAttribute('data-id'), active: slide.classList.contains('is-active') } : null;
      });
      if (where) expect(where.active, `Tab #${i + 1} focused something in slide ${where.id}`).toBe(true);
    }

    const v = video(ids[1]);
    const label = (await activeSlide(page).getAttribute('aria-label')) ?? '';
    expect(label).toContain(zh(creator(v.creator).name));
    if (v.products.length) {
      const p = product(v.products[0]);
      const h = p.variants.find((x) => x.values.every((y, i) => y === headline(p)[i]))!;
      const yuan = Math.floor(h.price.amount / 100);
      const cents = h.price.amount % 100;
      const price = cents ? `¥${yuan}.${String(cents).padStart(2, '0')}` : `¥${yuan}`;
      expect(label, 'the label names the product').toContain(zh(p.title));
      expect(label, 'the label gives the price').toContain(price);
    }
  });

  test('space on a focused button presses it and does not pause the clip', async ({ page }) => {
    await openFeed(page);
    const like = activeSlide(page).getByTestId('like');
    await expect(like).toHaveAttribute('aria-pressed', 'false');
    await like.focus();
    await page.keyboard.press(' ');
    await expect(like).toHaveAttribute('aria-pressed', 'true');
    await expect(activeSlide(page).getByTestId('paused-indicator')).toHaveCount(0);
  });

  test('a deep link to a clip that is gone opens the feed at its start', async ({ page }) => {
    await openFeed(page, '/v/no-such-clip');
    await expectActive(page, videoIds()[0]);
    await expect(byId(page, 'error-view')).toHaveCount(0);
  });

  test('a follow made just before opening Following is in that feed, even on a slow network', async ({ page }) => {
    await openFeed(page, '/?latency=800');
    await byId(page, 'tab-following').click();
    const empty = byId(page, 'following-empty');
    await expect(empty).toBeVisible();
    const name = ((await empty.locator('li').first().locator('span').first().textContent()) ?? '').trim();
    expect(name).not.toBe('');
    await empty.getByTestId('follow').first().click();
    // Straight back and forth, while the follow request is still on its way.
    await byId(page, 'tab-for-you').click();
    await byId(page, 'tab-following').click();
    await expect(activeSlide(page).getByTestId('slide-creator')).toContainText(name, { timeout: 15_000 });
    await expect(byId(page, 'following-empty')).toHaveCount(0);
  });
});

