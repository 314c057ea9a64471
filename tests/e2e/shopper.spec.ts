/**
 * Issue 12: what a new shopper noticed on a first try — one test per point, as a phone (390×844,
 * touch) with the browser's default autoplay policy (no --autoplay-policy flag).
 */
import type { Page } from '@playwright/test';
import phone from './phone.json';
import { test, expect, world, zh, product, swipe, signIn, completeSignIn, SHOPPER_PHONE, DEMO_CODE, type Product } from './fixtures';
import { ADDRESS, addToCart, byId, dbOrders, fillAddress, openCart } from './shop';

test.use({ launchOptions: { executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: phone.args.filter((a) => !a.startsWith('--autoplay-policy')) } });

const active = (page: Page) => page.locator('[data-testid="feed-slide"].is-active');

/** The active clip's id once it plays. */
async function playingClip(page: Page): Promise<string> {
  await expect
    .poll(() => active(page).evaluate((el) => { const v = el.querySelector('video'); return !!v && !v.paused && v.currentTime > 0; }))
    .toBe(true);
  return (await active(page).getAttribute('data-id'))!;
}

const feedScroll = (page: Page) => byId(page, 'feed').evaluate((el) => ({ top: el.scrollTop, h: el.clientHeight }));

/** Counts frames in which the feed shows a loading skeleton slide (it would, if it refetched). */
async function watchSkeletons(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __skeletons: number };
    w.__skeletons = 0;
    const tick = () => {
      if (document.querySelector('.skeleton-slide')) w.__skeletons++;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

test.describe('1. the feed keeps its place', () => {
  test('Back from a profile, a product, the live list and a room returns to the clip the shopper left, playing', async ({ page }) => {
    const w = world();
    await page.goto('/');
    expect(await playingClip(page)).toBe(w.videos[0].id);
    for (let i = 0; i < 4; i++) await swipe(page, 'up');
    const fifth = await playingClip(page);
    expect(fifth).toBe(w.videos[4].id);
    const { top, h } = await feedScroll(page);
    expect(top).toBe(4 * h);

    // Creator → a product of their showcase → Live → a room.
    await active(page).getByTestId('slide-creator').click();
    await expect(byId(page, 'creator-name')).toBeVisible();
    await page.getByRole('tab').nth(1).click();
    await byId(page, 'showcase-item').first().click();
    await expect(byId(page, 'product-title')).toBeVisible();
    await byId(page, 'tab-live').click();
    await byId(page, 'live-card').first().click();
    await expect(byId(page, 'live-title')).toBeVisible();

    for (const round of ['back', 'forward then back']) {
      if (round !== 'back') {
        for (let i = 0; i < 4; i++) await page.goForward();
        await expect(byId(page, 'live-title')).toBeVisible();
      }
      for (let i = 0; i < 4; i++) await page.goBack();
      await expect(page).toHaveURL(/\/$/);
      await watchSkeletons(page);
      expect(await playingClip(page), round).toBe(fifth);
      expect(await feedScroll(page), round).toEqual({ top, h });
      await expect(byId(page, 'tab-for-you')).toHaveAttribute('aria-selected', 'true');
      // No refetch: the loaded clips were there at once (a refetch shows a loading slide).
      expect(await page.evaluate(() => (window as unknown as { __skeletons: number }).__skeletons)).toBe(0);
    }
  });

  test('/v/:id and the Following tab keep their place too', async ({ page }) => {
    const w = world();
    const start = w.videos[3];
    await page.goto(`/v/${start.id}`);
    expect(await playingClip(page)).toBe(start.id);
    await swipe(page, 'up');
    await swipe(page, 'up');
    const third = await playingClip(page);
    expect(third).not.toBe(start.id);
    await active(page).getByTestId('slide-creator').click();
    await expect(byId(page, 'creator-name')).toBeVisible();
    await page.goBack();
    expect(await playingClip(page)).toBe(third);

    // The tab: Following (with a creator followed), then a profile and back.
    await page.goto('/');
    await playingClip(page);
    await active(page).getByTestId('follow').click();
    await byId(page, 'tab-following').click();
    await expect(byId(page, 'tab-following')).toHaveAttribute('aria-selected', 'true');
    const followed = await playingClip(page);
    await active(page).getByTestId('slide-creator').click();
    await expect(byId(page, 'creator-name')).toBeVisible();
    await page.goBack();
    await expect(byId(page, 'tab-following')).toHaveAttribute('aria-selected', 'true');
    expect(await playingClip(page)).toBe(followed);
  });
});

test.describe('2. choices stick', () => {
  test('the language and appearance chosen in Me survive a reload; a URL setting wins for that visit only', async ({ page }) => {
    await page.goto('/me');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: 'Dark' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(byId(page, 'me-page')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Me');
    // The URL: this visit only.
    await page.goto('/me?lang=zh-CN&theme=light');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.goto('/me');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});

test.describe('3. not found is not a network error', () => {
  async function expectNotFound(page: Page, path: string) {
    await page.goto(path);
    const view = byId(page, 'not-found');
    await expect(view, path).toBeVisible();
    await expect(view.getByRole('heading', { level: 1 })).toHaveText('内容不存在或已下架');
    await expect(page).toHaveTitle(/内容不存在或已下架/);
    await expect(view.getByRole('link', { name: '回到首页' })).toHaveAttribute('href', '/');
    await expect(view.getByRole('link', { name: '搜索好物' })).toHaveAttribute('href', '/search');
    await expect(byId(page, 'retry')).toHaveCount(0);
  }

  test('a product, creator, room or order that does not exist gets a not-found view with ways on and no Retry', async ({ page }) => {
    for (const path of ['/p/does-not-exist', '/@nobody', '/live/nope']) await expectNotFound(page, path);
    await signIn(page);
    await expectNotFound(page, '/orders/xyz');
  });

  test("another account's order is not found either", async ({ page }) => {
    await signIn(page);
    const p = product('hf-mamian');
    await addToCart(page, p, 1, 1);
    await openCart(page);
    await byId(page, 'go-checkout').click();
    await fillAddress(page, ADDRESS);
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    const id = (await byId(page, 'order-id').textContent())!.trim();
    await page.goto('/me');
    await byId(page, 'sign-out').click();
    await expect(byId(page, 'sign-in-open')).toBeVisible();
    await signIn(page, '13700137000');
    await expectNotFound(page, `/orders/${id}`);
  });

  test('handles are matched without regard to case', async ({ page }) => {
    const c = world().creators[0];
    await page.goto(`/@${c.handle.toUpperCase()}`);
    await expect(byId(page, 'creator-name')).toContainText(zh(c.name));
    await expect(byId(page, 'creator-video').first()).toBeVisible();
  });
});

test.describe('4. Back never leaves the site', () => {
  test('opened from another site, the back arrow goes to the page\'s parent, not back to the other site', async ({ page }) => {
    const p = product('hf-mamian');
    const seller = world().creators.find((c) => c.shop_id === p.shop_id)!;
    await page.goto('about:blank');
    await page.goto(`/p/${p.id}`);
    await expect(byId(page, 'product-title')).toBeVisible();
    await byId(page, 'back').click();
    await expect(page).toHaveURL(new RegExp(`/@${seller.handle}$`));
    await expect(byId(page, 'creator-name')).toBeVisible();

    // Opened from inside the app, it goes back where the shopper came from.
    await page.goto('/search?q=' + encodeURIComponent(zh(p.title).slice(0, 3)));
    await byId(page, 'search-result').first().click();
    await expect(byId(page, 'product-title')).toBeVisible();
    await byId(page, 'back').click();
    await expect(page).toHaveURL(/\/search\?q=/);

    // A room opened from a shared link goes to the live list.
    await page.goto('about:blank');
    await page.goto(`/live/${world().live[0].id}`);
    await byId(page, 'back').click();
    await expect(page).toHaveURL(/\/live$/);
  });
});

test.describe('5. errors speak to shoppers', () => {
  test('the shopper sees the sentence; the detail goes to the console, and on screen only in debug mode', async ({ page, consoleLog }) => {
    await page.goto('/?fail=feed:1');
    await expect(byId(page, 'error-view')).toHaveText(/^服务器开小差了，请稍后重试。重试$/);
    await expect(byId(page, 'error-detail')).toHaveCount(0);
    expect(consoleLog.warnings().some((w) => w.text.includes('demo: HTTP 500 from feed'))).toBe(true);

    await page.goto('/?fail=feed:1&debug=1');
    await expect(byId(page, 'error-detail')).toHaveText('demo: HTTP 500 from feed');

    await page.goto('/p/hf-mamian?fail=product:1:offline');
    await expect(byId(page, 'error-view').locator('p').first()).toHaveText('网络不给力，请检查网络后重试。');
  });
});

test.describe('6. coming back online heals by itself', () => {
  test('offline past the loaded clips: the end shows the error; back online it loads more without a tap', async ({ page, context, consoleLog }) => {
    consoleLog.allow(/ERR_INTERNET_DISCONNECTED|Failed to load|Failed to fetch|net::/);
    await page.goto('/');
    await playingClip(page);
    await context.setOffline(true);
    await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
    // Past the end of what was loaded (10 clips a page). With the keys: a swipe's CDP session
    // would reset Playwright's offline emulation.
    const videos = world().videos;
    for (let i = 1; i <= 10; i++) {
      await page.keyboard.press('ArrowDown');
      if (i < 10) await expect(active(page)).toHaveAttribute('data-id', videos[i].id);
    }
    await expect(byId(page, 'error-view')).toBeVisible();
    await expect(byId(page, 'error-view')).toContainText('网络不给力');
    await context.setOffline(false);
    // No tap on Retry: the next clips arrive by themselves.
    await expect(byId(page, 'error-view')).toHaveCount(0);
    await expect(active(page)).toHaveAttribute('data-id', videos[10].id);
    await page.keyboard.press('ArrowDown');
    await expect(active(page)).toHaveAttribute('data-id', videos[11].id);
  });
});

test.describe('7. a guest double-taps Place order', () => {
  test('the second tap, landing while the sign-in sheet rises, does not close it; the order goes on after sign-in', async ({ page }) => {
    const p = product('hf-mamian');
    await addToCart(page, p, 1, 1);
    await openCart(page);
    await byId(page, 'go-checkout').click();
    await fillAddress(page, ADDRESS);
    const box = (await byId(page, 'place-order').boundingBox())!;
    const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    // A real double click: the second click comes while the sheet the first one opened is still
    // rising, and lands on its backdrop or its close control.
    await page.mouse.dblclick(at.x, at.y);
    await completeSignIn(page);
    await expect(byId(page, 'order-placed')).toBeVisible();
    expect(await dbOrders(page)).toHaveLength(1);
  });
});

test.describe('8. Retry at checkout', () => {
  test('retrying a failed order submits cleanly (no "form is not connected")', async ({ page, consoleLog }) => {
    await signIn(page);
    const p = product('hf-mamian');
    await addToCart(page, p, 1, 1);
    await page.goto('/checkout?fail=order:1');
    await fillAddress(page, ADDRESS);
    await byId(page, 'place-order').click();
    await expect(byId(page, 'error-view')).toBeVisible();
    await byId(page, 'retry').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    expect(await dbOrders(page)).toHaveLength(1);
    expect(consoleLog.issues.filter((i) => /not connected/.test(i.text))).toEqual([]);
  });
});

test.describe('9. the product sheet is a real modal', () => {
  test('focus stays inside while it is open (Tab and Shift+Tab cycle) and the page behind is inert', async ({ page }) => {
    await page.goto('/');
    await playingClip(page);
    await active(page).getByTestId('product-chip').click();
    const sheet = byId(page, 'product-sheet');
    await expect(byId(page, 'sheet-title')).toBeVisible();
    const inside = () => page.evaluate(() => !!document.activeElement?.closest('[data-testid="product-sheet"]'));
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      expect(await inside(), `Tab ${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await inside(), `Shift+Tab ${i + 1}`).toBe(true);
    }
    await expect(byId(page, 'tabbar')).toHaveAttribute('inert', '');
    await expect(byId(page, 'feed')).toHaveAttribute('inert', '');
    await page.keyboard.press('Escape');
    await expect(sheet).toHaveCount(0);
    await expect(byId(page, 'tabbar')).not.toHaveAttribute('inert', '');
    await expect(byId(page, 'feed')).not.toHaveAttribute('inert', '');
  });
});

test.describe('10. phone numbers as people type them', () => {
  test('spaces, dashes and +86 are accepted in sign-in and the address; the fields say what they hold', async ({ page }) => {
    await page.goto('/me');
    await byId(page, 'sign-in-open').click();
    const sheet = byId(page, 'sign-in-sheet');
    await expect(sheet.getByTestId('sign-in-phone')).toHaveAttribute('autocomplete', 'tel');
    await expect(sheet.getByTestId('sign-in-code')).toHaveAttribute('autocomplete', 'one-time-code');
    await sheet.getByTestId('sign-in-phone').fill('+86 139 1234 5678');
    await sheet.getByTestId('get-code').click();
    await expect(sheet.getByTestId('sign-in-error')).toHaveText('');
    await sheet.getByTestId('sign-in-code').fill(DEMO_CODE);
    await sheet.getByTestId('sign-in-submit').click();
    await expect(byId(page, 'me-phone')).toHaveText(`${SHOPPER_PHONE.slice(0, 3)}****${SHOPPER_PHONE.slice(7)}`);

    const p = product('hf-mamian');
    await addToCart(page, p, 1, 1);
    await openCart(page);
    await byId(page, 'go-checkout').click();
    for (const [field, hint] of [['name', 'name'], ['phone', 'tel'], ['street', 'street-address'], ['postal-code', 'postal-code']]) {
      await expect(byId(page, `addr-${field}`)).toHaveAttribute('autocomplete', hint);
    }
    await fillAddress(page, { ...ADDRESS, phone: '138 0013 8000' });
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('haowu.demo.db.v1')!).orders[0].address.phone);
    expect(stored).toBe('13800138000');
  });
});

test.describe('11. text never breaks the layout', () => {
  const LONG = 'https://example.com/very-long-product-title-without-any-break-at-all-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

  async function longTitles(page: Page) {
    await page.route('**/demo/world.json', async (route) => {
      const res = await route.fetch();
      const w = (await res.json()) as { products: Product[]; shops: { id: string; name: { zh: string; en: string } }[] };
      const p = w.products.find((x) => x.id === 'hf-mamian')!;
      p.title = { zh: LONG, en: LONG };
      const shop = w.shops.find((s) => s.id === p.shop_id)!;
      shop.name = { zh: `店${LONG}`, en: `Shop${LONG}` };
      await route.fulfill({ response: res, json: w });
    });
  }

  test('a title that is one long word wraps; the page never scrolls sideways and Buy now stays on screen', async ({ page }) => {
    await longTitles(page);
    await page.goto('/p/hf-mamian');
    await expect(byId(page, 'product-title')).toHaveText(LONG);
    const vw = page.viewportSize()!.width;
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(vw);
    const buy = (await byId(page, 'buy-now').boundingBox())!;
    expect(buy.x + buy.width).toBeLessThanOrEqual(vw);
  });

  test('at 200 % zoom the product chip and the creator row stay readable', async ({ browser }) => {
    // 200 % zoom on a 390-px phone is a 195-px-wide layout.
    const context = await browser.newContext({ ...phone.context, viewport: { width: 195, height: 422 }, screen: { width: 195, height: 422 }, deviceScaleFactor: 6 });
    const page = await context.newPage();
    await page.goto('/');
    await expect(active(page).getByTestId('product-chip')).toBeVisible();
    // Lines of text an element takes (body line-height is 1.45).
    const lineHeight = async (sel: string) =>
      active(page).locator(sel).first().evaluate((el) => el.getBoundingClientRect().height / (parseFloat(getComputedStyle(el).fontSize) * 1.45));
    expect(await lineHeight('.sold')).toBeLessThan(1.5);
    expect(await lineHeight('[data-testid="slide-creator"]')).toBeLessThan(1.5);
    await context.close();
  });
});
