/**
 * Cart and checkout, end to end at the phone viewport: quantity bounds, grouping by shop, remove
 * with undo, two tabs in sync, address validation, exactly-once ordering (double tap, reload
 * during the request), "Buy now" and saved addresses.
 * Helpers and the pricing arithmetic they check against are in shop.ts.
 */
import { test, expect, zh, signIn, completeSignIn } from './fixtures';
import {
  type Line,
  byId,
  headline,
  maxQty,
  buyable,
  twoShops,
  coupons,
  quote,
  yuan,
  variantLabel,
  guard,
  openProduct,
  addToCart,
  openCart,
  cartLine,
  cartVariants,
  shopGroups,
  type Address,
  ADDRESS,
  fillAddress,
  expectAddress,
  dbOrders,
  openOrders,
  storedCart,
} from './shop';

// ---------------------------------------------------------------------------------------------
// tests

test.describe('cart', () => {
  test('quantity stops at the purchase limit; the total is unit price × quantity (less the coupons that apply)', async ({ page }) => {
    const p =
      buyable(2).find((p) => p.purchase_limit === 2 && headline(p).stock >= 2) ??
      buyable(2).find((p) => p.purchase_limit !== undefined && headline(p).stock >= p.purchase_limit);
    expect(p, 'world.json has a product with a purchase limit and enough stock').toBeTruthy();
    const v = headline(p!);
    const bound = maxQty(p!, v);
    expect(bound).toBeGreaterThanOrEqual(2);

    // The product page's stepper has the same bound.
    await openProduct(page, p!);
    await expect(byId(page, 'qty-decrease')).toBeDisabled();
    for (let n = 2; n <= bound; n++) {
      await byId(page, 'qty-increase').click();
      await expect(byId(page, 'qty')).toHaveText(String(n));
    }
    await expect(byId(page, 'qty-increase')).toBeDisabled();
    // back down to one unit, then add it
    for (let n = bound - 1; n >= 1; n--) {
      await byId(page, 'qty-decrease').click();
      await expect(byId(page, 'qty')).toHaveText(String(n));
    }
    await expect(byId(page, 'qty-decrease')).toBeDisabled();
    await expect(byId(page, 'qty-increase')).toBeEnabled();
    await byId(page, 'add-to-cart').click();
    await expect(byId(page, 'cart-badge')).toHaveText('1');

    await openCart(page);
    const line = cartLine(page, v.id);
    await expect(byId(page, 'cart-line')).toHaveCount(1);
    await expect(line).toContainText(zh(p!.title));
    if (variantLabel(p!, v)) await expect(line).toContainText(variantLabel(p!, v));
    await expect(line.getByTestId('line-qty')).toHaveText('1');
    await expect(line.getByTestId('line-decrease')).toBeDisabled();
    await expect(line.getByTestId('line-increase')).toBeEnabled();
    await expect(byId(page, 'cart-total')).toHaveText(yuan(quote([{ product: p!, variant: v, qty: 1 }]).total));

    for (let n = 2; n <= bound; n++) {
      await line.getByTestId('line-increase').click();
      await expect(line.getByTestId('line-qty')).toHaveText(String(n));
      await expect(byId(page, 'cart-badge')).toHaveText(String(n));
    }
    await expect(line.getByTestId('line-increase')).toBeDisabled();
    await expect(line.getByTestId('line-decrease')).toBeEnabled();
    await expect(line.getByTestId('line-qty')).toHaveText(String(bound));

    const q = quote([{ product: p!, variant: v, qty: bound }]);
    expect(q.subtotal).toBe(v.price.amount * bound);
    await expect(byId(page, 'cart-total')).toHaveText(yuan(q.subtotal - q.discount));

    // Adding more from the product page cannot go past the bound either.
    await openProduct(page, p!);
    await byId(page, 'add-to-cart').click();
    await expect(byId(page, 'toast')).not.toBeEmpty();
    await expect(byId(page, 'cart-badge')).toHaveText(String(bound));
    expect((await storedCart(page)).map((l) => [l.variant_id, l.qty])).toEqual([[v.id, bound]]);

    // ...and the bound holds after a reload.
    await page.goto('/cart');
    await expect(cartLine(page, v.id).getByTestId('line-qty')).toHaveText(String(bound));
    await expect(cartLine(page, v.id).getByTestId('line-increase')).toBeDisabled();
    await expect(byId(page, 'cart-total')).toHaveText(yuan(q.subtotal - q.discount));
  });

  /** Three lines: two of shop A around one of shop B; returns what was added, in order. */
  async function fillThreeLines(page: Page) {
    const { a1, a2, b } = twoShops();
    const [va1, va2, vb] = [headline(a1), headline(a2), headline(b)];
    await addToCart(page, a1, 1, 1);
    await addToCart(page, b, 2, 3);
    await addToCart(page, a2, 1, 4);
    const all: Line[] = [
      { product: a1, variant: va1, qty: 1 },
      { product: b, variant: vb, qty: 2 },
      { product: a2, variant: va2, qty: 1 },
    ];
    return { a1, a2, b, va1, va2, vb, all };
  }

  const cartTotal = (lines: Line[]) => yuan(quote(lines).subtotal - quote(lines).discount);

  test('lines of two shops show as two groups; removing a line drops the badge and offers Undo for a while', async ({ page }) => {
    const { a1, a2, b, va1, va2, vb, all } = await fillThreeLines(page);

    await openCart(page);
    await expect(byId(page, 'cart-shop')).toHaveCount(2);
    await expect.poll(() => shopGroups(page)).toEqual([a1.shop_id, b.shop_id]);
    const groupA = page.locator(`[data-testid="cart-shop"][data-shop="${a1.shop_id}"]`);
    const groupB = page.locator(`[data-testid="cart-shop"][data-shop="${b.shop_id}"]`);
    await expect(groupA.getByTestId('cart-line')).toHaveCount(2);
    await expect(groupB.getByTestId('cart-line')).toHaveCount(1);
    await expect(groupA).toContainText(zh(a1.title));
    await expect(groupA).toContainText(zh(a2.title));
    await expect(groupB).toContainText(zh(b.title));
    await expect.poll(() => cartVariants(page)).toEqual([va1.id, va2.id, vb.id]);
    await expect(groupB.getByTestId('line-qty')).toHaveText('2');
    await expect(byId(page, 'cart-total')).toHaveText(cartTotal(all));

    // Remove the first line of the first shop.
    await cartLine(page, va1.id).getByTestId('line-remove').click();
    await expect(cartLine(page, va1.id)).toHaveCount(0);
    await expect(byId(page, 'cart-badge')).toHaveText('3');
    // Shops show in the order of their first remaining line (stored order is now b, a2), so
    // shop B moves up while the line is gone (src/model/cart.rs `by_shop`).
    await expect.poll(() => cartVariants(page)).toEqual([vb.id, va2.id]);
    await expect(byId(page, 'cart-total')).toHaveText(cartTotal(all.slice(1)));
    expect((await storedCart(page)).map((l) => l.variant_id)).toEqual([vb.id, va2.id]);
    const undo = byId(page, 'toast-action');
    await expect(undo).toBeVisible();

    // Not taken, the offer goes away (after 5 s) and the line stays removed.
    await expect(undo).toHaveCount(0, { timeout: 9_000 });
    await expect(byId(page, 'cart-line')).toHaveCount(2);
    await expect(byId(page, 'cart-badge')).toHaveText('3');

    // Removing a shop's only line removes its group.
    await cartLine(page, vb.id).getByTestId('line-remove').click();
    await expect(byId(page, 'cart-shop')).toHaveCount(1);
    await expect(byId(page, 'cart-badge')).toHaveText('1');
    await cartLine(page, va2.id).getByTestId('line-remove').click();
    await expect(byId(page, 'cart-empty')).toBeVisible();
    await expect(byId(page, 'cart-badge')).toHaveCount(0);
    expect(await storedCart(page)).toEqual([]);
  });

  // App bug (see the report of this spec): Undo panics ("Tried to access a reactive value that
  // has already been disposed", src/pages/cart.rs CartLineRow `remove`: the StoredValue/Callback
  // made in the click handler belong to the row that the removal disposes) and the app stops.
  test('Undo puts a removed line back at the same position', async ({ page }) => {
    const { a1, b, va1, va2, vb, all } = await fillThreeLines(page);
    await openCart(page);
    await expect.poll(() => cartVariants(page)).toEqual([va1.id, va2.id, vb.id]);

    await cartLine(page, va1.id).getByTestId('line-remove').click();
    await expect(byId(page, 'cart-badge')).toHaveText('3');
    await byId(page, 'toast-action').click();
    await expect(cartLine(page, va1.id)).toHaveCount(1);
    await expect(byId(page, 'cart-badge')).toHaveText('4');
    await expect.poll(() => cartVariants(page), { message: 'the line is back where it was' }).toEqual([va1.id, va2.id, vb.id]);
    await expect.poll(() => shopGroups(page)).toEqual([a1.shop_id, b.shop_id]);
    await expect(cartLine(page, va1.id).getByTestId('line-qty')).toHaveText('1');
    await expect(byId(page, 'toast-action')).toHaveCount(0);
    await expect(byId(page, 'cart-total')).toHaveText(cartTotal(all));
    expect((await storedCart(page)).map((l) => l.variant_id)).toEqual([va1.id, vb.id, va2.id]);

    // A shop's only line: its group comes back too, still second, with its quantity.
    await cartLine(page, vb.id).getByTestId('line-remove').click();
    await expect(byId(page, 'cart-shop')).toHaveCount(1);
    await expect(byId(page, 'cart-badge')).toHaveText('2');
    await byId(page, 'toast-action').click();
    await expect(byId(page, 'cart-shop')).toHaveCount(2);
    await expect.poll(() => shopGroups(page)).toEqual([a1.shop_id, b.shop_id]);
    await expect(cartLine(page, vb.id).getByTestId('line-qty')).toHaveText('2');
    await expect(byId(page, 'cart-badge')).toHaveText('4');
    expect((await storedCart(page)).map((l) => l.variant_id)).toEqual([va1.id, vb.id, va2.id]);
  });

  test('two tabs of one browser show the same cart without a reload', async ({ page, context, consoleLog }) => {
    const { a1, b } = twoShops();
    const [va, vb] = [headline(a1), headline(b)];
    const pageB = await context.newPage();
    guard(pageB, consoleLog);
    await pageB.goto('/cart');
    await expect(byId(pageB, 'cart-empty')).toBeVisible();
    await expect(byId(pageB, 'cart-badge')).toHaveCount(0);

    await addToCart(page, a1, 1, 1);
    await expect(byId(pageB, 'cart-badge')).toHaveText('1');
    await expect(byId(pageB, 'cart-empty')).toHaveCount(0);
    await expect(byId(pageB, 'cart-line')).toHaveCount(1);
    await expect(cartLine(pageB, va.id)).toContainText(zh(a1.title));

    await addToCart(page, b, 2, 3);
    await expect(byId(pageB, 'cart-badge')).toHaveText('3');
    await expect(byId(pageB, 'cart-shop')).toHaveCount(2);
    await expect(cartLine(pageB, vb.id).getByTestId('line-qty')).toHaveText('2');

    // And back: a change in tab B shows in tab A.
    await cartLine(pageB, vb.id).getByTestId('line-decrease').click();
    await expect(cartLine(pageB, vb.id).getByTestId('line-qty')).toHaveText('1');
    await expect(byId(page, 'cart-badge')).toHaveText('2');
    await pageB.close();
  });
});

test.describe('checkout', () => {
  // The shipped configuration asks for sign-in before an order; sign-in itself is tested in
  // account.spec.ts.
  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  test('validation errors first, then one order; the ordered line leaves the cart', async ({ page }) => {
    const { a1, b } = twoShops();
    const [va, vb] = [headline(a1), headline(b)];
    await addToCart(page, a1, 2, 2);
    await addToCart(page, b, 1, 3);

    // Keep b in the cart but do not buy it.
    await openCart(page);
    await cartLine(page, vb.id).getByRole('checkbox').click();
    await expect(cartLine(page, vb.id).getByRole('checkbox')).not.toBeChecked();
    const bought: Line[] = [{ product: a1, variant: va, qty: 2 }];
    await expect(byId(page, 'cart-total')).toHaveText(yuan(quote(bought).subtotal - quote(bought).discount));
    await byId(page, 'go-checkout').click();
    await expect(page).toHaveURL(/\/checkout$/);
    const checkout = byId(page, 'checkout-page');
    await expect(checkout).toContainText(zh(a1.title));
    await expect(checkout).not.toContainText(zh(b.title));
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(quote(bought).total));

    const fields = ['name', 'phone', 'region', 'street'] as const;
    for (const f of fields) await expect(byId(page, `addr-${f}-error`)).toBeEmpty(); // nothing before a submit

    // 1. Empty form: all four errors, no order.
    await byId(page, 'place-order').click();
    for (const f of fields) {
      await expect(byId(page, `addr-${f}-error`), `${f} error`).toBeVisible();
      await expect(byId(page, `addr-${f}-error`), `${f} error`).not.toBeEmpty();
      await expect(byId(page, `addr-${f}`)).toHaveAttribute('aria-invalid', 'true');
    }
    await expect(byId(page, 'order-placed')).toHaveCount(0);
    expect(await dbOrders(page)).toHaveLength(0);

    // 2. A bad phone: only the phone error.
    await fillAddress(page, { ...ADDRESS, phone: '2380013800' });
    await byId(page, 'place-order').click();
    await expect(byId(page, 'addr-phone-error')).not.toBeEmpty();
    await expect(byId(page, 'addr-phone')).toHaveAttribute('aria-invalid', 'true');
    for (const f of ['name', 'region', 'street']) {
      await expect(byId(page, `addr-${f}-error`), `${f} error`).toBeEmpty();
      await expect(byId(page, `addr-${f}`)).toHaveAttribute('aria-invalid', 'false');
    }
    await expect(byId(page, 'order-placed')).toHaveCount(0);
    expect(await dbOrders(page)).toHaveLength(0);

    // 3. Fixed: the order is placed.
    await fillAddress(page, { phone: ADDRESS.phone });
    await expect(byId(page, 'addr-phone-error')).toBeEmpty();
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    const orderId = ((await byId(page, 'order-id').textContent()) ?? '').trim();
    expect(orderId).not.toBe('');
    await expect(byId(page, 'order-placed')).toContainText(yuan(quote(bought).total));

    const orders = await dbOrders(page);
    expect(orders).toHaveLength(1);
    expect(orders[0].id).toBe(orderId);
    expect(orders[0].lines.map((l) => [l.variant_id, l.qty])).toEqual([[va.id, 2]]);
    expect(orders[0].total.amount).toBe(quote(bought).total);

    // The cart keeps only the line that was not bought.
    await expect(byId(page, 'cart-badge')).toHaveText('1');
    expect((await storedCart(page)).map((l) => l.variant_id)).toEqual([vb.id]);

    const cards = await openOrders(page);
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toContainText(orderId);
    await expect(cards.first()).toContainText(zh(a1.title));

    await page.goto('/cart');
    await expect(byId(page, 'cart-line')).toHaveCount(1);
    await expect(cartLine(page, vb.id)).toHaveCount(1);
    await expect(cartLine(page, va.id)).toHaveCount(0);
  });

  test('a double tap on Place order with a slow backend makes one order', async ({ page }) => {
    const p = buyable()[0];
    await addToCart(page, p, 1, 1);
    await page.goto('/checkout?latency=1500');
    await expect(byId(page, 'checkout-page')).toContainText(zh(p.title));
    await fillAddress(page, ADDRESS);
    await byId(page, 'place-order').dblclick();
    await expect(byId(page, 'place-order')).toBeDisabled(); // placing…
    await expect(byId(page, 'order-placed')).toBeVisible({ timeout: 15_000 });
    const orderId = ((await byId(page, 'order-id').textContent()) ?? '').trim();

    const db = await page.evaluate(() => JSON.parse(localStorage.getItem('haowu.demo.db.v1') ?? '{}'));
    expect(db.orders).toHaveLength(1);
    expect(db.idempotency).toHaveLength(1);
    expect(db.orders[0].id).toBe(orderId);
    const cards = await openOrders(page);
    await expect(cards).toHaveCount(1);
    expect(await dbOrders(page)).toHaveLength(1);
  });

  test('two clicks in the same task (before the button re-renders) still make one order', async ({ page }) => {
    const p = buyable()[1];
    await addToCart(page, p, 1, 1);
    await page.goto('/checkout?latency=1500');
    await expect(byId(page, 'checkout-page')).toContainText(zh(p.title));
    await fillAddress(page, ADDRESS);
    // The button waits for the coupons, so the order is placed at the total shown.
    await expect(byId(page, 'place-order')).toBeEnabled();
    await byId(page, 'place-order').evaluate((b: HTMLButtonElement) => {
      b.click();
      b.click();
    });
    await expect(byId(page, 'place-order')).toBeDisabled();
    await expect(byId(page, 'order-placed')).toBeVisible({ timeout: 15_000 });
    // Both clicks ran in one task, so a second request would have ended with the first.
    expect(await dbOrders(page)).toHaveLength(1);
    const cards = await openOrders(page);
    await expect(cards).toHaveCount(1);
    expect(await dbOrders(page)).toHaveLength(1);
  });

  test('a reload keeps the form and the cart, and a reload during the request still makes one order', async ({ page }) => {
    const { a1, b } = twoShops();
    const [va, vb] = [headline(a1), headline(b)];
    await addToCart(page, a1, 1, 1);
    await addToCart(page, b, 1, 2);
    await openCart(page);
    await byId(page, 'go-checkout').click();
    await expect(page).toHaveURL(/\/checkout$/);
    await expect(byId(page, 'checkout-page')).toContainText(zh(a1.title));
    await expect(byId(page, 'checkout-page')).toContainText(zh(b.title));

    const lines: Line[] = [
      { product: a1, variant: va, qty: 1 },
      { product: b, variant: vb, qty: 1 },
    ];
    await fillAddress(page, { name: ADDRESS.name, phone: ADDRESS.phone });
    await byId(page, 'delivery-express').check();
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(quote(lines, 'express').total));

    await page.reload();
    await expect(byId(page, 'checkout-page')).toContainText(zh(a1.title));
    await expect(byId(page, 'checkout-page')).toContainText(zh(b.title));
    await expect(byId(page, 'addr-name')).toHaveValue(ADDRESS.name);
    await expect(byId(page, 'addr-phone')).toHaveValue(ADDRESS.phone);
    await expect(byId(page, 'addr-region')).toHaveValue('');
    await expect(byId(page, 'delivery-express')).toBeChecked();
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(quote(lines, 'express').total));
    await expect(byId(page, 'cart-badge')).toHaveText('2');
    expect((await storedCart(page)).map((l) => l.variant_id)).toEqual([va.id, vb.id]);

    // Finish the form on a slow backend, press Place order and reload while it is on its way.
    await page.goto('/checkout?latency=2000');
    await expect(byId(page, 'addr-name')).toHaveValue(ADDRESS.name);
    await fillAddress(page, { region: ADDRESS.region, street: ADDRESS.street });
    // Coupons arrive with the same latency; press only once the price with them shows (a press
    // before that orders without the coupons, at the price then shown).
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(quote(lines, 'express').total));
    await byId(page, 'place-order').click();
    await expect(byId(page, 'place-order')).toBeDisabled();
    await page.reload();
    expect(await dbOrders(page), 'the first request died with the page').toHaveLength(0);
    await expect(byId(page, 'order-placed')).toBeVisible({ timeout: 15_000 });
    const orderId = ((await byId(page, 'order-id').textContent()) ?? '').trim();
    await expect(byId(page, 'order-placed')).toContainText(yuan(quote(lines, 'express').total));

    const orders = await dbOrders(page);
    expect(orders).toHaveLength(1);
    expect(orders[0].id).toBe(orderId);
    expect(orders[0].lines.map((l) => l.variant_id).sort()).toEqual([va.id, vb.id].sort());
    const cards = await openOrders(page);
    await expect(cards).toHaveCount(1);
    await page.goto('/cart');
    await expect(byId(page, 'cart-empty')).toBeVisible();
    await expect(byId(page, 'cart-badge')).toHaveCount(0);
  });

  test('Buy now checks out one product without touching the empty cart', async ({ page }) => {
    const p = buyable().find((p) => maxQty(p, headline(p)) >= 2 && (p.options?.length ?? 0) > 0) ?? buyable()[0];
    const v = headline(p);
    await openProduct(page, p);
    await expect(byId(page, 'cart-badge')).toHaveCount(0);
    await byId(page, 'qty-increase').click();
    await expect(byId(page, 'qty')).toHaveText('2');
    await byId(page, 'buy-now').click();
    await expect(page).toHaveURL(/\/checkout\?buy=now$/);
    const checkout = byId(page, 'checkout-page');
    await expect(checkout).toContainText(zh(p.title));
    if (variantLabel(p, v)) await expect(checkout).toContainText(variantLabel(p, v));
    await expect(checkout).toContainText('×2');
    const lines: Line[] = [{ product: p, variant: v, qty: 2 }];
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(quote(lines).total));
    await expect(byId(page, 'cart-badge')).toHaveCount(0);
    expect(await storedCart(page)).toEqual([]);

    await fillAddress(page, ADDRESS);
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    await expect(byId(page, 'order-placed')).toContainText(yuan(quote(lines).total));
    await expect(byId(page, 'cart-badge')).toHaveCount(0);
    const orders = await dbOrders(page);
    expect(orders).toHaveLength(1);
    expect(orders[0].lines.map((l) => [l.variant_id, l.qty])).toEqual([[v.id, 2]]);

    await page.goto('/cart');
    await expect(byId(page, 'cart-empty')).toBeVisible();
    await expect(byId(page, 'cart-badge')).toHaveCount(0);
    const cards = await openOrders(page);
    await expect(cards).toHaveCount(1);
    await expect(cards.first()).toContainText(zh(p.title));
  });

  test('Buy now leaves the lines already in the cart alone', async ({ page }) => {
    const { a1, b } = twoShops();
    const [va, vb] = [headline(a1), headline(b)];
    await addToCart(page, a1, 1, 1);
    await addToCart(page, b, 1, 2);
    // Buy now the same variant that is in the cart: the cart line must stay.
    await openProduct(page, b);
    await byId(page, 'buy-now').click();
    await expect(page).toHaveURL(/\/checkout\?buy=now$/);
    await expect(byId(page, 'checkout-page')).toContainText(zh(b.title));
    await expect(byId(page, 'checkout-page')).not.toContainText(zh(a1.title));
    await expect(byId(page, 'checkout-total')).toHaveText(yuan(quote([{ product: b, variant: vb, qty: 1 }]).total));
    await fillAddress(page, ADDRESS);
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    expect((await dbOrders(page))[0].lines.map((l) => l.variant_id)).toEqual([vb.id]);
    await expect(byId(page, 'cart-badge')).toHaveText('2');
    expect((await storedCart(page)).map((l) => l.variant_id)).toEqual([va.id, vb.id]);
    await page.goto('/cart');
    await expect(byId(page, 'cart-line')).toHaveCount(2);
    await expect.poll(() => cartVariants(page)).toEqual([va.id, vb.id]);
  });

  test('a used address is offered as a chip that fills the form', async ({ page, context, consoleLog }) => {
    const p = buyable()[0];
    await addToCart(page, p, 1, 1);
    await page.goto('/checkout');
    await expect(byId(page, 'saved-address')).toHaveCount(0); // nothing used yet
    await fillAddress(page, ADDRESS);
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();

    // A second checkout in a new tab (new session: an empty form).
    const second = await context.newPage();
    guard(second, consoleLog);
    await addToCart(second, p, 1, 1);
    await second.goto('/checkout');
    await expect(byId(second, 'checkout-page')).toContainText(zh(p.title));
    const chip = byId(second, 'saved-address');
    await expect(chip).toHaveCount(1);
    await expect(chip).toContainText(ADDRESS.name);
    await expect(chip).toContainText(ADDRESS.street);
    await expectAddress(second, { name: '', phone: '', region: '', street: '' });

    await chip.click();
    await expectAddress(second, ADDRESS);
    await byId(second, 'place-order').click();
    // A new tab is a new session: sign-in comes first, then the order goes through.
    await completeSignIn(second);
    await expect(byId(second, 'order-placed')).toBeVisible();
    const orders = await dbOrders(second);
    expect(orders).toHaveLength(2);
    expect(orders.map((o) => (o as unknown as { address: Address }).address)).toEqual([ADDRESS, ADDRESS]);
    // The same address is remembered once, not twice.
    const saved = await second.evaluate(() => JSON.parse(localStorage.getItem('haowu.addresses.v1') ?? '[]'));
    expect(saved).toEqual([ADDRESS]);
    await second.close();
  });
});

test.describe('checkout after an order', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  // App bug (see the report of this spec): after an order placed without latency,
  // sessionStorage `haowu.pending_order.v1` still holds the placed order, so the next /checkout
  // in that tab resends it (same idempotency key): it shows the OLD order as "下单成功" and
  // removes the freshly added cart lines of those variants, without making a new order.
  test('the next checkout in the same tab is a new order, not the previous one again', async ({ page }) => {
    const { a1, b } = twoShops();
    const [va, vb] = [headline(a1), headline(b)];
    await addToCart(page, a1, 1, 1);
    await openCart(page);
    await byId(page, 'go-checkout').click();
    await fillAddress(page, ADDRESS);
    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    const firstId = ((await byId(page, 'order-id').textContent()) ?? '').trim();
    await expect(byId(page, 'cart-badge')).toHaveCount(0);

    // Shop again: the same variant and another one, then check out through the cart.
    await addToCart(page, a1, 1, 1);
    await addToCart(page, b, 1, 2);
    await openCart(page);
    await expect(byId(page, 'cart-line')).toHaveCount(2);
    await byId(page, 'go-checkout').click();
    await expect(page).toHaveURL(/\/checkout$/);
    // A fresh checkout: the form, ready to place a new order (not the old one re-sent).
    await expect(byId(page, 'place-order')).toBeEnabled({ timeout: 5_000 });
    await expect(byId(page, 'order-placed')).toHaveCount(0);
    await expect(byId(page, 'cart-badge')).toHaveText('2');
    expect((await storedCart(page)).map((l) => l.variant_id)).toEqual([va.id, vb.id]);

    await byId(page, 'place-order').click();
    await expect(byId(page, 'order-placed')).toBeVisible();
    await expect(byId(page, 'order-id')).not.toHaveText(firstId);
    const orders = await dbOrders(page);
    expect(orders).toHaveLength(2);
    expect(orders[0].lines.map((l) => l.variant_id).sort()).toEqual([va.id, vb.id].sort());
    await expect(byId(page, 'cart-badge')).toHaveCount(0);
  });
});
