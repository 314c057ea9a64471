/**
 * Smoke tests: one per route at the phone viewport (390x844, touch, zh-CN), each checking real
 * content from the demo world (public/demo/world.json) and, through the `consoleLog` fixture,
 * that no console error or page error occurred.
 */
import type { Page } from '@playwright/test';
import { test, expect, world, zh, creator, product, inStockProduct, swipe, re, expectAccessible, type Product } from './fixtures';

const byId = (page: Page, testid: string) => page.getByTestId(testid);
const slideById = (page: Page, id: string) => page.locator(`[data-testid="feed-slide"][data-id="${id}"]`);

/** The data-id of the feed slide whose centre is nearest the viewport's centre. */
async function currentSlideId(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const mid = window.innerHeight / 2;
    let best: { id: string | null; d: number } = { id: null, d: Infinity };
    for (const el of document.querySelectorAll('[data-testid="feed-slide"]')) {
      const r = el.getBoundingClientRect();
      const d = Math.abs(r.top + r.height / 2 - mid);
      if (r.height > 0 && d < best.d) best = { id: el.getAttribute('data-id'), d };
    }
    return best.id;
  });
}

/** True if the text contains the zh title of one of the products. */
function mentionsAnyProduct(text: string, products: Product[]): boolean {
  return products.some((p) => text.includes(zh(p.title)));
}

test.describe('shell', () => {
  test('tab bar links to home, live, cart and me', async ({ page }) => {
    await page.goto('/');
    const tabbar = byId(page, 'tabbar');
    await expect(tabbar).toBeVisible();
    for (const tab of ['tab-home', 'tab-live', 'tab-cart', 'tab-me']) {
      await expect(tabbar.getByTestId(tab)).toBeVisible();
    }
    await expect(byId(page, 'cart-badge')).toHaveCount(0); // empty cart: no badge

    await tabbar.getByTestId('tab-live').click();
    await expect(page).toHaveURL(/\/live$/);
    await expect(byId(page, 'live-list')).toBeVisible();

    await byId(page, 'tabbar').getByTestId('tab-me').click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(byId(page, 'me-page')).toBeVisible();

    await byId(page, 'tabbar').getByTestId('tab-cart').click();
    await expect(page).toHaveURL(/\/cart$/);
    await expect(byId(page, 'cart-page')).toBeVisible();

    await byId(page, 'tabbar').getByTestId('tab-home').click();
    await expect(byId(page, 'feed')).toBeVisible();
  });
});

test.describe('feed /', () => {
  test('shows a clip with its creator, caption and product from the demo world', async ({ page }) => {
    const w = world();
    await page.goto('/');
    const feed = byId(page, 'feed');
    await expect(feed).toBeVisible();
    const slide = feed.getByTestId('feed-slide').first();
    await expect(slide).toBeVisible();

    const id = await slide.getAttribute('data-id');
    const video = w.videos.find((v) => v.id === id);
    expect(video, `feed-slide data-id="${id}" is a video of world.json`).toBeTruthy();
    await expect(slide.getByTestId('slide-creator')).toContainText(zh(creator(video!.creator).name));
    const caption = zh(video!.caption).trim();
    await expect(slide.getByTestId('slide-caption')).toContainText(caption.slice(0, Math.min(8, caption.length)));
    if (video!.products.length) {
      const chip = slide.getByTestId('product-chip').first();
      await expect(chip).toBeVisible();
      const text = (await chip.textContent()) ?? '';
      expect(
        mentionsAnyProduct(text, video!.products.map(product)),
        `product-chip "${text}" names one of the clip's products`,
      ).toBe(true);
    }
  });

  test('a touch swipe up moves to the next clip', async ({ page }) => {
    await page.goto('/');
    await expect(byId(page, 'feed-slide').first()).toBeVisible();
    const first = await currentSlideId(page);
    expect(first).toBeTruthy();
    await swipe(page, 'up');
    await expect.poll(() => currentSlideId(page)).not.toBe(first);
    const second = await currentSlideId(page);
    expect(world().videos.some((v) => v.id === second), `slide ${second} is a world.json video`).toBe(true);
  });

  test('has no serious or critical axe violations (wcag2a, wcag2aa)', async ({ page }, testInfo) => {
    await page.goto('/');
    await expect(byId(page, 'feed-slide').first()).toBeVisible();
    await expect(byId(page, 'slide-creator').first()).not.toBeEmpty();
    await expectAccessible(page, testInfo, 'feed');
  });
});

test('/v/:id opens the feed at that clip', async ({ page }) => {
  const vids = world().videos;
  const video = vids[Math.min(2, vids.length - 1)];
  await page.goto(`/v/${video.id}`);
  const slide = slideById(page, video.id);
  await expect(slide).toBeVisible();
  await expect(slide).toBeInViewport({ ratio: 0.6 });
  await expect(slide.getByTestId('slide-creator')).toContainText(zh(creator(video.creator).name));
});

test('/live lists live rooms', async ({ page }) => {
  const w = world();
  await page.goto('/live');
  const list = byId(page, 'live-list');
  await expect(list).toBeVisible();
  const cards = list.getByTestId('live-card');
  await expect(cards.first()).toBeVisible();
  const text = (await list.textContent()) ?? '';
  expect(w.live.some((l) => text.includes(zh(l.title))), 'the list shows a live title from world.json').toBe(true);
  await expect(cards.first()).toHaveAttribute('href', /\/live\/.+/);
});

test('/live/:id shows the room, its host and its bag', async ({ page }) => {
  const room = world().live[0];
  await page.goto(`/live/${room.id}`);
  const live = byId(page, 'live-room');
  await expect(live).toBeVisible();
  await expect(byId(page, 'live-title')).toContainText(zh(room.title));
  await expect(byId(page, 'live-host')).toContainText(zh(creator(room.host).name));
  await expect(byId(page, 'bag-count')).toHaveText(String(room.bag.length));
  await byId(page, 'bag-button').click();
  const items = byId(page, 'bag-sheet').getByTestId('bag-item');
  await expect(items).toHaveCount(room.bag.length);
  const bagText = (await byId(page, 'bag-list').textContent()) ?? '';
  expect(mentionsAnyProduct(bagText, room.bag.map(product)), 'the bag lists a product of this room').toBe(true);
});

test('/@:handle shows the creator, their clips and their showcase', async ({ page }) => {
  const w = world();
  const c = w.creators.find((c) => w.videos.some((v) => v.creator === c.handle)) ?? w.creators[0];
  await page.goto(`/@${c.handle}`);
  await expect(byId(page, 'creator-profile')).toBeVisible();
  await expect(byId(page, 'creator-name')).toContainText(zh(c.name));
  const clips = byId(page, 'creator-videos').getByTestId('creator-video');
  await expect(clips.first()).toBeVisible();
  const ownIds = w.videos.filter((v) => v.creator === c.handle).map((v) => v.id);
  const href = (await clips.first().getAttribute('href')) ?? '';
  // The clip opens in a feed of this creator's clips.
  expect(ownIds.some((id) => href === `/v/${id}?from=${encodeURIComponent('@' + c.handle)}`), `creator-video href "${href}" is one of @${c.handle}'s clips`).toBe(true);
  const showcase = byId(page, 'creator-showcase');
  await expect(showcase).toBeAttached();
  await expect(showcase.getByTestId('showcase-item').first()).toBeAttached();
  const text = (await showcase.textContent()) ?? '';
  expect(mentionsAnyProduct(text, w.products), 'the showcase lists products of world.json').toBe(true);
});

test('/p/:id shows title, price and variant options (sold-out ones disabled)', async ({ page }) => {
  const w = world();
  // Prefer a product with one option dimension and a sold-out variant, to check the disabled state.
  const p =
    w.products.find((p) => (p.options?.length ?? 0) === 1 && p.variants.some((v) => v.stock === 0) && p.variants.some((v) => v.stock > 0)) ??
    w.products.find((p) => p.variants.length > 1) ??
    w.products[0];
  await page.goto(`/p/${p.id}`);
  await expect(byId(page, 'product-page')).toBeVisible();
  await expect(byId(page, 'product-title')).toContainText(zh(p.title));
  const price = (await byId(page, 'product-price').textContent()) ?? '';
  expect(
    p.variants.some((v) => price.includes(String(Math.floor(v.price.amount / 100)))),
    `product-price "${price}" shows a variant's price`,
  ).toBe(true);
  await expect(byId(page, 'add-to-cart')).toBeVisible();

  const options = byId(page, 'variant-option');
  const nValues = (p.options ?? []).reduce((n, o) => n + o.values.length, 0);
  if (p.variants.length > 1) {
    await expect(options).toHaveCount(nValues);
  }
  if ((p.options?.length ?? 0) === 1) {
    for (const value of p.options![0].values) {
      const variant = p.variants.find((v) => v.values[0] === value.id);
      if (!variant) continue;
      const button = options.filter({ hasText: zh(value.label) }).first();
      if (variant.stock === 0) await expect(button, `${zh(value.label)} is sold out`).toBeDisabled();
      else await expect(button, `${zh(value.label)} is in stock`).toBeEnabled();
    }
  }
});

test.describe('cart', () => {
  test('/cart is empty at first', async ({ page }) => {
    await page.goto('/cart');
    await expect(byId(page, 'cart-page')).toBeVisible();
    await expect(byId(page, 'cart-empty')).toBeVisible();
    await expect(byId(page, 'cart-line')).toHaveCount(0);
    await expect(byId(page, 'cart-badge')).toHaveCount(0);
  });

  test('add to cart from a product page, then see it in the cart', async ({ page }) => {
    const p = inStockProduct();
    await page.goto(`/p/${p.id}`);
    await expect(byId(page, 'product-title')).toContainText(zh(p.title));
    await byId(page, 'add-to-cart').click();
    await expect(byId(page, 'cart-badge')).toHaveText('1');

    const tab = byId(page, 'tab-cart');
    if (await tab.isVisible()) await tab.click();
    else await page.goto('/cart');
    await expect(byId(page, 'cart-page')).toBeVisible();
    await expect(byId(page, 'cart-line')).toHaveCount(1);
    await expect(byId(page, 'cart-line').first()).toContainText(zh(p.title));
  });

  test('/checkout shows the cart after a reload (cart is persisted)', async ({ page }) => {
    const p = inStockProduct();
    await page.goto(`/p/${p.id}`);
    await byId(page, 'add-to-cart').click();
    await expect(byId(page, 'cart-badge')).toHaveText('1');
    await page.goto('/checkout');
    await expect(byId(page, 'checkout-page')).toBeVisible();
    await expect(byId(page, 'checkout-page')).toContainText(zh(p.title));
  });
});

test('/orders shows the orders page', async ({ page }) => {
  await page.goto('/orders');
  await expect(byId(page, 'orders-page')).toBeVisible();
  await expect(byId(page, 'orders-page')).not.toBeEmpty();
});

test('/search finds a product by a word of its title', async ({ page }) => {
  const p = inStockProduct();
  const query = zh(p.title).trim().split(/\s+/)[0]; // e.g. "月白织金马面裙"
  await page.goto('/search');
  await expect(byId(page, 'search-page')).toBeVisible();
  const input = byId(page, 'search-input');
  await input.fill(query);
  await input.press('Enter'); // submits where search is not as-you-type
  const results = byId(page, 'search-result');
  await expect(results.first()).toBeVisible();
  await expect(results.filter({ hasText: re(query) }).first()).toBeVisible();
});

test('/me shows the me page', async ({ page }) => {
  await page.goto('/me');
  await expect(byId(page, 'me-page')).toBeVisible();
  await expect(byId(page, 'me-page')).not.toBeEmpty();
});

test.describe('errors', () => {
  test('an unknown path shows not-found', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(byId(page, 'not-found')).toBeVisible();
  });

  test('a bad config names the field', async ({ page, consoleLog }) => {
    consoleLog.allow(/locale/i); // the app may also log the config error
    await page.goto('/?locale=xx');
    await expect(byId(page, 'config-error')).toBeVisible();
    await expect(byId(page, 'config-error')).toContainText('locale');
  });

  test('a panic shows the fatal error screen with a reload button', async ({ page, consoleLog }) => {
    consoleLog.allow(/[\s\S]*/); // the panic is expected to be reported
    await page.goto('/?haowu_test_panic=1');
    const fatal = byId(page, 'fatal-error');
    await expect(fatal).toBeVisible();
    await expect(fatal.getByRole('button')).toBeVisible();
    expect(consoleLog.allErrors().length, 'the panic is reported on the console').toBeGreaterThan(0);
  });
});
