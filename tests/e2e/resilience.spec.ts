/**
 * Nothing the shopper did is lost, whatever the network and the backend do: offline actions are
 * queued and replayed in order; a timeout after the server took the order makes one order; bad
 * answers (malformed JSON, missing fields, HTTP 500) show a message and a retry; a price changed
 * between cart and checkout is shown and confirmed; coupons are the shopper's choice.
 * Faults come from the demo backend's URL settings (`fail=endpoint:count:how`, `reprice=`,
 * `timeout=`), and offline from the browser's own offline mode.
 */
import { test, expect, zh, signIn } from './fixtures';
import { ADDRESS, addToCart, buyable, byId, dbOrders, fillAddress, headline, openCart, products, quote, yuan } from './shop';

test.describe('offline', () => {
  test.beforeEach(({ consoleLog }) => {
    // Clips and posters cannot load offline; the browser logs each failed request.
    consoleLog.allow('ERR_INTERNET_DISCONNECTED');
  });

  test('a like and an order made offline wait, the banner says so, and both go out when the network returns', async ({ page, context }) => {
    const p = buyable()[0];
    const v = headline(p);
    await signIn(page);
    await addToCart(page, p, 1, 1);
    await page.goto('/');
    const slide = page.locator('[data-testid="feed-slide"].is-active');
    await expect(slide).toHaveAttribute('data-id', /.+/);
    const clip = await slide.getAttribute('data-id');

    await context.setOffline(true);
    const banner = byId(page, 'net-status');
    await expect(banner).toHaveText('网络已断开');
    await slide.getByTestId('like').click();
    await expect(slide.getByTestId('like')).toHaveAttribute('aria-pressed', 'true'); // shown at once
    await expect(banner).toContainText('1 项操作将在联网后发送');

    // Check out without the network (client-side navigation: the app is already loaded).
    await byId(page, 'tab-cart').click();
    await expect(byId(page, 'cart-line')).toHaveCount(1); // the saved cart, even offline
    await byId(page, 'go-checkout').click();
    await fillAddress(page, ADDRESS);
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-queued')).toBeVisible();
    await expect(byId(page, 'order-queued')).toContainText('联网后将自动提交');
    await expect(banner).toContainText('2 项操作将在联网后发送');
    expect(await dbOrders(page)).toHaveLength(0);
    // What the demo server has received.
    const social = () => page.evaluate(() => JSON.parse(localStorage.getItem('haowu.demo.social.v1') ?? '{}'));
    expect((await social()).likes ?? []).not.toContain(clip);

    // The queue is in storage, not only in memory (an offline reload cannot load the app, so
    // what is waiting must outlive the page).
    const queued = await page.evaluate(() => ({
      order: sessionStorage.getItem('haowu.pending_order.v1'),
      social: localStorage.getItem('haowu.pending_social.v1'),
    }));
    expect(queued.order).toContain(v.id);
    expect(queued.social).toContain(clip);

    await context.setOffline(false);
    await expect(byId(page, 'order-placed')).toBeVisible();
    await expect(banner).toHaveCount(0);
    const orders = await dbOrders(page);
    expect(orders).toHaveLength(1);
    expect(orders[0].lines.map((l) => l.variant_id)).toEqual([v.id]);
    expect((await social()).likes).toContain(clip);
    await expect(byId(page, 'cart-badge')).toHaveCount(0);
  });

  test('an order queued offline goes out on reconnect even after the shopper moved on, with a toast to view it', async ({ page, context }) => {
    const p = buyable()[0];
    await signIn(page);
    await addToCart(page, p, 1, 1);
    await page.goto('/checkout');
    await fillAddress(page, ADDRESS);
    await expect(byId(page, 'place-order')).toBeEnabled();
    await context.setOffline(true);
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-queued')).toBeVisible();
    await byId(page, 'tab-me').click();
    await expect(byId(page, 'net-status')).toContainText('1 项操作');

    await context.setOffline(false);
    const toast = page.locator('.toast-msg');
    await expect(toast).toContainText('下单成功');
    await expect.poll(() => dbOrders(page).then((o) => o.length)).toBe(1);
    const [order] = await dbOrders(page);
    await toast.getByRole('button', { name: '查看订单' }).click();
    await expect(page).toHaveURL(new RegExp(`/orders/${order.id}$`));
    await expect(byId(page, 'order-detail-id')).toHaveText(order.id);
  });
});

test.describe('bad answers', () => {
  test('a timeout after the server took the order: the message, then pressing again shows that order, and there is one', async ({ page }) => {
    const p = buyable()[0];
    await signIn(page);
    await addToCart(page, p, 1, 1);
    await page.goto('/checkout?fail=order:1:timeout&timeout=1500');
    await fillAddress(page, ADDRESS);
    await expect(byId(page, 'place-order')).toBeEnabled();
    await byId(page, 'place-order').click();
    await expect(byId(page, 'error-view')).toContainText('请求超时');
    // The server did make the order; the answer was lost.
    expect(await dbOrders(page)).toHaveLength(1);
    const [made] = await dbOrders(page);
    await expect(byId(page, 'retry')).toBeVisible();
    // Pressing Place order again (not Retry) still resends that order with its key, unchanged.
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    await expect(byId(page, 'order-id')).toHaveText(made.id);
    expect(await dbOrders(page)).toHaveLength(1);
  });

  // Bodies with missing fields go through the same decoder and error (native test
  // api::tests::bad_bodies_are_errors_not_panics).
  test('malformed JSON and HTTP 500 each show a message and a retry that works', async ({ page, consoleLog }) => {
    const p = products()[0];
    // A cut-off body: "the data could not be read" for the shopper; the decoder's reason goes to
    // the console (and on screen only in debug mode).
    await page.goto(`/p/${p.id}?fail=product:1:malformed`);
    await expect(byId(page, 'error-view').locator('p')).toHaveText('收到的数据有误，请重试。');
    expect(consoleLog.warnings().some((w) => /Invalid: EOF/.test(w.text))).toBe(true);
    await byId(page, 'retry').click();
    await expect(byId(page, 'product-title')).toContainText(zh(p.title));

    // HTTP 500 on the order list.
    await signIn(page);
    await page.goto('/orders?fail=orders:1:server');
    await expect(byId(page, 'error-view')).toContainText('服务器开小差了');
    await byId(page, 'retry').click();
    await expect(byId(page, 'orders-empty')).toBeVisible();

    // The feed's first page, malformed: an inline message and retry, not a blank screen.
    await page.goto('/?fail=feed:1:malformed');
    await expect(byId(page, 'error-view')).toContainText('收到的数据有误');
    await byId(page, 'retry').click();
    await expect(page.locator('[data-testid="feed-slide"].is-active')).toHaveAttribute('data-id', /.+/);
  });
});

test.describe('changes at checkout', () => {
  test('a price that changed after it went into the cart: the shopper sees the change and confirms the new total', async ({ page }) => {
    const p = buyable().find((x) => headline(x).price.amount > 2000 && x.variants.every((v) => v.price.amount > 1000))!;
    const v = headline(p);
    await signIn(page);
    await addToCart(page, p, 1, 1);
    const old = quote([{ product: p, variant: v, qty: 1 }]);
    const cheaper = { ...v, price: { ...v.price, amount: v.price.amount - 1000 } };
    const now = quote([{ product: p, variant: cheaper, qty: 1 }]);

    // The "server" drops the price by ¥10 after the shopper put it in the cart.
    await page.goto(`/checkout?reprice=${p.id}:-1000`);
    await fillAddress(page, ADDRESS);
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(old.total)); // what the shopper saw
    await byId(page, 'place-order').click();

    const changes = byId(page, 'order-changes');
    await expect(changes).toBeVisible();
    await expect(byId(page, 'order-change')).toHaveCount(1);
    await expect(byId(page, 'order-change')).toContainText(zh(p.title));
    await expect(byId(page, 'order-change')).toContainText(`降价 ¥10: ${yuan(v.price.amount)} → ${yuan(cheaper.price.amount)}`);
    await expect(byId(page, 'new-total')).toHaveText(yuan(now.total));
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(now.total));
    expect(await dbOrders(page), 'nothing charged at a price the shopper did not see').toHaveLength(0);

    await byId(page, 'confirm-new-total').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    const orders = await dbOrders(page);
    expect(orders).toHaveLength(1);
    expect(orders[0].total.amount).toBe(now.total);
  });

  test('coupons: the best ones are chosen, the shopper can pick another or none, and the order uses that choice', async ({ page }) => {
    // A hanfu skirt: its shop's ¥30 coupon applies, and both platform coupons do; the ¥50 one is
    // handed out in the shop's live room, and this shopper has not claimed it.
    const p = products().find((x) => x.id === 'hf-mamian')!;
    const v = headline(p);
    const line = [{ product: p, variant: v, qty: 1 }];
    await signIn(page);
    await addToCart(page, p, 1, 1);
    await openCart(page);
    await byId(page, 'go-checkout').click();
    const option = (id: string) => page.locator(`[data-testid="coupon-option"][data-coupon="${id}"]`);
    await expect(option('cp_yuebai_30')).toBeChecked();
    await expect(option('cp_platform_20')).toBeChecked();
    await expect(option('cp_yuebai_live50')).toHaveCount(0);
    const best = quote(line);
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(best.total));

    await option('cp_platform_5').check();
    const chosen = quote(line, 'standard', ['cp_yuebai_30', 'cp_platform_5']);
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(chosen.total));
    expect(chosen.total).toBeGreaterThan(best.total);

    // No shop coupon at all, then back.
    const shopNone = byId(page, 'coupon-group').filter({ has: option('cp_yuebai_30') }).getByTestId('coupon-none');
    await shopNone.check();
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(quote(line, 'standard', ['cp_platform_5']).total));
    await option('cp_yuebai_30').check();

    // The choice survives a reload, and the order is placed with it.
    await page.reload();
    await expect(option('cp_platform_5')).toBeChecked();
    await fillAddress(page, ADDRESS);
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    const [order] = await dbOrders(page);
    expect(order.total.amount).toBe(chosen.total);
  });
});
