/**
 * The live room as a shopper uses it, on the demo backend's scripted shows (public/demo/live.json;
 * `?live_at=` starts the shows at a moment of their script, `?speed=` runs them faster or slower):
 * the link drop gating Buy, buying the pinned product, a flash sale (countdown, sale price, live
 * stock, per-shopper limit, sold out), claiming coupons and using them at checkout, comments (with
 * sign-in interrupting, and retry), hearts, the order ticker, follow, leaving, scheduled and ended
 * rooms. Events dropped and missed are in the `http` project (a mocked SSE backend) below.
 */
import type { Page } from '@playwright/test';
import { test, expect, world, signIn, completeSignIn } from './fixtures';
import { ADDRESS, byId, dbOrders, fillAddress } from './shop';

const ROOM = 'live_snack';
const FLASH = 'sn-luosifen';

/** Live room events the page handled so far (`window.__haowuLive.handled`). */
const handled = (page: Page) => page.evaluate(() => (window as unknown as { __haowuLive?: { handled?: number } }).__haowuLive?.handled ?? 0);

const remaining = async (page: Page) => Number(await byId(page, 'flash-sale').getAttribute('data-remaining'));

/** Closes the open sheet `testid` with its close button (a sheet ignores taps while it rises). */
async function closeSheet(page: Page, testid: string, close: string): Promise<void> {
  await expect(async () => {
    await byId(page, close).click();
    await expect(byId(page, testid)).toHaveCount(0, { timeout: 500 });
  }).toPass();
}

/** From the product sheet's Buy now to a placed order (signed in already). */
async function checkoutFromSheet(page: Page, qty = 1): Promise<void> {
  const sheet = byId(page, 'product-sheet');
  await expect(sheet.getByTestId('buy-now')).toBeEnabled();
  while (Number(await sheet.getByTestId('qty').textContent()) < qty) await sheet.getByTestId('qty-increase').click();
  await expect(sheet.getByTestId('qty')).toHaveText(String(qty));
  await sheet.getByTestId('buy-now').click();
  await expect(page).toHaveURL(/\/checkout\?buy=now/);
  await fillAddress(page, ADDRESS);
  await byId(page, 'place-order').click();
}

test.describe('buying in the room', () => {
  test('5, 4, 3, 2, 1 — link is up: Buy waits for zero, then the pinned product is bought from the room at its price', async ({ page }) => {
    await signIn(page);
    // 1 s before the script's link drop of #3 (螺蛳粉) at 12.4 s; it opens 5 s later.
    await page.goto(`/live/${ROOM}?live_at=11`);
    const countdown = byId(page, 'link-countdown');
    await expect(countdown).toBeVisible();
    await expect(countdown).toContainText(/[1-5]/);
    const card = byId(page, 'live-pinned');
    await expect(card).toHaveAttribute('data-product', FLASH);
    await expect(card).toContainText('#3');
    await expect(byId(page, 'pinned-buy')).toBeDisabled();
    await expect(byId(page, 'pinned-buy')).toHaveText(/^[1-5]s$/);
    // The bag gates the same product the same way.
    await byId(page, 'bag-button').click();
    const row = byId(page, 'bag-item').filter({ hasText: '#3' });
    await expect(row.getByTestId('explaining')).toBeVisible();
    await expect(row.getByTestId('bag-buy')).toBeDisabled();
    await closeSheet(page, 'bag-sheet', 'bag-close');

    await expect(byId(page, 'link-up')).toBeVisible({ timeout: 8_000 });
    await expect(byId(page, 'pinned-buy')).toBeEnabled();
    await byId(page, 'pinned-buy').click();
    await checkoutFromSheet(page);
    await expect(byId(page, 'order-placed')).toBeVisible();
    const [order] = await dbOrders(page);
    expect(order.lines.map((l) => l.variant_id)[0]).toMatch(/^sn-luosifen/);
  });

  test('a flash sale counts down, starts at its price with a live stock bar, holds the per-shopper limit, and the room sees the stock drop', async ({ page }) => {
    await signIn(page);
    // Half speed from 28 s: the sale (announced at 24.8 s) starts at 29.8 s and sells out at 43.4 s.
    await page.goto(`/live/${ROOM}?live_at=28&speed=0.5`);
    const sale = byId(page, 'flash-sale');
    await expect(sale).toHaveAttribute('data-phase', 'scheduled');
    await expect(byId(page, 'flash-timer')).toContainText('距开始');
    await expect(sale).toHaveAttribute('data-phase', 'started', { timeout: 8_000 });
    await expect(byId(page, 'flash-timer')).toContainText('距结束');
    await expect(sale).toContainText('¥19.90');
    await expect(sale).toContainText('限购 2 件');
    const before = await remaining(page);
    expect(before).toBeGreaterThan(2);

    await byId(page, 'flash-buy').click();
    const sheet = byId(page, 'product-sheet');
    await expect(sheet.getByTestId('product-price')).toContainText('¥19.90');
    // A flash-sale price is for buying now; the sheet stops at the limit.
    await expect(sheet.getByTestId('add-to-cart')).toHaveCount(0);
    await sheet.getByTestId('qty-increase').click();
    await expect(sheet.getByTestId('qty-increase')).toBeDisabled();
    await checkoutFromSheet(page, 2);
    await expect(byId(page, 'order-placed')).toBeVisible();
    // Two at ¥19.90, less the platform coupon everyone holds (¥5 off ¥39).
    await expect(byId(page, 'order-placed')).toContainText('¥34.80');

    // Back in the room (through the Live tab, the same app): the two units are gone from the
    // stock everyone sees.
    await byId(page, 'tab-live').click();
    await page.locator(`[data-testid="live-card"][href="/live/${ROOM}"]`).click();
    await expect(sale).toHaveAttribute('data-phase', 'started');
    expect(await remaining(page)).toBeLessThanOrEqual(before - 2);

    // A third unit is over the limit: the backend refuses, saying why.
    await byId(page, 'flash-buy').click();
    await checkoutFromSheet(page, 1);
    await expect(byId(page, 'order-changes')).toBeVisible();
    await expect(byId(page, 'order-refusal')).toHaveText('有商品超出了限购数量。');
    expect(await dbOrders(page)).toHaveLength(1);
  });

  test('stock only goes down, and at zero the sale says "sold out" and nobody can buy', async ({ page }) => {
    await page.goto(`/live/${ROOM}?live_at=40`);
    const sale = byId(page, 'flash-sale');
    await expect(sale).toHaveAttribute('data-phase', 'started');
    const seen: number[] = [await remaining(page)];
    await expect
      .poll(async () => {
        seen.push(await remaining(page));
        return seen[seen.length - 1];
      }, { timeout: 8_000 })
      .toBe(0);
    expect(seen, 'never up').toEqual([...seen].sort((a, b) => b - a));
    await expect(byId(page, 'flash-left')).toHaveText(/已抢光/);
    await expect(byId(page, 'flash-buy')).toBeDisabled();
    await expect(byId(page, 'pinned-buy')).toBeDisabled();
    await expect(byId(page, 'pinned-buy')).toHaveText('已抢光');
  });
});

test.describe('coupons', () => {
  test('the host drops a coupon, the shopper claims it; the follow coupon waits for a follow; both reach checkout', async ({ page }) => {
    await signIn(page);
    // Before claiming, checkout does not offer the follow coupon (¥3 off ¥29 at this shop).
    await page.goto(`/live/${ROOM}?live_at=19`);
    const drop = byId(page, 'coupon-drop');
    await expect(drop).toBeVisible({ timeout: 5_000 });
    await expect(drop).toContainText('直播专享 满99减20');
    await drop.getByTestId('coupon-claim').click();
    await expect(drop).toHaveCount(0);

    await byId(page, 'bag-button').click();
    const fans = byId(page, 'bag-sheet').locator('[data-coupon="cp_xiaozui_fans3"]');
    await expect(fans).toContainText('关注主播后可领');
    await fans.getByTestId('coupon-claim').click();
    await expect(fans.getByTestId('coupon-note')).toContainText(/follow|关注/i);
    await closeSheet(page, 'bag-sheet', 'bag-close');
    await byId(page, 'live-follow').click();
    await expect(byId(page, 'live-follow')).toHaveAttribute('aria-pressed', 'true');
    await byId(page, 'bag-button').click();
    await fans.getByTestId('coupon-claim').click();
    await expect(fans.getByTestId('coupon-claim')).toHaveText('已领取');
    await expect(byId(page, 'bag-sheet').locator('[data-coupon="cp_xiaozui_live20"]').getByTestId('coupon-claim')).toHaveText('已领取');

    // #2 (牛肉干, ¥29.90) from the bag: the follow coupon applies at checkout.
    await byId(page, 'bag-item').filter({ hasText: '#2' }).getByTestId('bag-buy').click();
    const sheet = byId(page, 'product-sheet');
    await sheet.getByTestId('buy-now').click();
    await expect(page).toHaveURL(/\/checkout\?buy=now/);
    await expect(page.locator('[data-testid="coupon-option"][data-coupon="cp_xiaozui_fans3"]')).toBeVisible();
    await expect(byId(page, 'quote-discount')).toHaveText('-¥3');
    await fillAddress(page, ADDRESS);
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
  });

  test('a watch-time coupon can be claimed only after watching long enough', async ({ page }) => {
    await signIn(page);
    await page.clock.install();
    await page.goto('/live/live_orange');
    await byId(page, 'bag-button').click();
    const watch = byId(page, 'bag-sheet').locator('[data-coupon="cp_laochen_watch4"]');
    await expect(watch).toContainText('看播 1 分钟可领');
    await watch.getByTestId('coupon-claim').click();
    await expect(watch.getByTestId('coupon-note')).toHaveText('再看一会儿直播就能领取了。');
    await page.clock.runFor(61_000);
    await watch.getByTestId('coupon-claim').click();
    await expect(watch.getByTestId('coupon-claim')).toHaveText('已领取');
  });
});

test.describe('the social layer', () => {
  test('a comment asks for sign-in first, then shows at once as the shopper\'s and stays once the room echoes it', async ({ page }) => {
    await page.goto(`/live/${ROOM}`);
    await byId(page, 'comment-input').fill('这个好吃吗？');
    await byId(page, 'comment-input').press('Enter');
    await completeSignIn(page);
    const mine = byId(page, 'live-comment').filter({ hasText: '这个好吃吗？' });
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText('139****5678');
    await expect(byId(page, 'comment-input')).toHaveValue('');
    // The room's own event for it arrives too; it is not shown twice.
    await expect.poll(() => handled(page)).toBeGreaterThan(0);
    await page.waitForFunction(() => (window as unknown as { __haowuLive?: { handled?: number } }).__haowuLive!.handled! > 3);
    await expect(mine).toHaveCount(1);
  });

  test('a comment that fails to send says so and is sent again on a tap', async ({ page }) => {
    await signIn(page);
    await page.goto(`/live/${ROOM}?fail=comment:1`);
    await byId(page, 'comment-input').fill('求链接');
    await byId(page, 'comment-input').press('Enter');
    const retry = byId(page, 'comment-retry');
    await expect(retry).toBeVisible();
    await expect(retry).toHaveText('发送失败，点按重试 求链接');
    await expect(byId(page, 'live-comment').filter({ hasText: '求链接' })).toHaveCount(0);
    await retry.click();
    await expect(retry).toHaveCount(0);
    await expect(byId(page, 'live-comment').filter({ hasText: '求链接' })).toHaveCount(1);
  });

  test('hearts float up on a tap (transform and opacity only, a fixed set of elements) and the room counts them; purchases tick by', async ({ page }) => {
    // From 5 s: a purchase at 6.4 s.
    await page.goto(`/live/${ROOM}?live_at=5`);
    await expect(byId(page, 'live-ticker')).toContainText('正在下单', { timeout: 5_000 });
    const likes = async () => Number(await byId(page, 'heart-button').getAttribute('data-likes'));
    const before = await likes();
    for (let i = 0; i < 5; i++) await byId(page, 'heart-button').click();
    const rising = page.locator('.float-heart.up-a, .float-heart.up-b');
    await expect(rising.first()).toBeAttached();
    const animated = await rising.first().evaluate((el) => getComputedStyle(el).animationName);
    expect(animated).toMatch(/^float-up-[ab]$/);
    // The batch goes out after a second; its event moves the count.
    await expect.poll(likes, { timeout: 5_000 }).toBeGreaterThanOrEqual(before + 5);
    // Hearts are a fixed set of elements sent up in turn: tapping makes no new ones.
    const before20 = await page.locator('.float-heart').count();
    for (let i = 0; i < 20; i++) await byId(page, 'heart-button').click();
    await expect(page.locator('.float-heart')).toHaveCount(before20);
  });

  test('following the host in the room is the follow the feed shows, after a reload too', async ({ page }) => {
    const room = world().live.find((l) => l.id === ROOM)!;
    const clip = world().videos.find((v) => v.creator === room.host)!;
    await signIn(page);
    await page.goto(`/live/${ROOM}`);
    await byId(page, 'live-follow').click();
    await expect(byId(page, 'live-follow')).toHaveAttribute('aria-pressed', 'true');
    await expect(byId(page, 'live-follow')).toHaveText('已关注');
    await page.goto(`/v/${clip.id}`);
    await expect(page.locator('.feed-slide.is-active').getByTestId('follow')).toHaveAttribute('aria-pressed', 'true');
    await page.goto(`/live/${ROOM}`);
    await expect(byId(page, 'live-follow')).toHaveAttribute('aria-pressed', 'true');
  });

  test('comments stay at most a handful of nodes however many come', async ({ page }) => {
    await page.goto(`/live/${ROOM}?speed=20`);
    await page.waitForFunction(() => (window as unknown as { __haowuLive?: { handled?: number } }).__haowuLive?.handled! > 40, null, { timeout: 15_000 });
    expect(await byId(page, 'live-comment').count()).toBeLessThanOrEqual(7);
  });
});

test.describe('coming, going and over', () => {
  test('leaving the room stops its events: nothing is handled after', async ({ page }) => {
    await page.goto(`/live/${ROOM}?speed=10`);
    await expect.poll(() => handled(page)).toBeGreaterThan(5);
    await byId(page, 'tab-home').click();
    await expect(page).toHaveURL(/\/$/);
    const at = await handled(page);
    // At ten times the speed the show sends several events a second: two seconds is plenty.
    await page.waitForTimeout(2_000);
    expect(await handled(page)).toBe(at);
  });

  test('a room that has not started counts down, remembers "remind me", and opens when its time comes', async ({ page }) => {
    const soon = world().live.find((l) => l.starts_after_ms)!;
    const opens = soon.starts_after_ms! / 1000;
    await page.goto(`/live/${soon.id}`);
    await expect(byId(page, 'live-scheduled')).toBeVisible();
    await expect(byId(page, 'live-starts-in')).toContainText(/\d\d:\d\d/);
    await byId(page, 'remind-me').click();
    await expect(byId(page, 'remind-me')).toHaveAttribute('aria-pressed', 'true');
    await page.reload();
    await expect(byId(page, 'remind-me')).toHaveAttribute('aria-pressed', 'true');
    // Two seconds before its start: it opens by itself.
    await page.goto(`/live/${soon.id}?live_at=${opens - 2}`);
    await expect(byId(page, 'live-scheduled')).toBeVisible();
    await expect(byId(page, 'live-title')).toBeVisible({ timeout: 6_000 });
    await expect(byId(page, 'live-scheduled')).toHaveCount(0);
  });

  test('the Live tab lists rooms live now, coming up (with their time) and replays', async ({ page }) => {
    await page.goto('/live');
    await expect(byId(page, 'live-list').getByTestId('live-card')).toHaveCount(world().live.filter((l) => !l.starts_after_ms && !l.replay).length);
    await expect(byId(page, 'live-upcoming').getByTestId('live-card')).toHaveCount(world().live.filter((l) => l.starts_after_ms).length);
    // Soonest first; a later day says which.
    await expect(byId(page, 'live-upcoming').getByTestId('live-card').first()).toContainText(/\d\d:\d\d 开播/);
    await expect(byId(page, 'live-upcoming')).toContainText(/\d+月\d+日 \d\d:\d\d 开播/);
    await expect(byId(page, 'live-replays').getByTestId('live-card')).toHaveCount(world().live.filter((l) => l.replay).length);
  });
});
