/**
 * Shared shopping helpers for the cart, checkout, account and resilience specs: world data
 * (products, coupons), the app's pricing arithmetic re-done independently, and page actions.
 *
 * Expected prices are computed from public/demo/world.json with a copy of the app's pricing
 * arithmetic (src/model/pricing.rs: best coupon per shop, then one platform-wide coupon; the
 * demo world offers coupons to everyone) and formatted like src/format.rs does for zh-CN.
 * Orders live in the demo "server" database, localStorage `haowu.demo.db.v1`.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, world, zh, type ConsoleLog, type Money, type Product, type Text, type Variant } from './fixtures';

// ---------------------------------------------------------------------------------------------
// world data

export type LimitedProduct = Product & { purchase_limit?: number };
export type Coupon = { id: string; shop_id?: string; min_spend: Money; discount: Money; expires_at: number; claim?: object };
export type Line = { product: LimitedProduct; variant: Variant; qty: number };

export const byId = (page: Page, testid: string) => page.getByTestId(testid);

/** The variant the product page preselects: the cheapest in-stock one (the first of equals). */
export function headline(p: Product): Variant {
  const inStock = p.variants.filter((v) => v.stock > 0);
  const pool = inStock.length ? inStock : p.variants;
  return pool.reduce((best, v) => (v.price.amount < best.price.amount ? v : best));
}

/** The most of a variant one order may hold: stock capped by the purchase limit. */
export function maxQty(p: LimitedProduct, v: Variant): number {
  return p.purchase_limit === undefined ? v.stock : Math.min(p.purchase_limit, v.stock);
}

export function products(): LimitedProduct[] {
  return world().products as LimitedProduct[];
}

/** Products whose preselected variant is in stock, with at least `minStock` units. */
export function buyable(minStock = 3): LimitedProduct[] {
  return products().filter((p) => p.variants.length > 0 && headline(p).stock >= minStock);
}

/** Two buyable products of one shop and one of another shop. */
export function twoShops(): { a1: LimitedProduct; a2: LimitedProduct; b: LimitedProduct } {
  const all = buyable();
  for (const a1 of all) {
    const a2 = all.find((p) => p.shop_id === a1.shop_id && p.id !== a1.id);
    const b = all.find((p) => p.shop_id !== a1.shop_id);
    if (a2 && b) return { a1, a2, b };
  }
  throw new Error('world.json has no shop with two buyable products plus another shop');
}

/** Every coupon of the demo world (room coupons and the ones a live script hands out). */
/** The coupons every shopper holds (a live room's claimable ones need claiming first). */
export function coupons(): Coupon[] {
  return allCoupons().filter((c) => !c.claim);
}

/** Every coupon the live rooms offer. */
export function allCoupons(): Coupon[] {
  const all: Coupon[] = [];
  for (const room of world().live as unknown as { coupons?: Coupon[]; script?: ({ type: string } & Partial<Coupon>)[] }[]) {
    const found = [...(room.coupons ?? []), ...(room.script ?? []).filter((e) => e.type === 'coupon').map((e) => e as unknown as Coupon)];
    for (const c of found) if (!all.some((x) => x.id === c.id)) all.push(c);
  }
  return all;
}

/** src/model/pricing.rs `quote`, in fen; `only`: the coupons the shopper picked (default: all offered). */
export function quote(lines: Line[], delivery: 'standard' | 'express' = 'standard', only?: string[]) {
  const now = Date.now();
  const lineTotal = (l: Line) => l.variant.price.amount * l.qty;
  const subtotal = lines.reduce((s, l) => s + lineTotal(l), 0);
  const usable = coupons().filter(
    (c) => c.expires_at > now && c.discount.currency === 'CNY' && c.discount.amount > 0 && (!only || only.includes(c.id)),
  );
  let discount = 0;
  for (const shop of [...new Set(lines.map((l) => l.product.shop_id))]) {
    const shopTotal = lines.filter((l) => l.product.shop_id === shop).reduce((s, l) => s + lineTotal(l), 0);
    const offs = usable
      .filter((c) => c.shop_id === shop && shopTotal >= c.min_spend.amount)
      .map((c) => Math.min(c.discount.amount, shopTotal));
    if (offs.length) discount += Math.max(...offs);
  }
  const left = subtotal - discount;
  const platform = usable.filter((c) => !c.shop_id && left >= c.min_spend.amount).map((c) => Math.min(c.discount.amount, left));
  if (platform.length) discount += Math.max(...platform);
  const shipping = delivery === 'express' ? 1200 : 0;
  return { subtotal, discount, shipping, total: subtotal - discount + shipping };
}

/** src/format.rs `price` for zh-CN: "¥129", "¥9.90", "¥1299". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const minor = abs % 100;
  return `${sign}¥${Math.floor(abs / 100)}${minor ? `.${String(minor).padStart(2, '0')}` : ''}`;
}

export function variantLabel(p: Product, v: Variant): string {
  return (p.options ?? [])
    .map((o, i) => o.values.find((x) => x.id === v.values[i]))
    .filter((x): x is { id: string; label: Text } => !!x)
    .map((x) => zh(x.label))
    .join(' / ');
}

export function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

// ---------------------------------------------------------------------------------------------
// page helpers

/** Records console errors and page errors of a second tab into the test's console guard. */
export function guard(page: Page, log: ConsoleLog): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error') log.issues.push({ kind: 'console.error', text: `[second tab] ${msg.text()}` });
  });
  page.on('pageerror', (err) => log.issues.push({ kind: 'pageerror', text: `[second tab] ${err.name}: ${err.message}` }));
}

/** Opens a product page and waits until its buy panel works, with the cheapest in-stock variant chosen. */
export async function openProduct(page: Page, p: Product): Promise<void> {
  await page.goto(`/p/${p.id}`);
  await expect(byId(page, 'product-title')).toContainText(zh(p.title));
  await expect(byId(page, 'add-to-cart')).toBeEnabled();
  const v = headline(p);
  for (const [i, option] of (p.options ?? []).entries()) {
    const value = option.values.find((x) => x.id === v.values[i]);
    if (!value) continue;
    const button = byId(page, 'variant-option').filter({ hasText: exactly(zh(value.label)) }).first();
    await expect(button, `${zh(option.name)} ${zh(value.label)} is preselected`).toHaveAttribute('aria-pressed', 'true');
  }
  await expect(byId(page, 'qty')).toHaveText('1');
}

/** Adds `qty` of the preselected variant from the product page; the badge must then read `badge`. */
export async function addToCart(page: Page, p: Product, qty: number, badge: number): Promise<void> {
  await openProduct(page, p);
  for (let n = 2; n <= qty; n++) {
    await byId(page, 'qty-increase').click();
    await expect(byId(page, 'qty')).toHaveText(String(n));
  }
  await byId(page, 'add-to-cart').click();
  await expect(byId(page, 'cart-badge')).toHaveText(String(badge));
}

/** Goes to the cart through the tab bar (a client-side navigation, like a shopper). */
export async function openCart(page: Page): Promise<void> {
  await byId(page, 'tab-cart').click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(byId(page, 'cart-page')).toBeVisible();
}

export function cartLine(page: Page, variantId: string): Locator {
  return page.locator(`[data-testid="cart-line"][data-variant="${variantId}"]`);
}

export async function cartVariants(page: Page): Promise<string[]> {
  return byId(page, 'cart-line').evaluateAll((els) => els.map((e) => e.getAttribute('data-variant') ?? ''));
}

export async function shopGroups(page: Page): Promise<string[]> {
  return byId(page, 'cart-shop').evaluateAll((els) => els.map((e) => e.getAttribute('data-shop') ?? ''));
}

export type Address = { name: string; phone: string; region: string; street: string };
export const ADDRESS: Address = { name: '王小明', phone: '13800138000', region: '浙江省 杭州市 西湖区', street: '文三路 90 号 1 幢 502' };

export async function fillAddress(page: Page, a: Partial<Address>): Promise<void> {
  for (const [field, value] of Object.entries(a)) {
    await byId(page, `addr-${field}`).fill(value);
  }
}

export async function expectAddress(page: Page, a: Address): Promise<void> {
  for (const [field, value] of Object.entries(a)) {
    await expect(byId(page, `addr-${field}`), `addr-${field}`).toHaveValue(value);
  }
}

/** Orders in the demo "server" database (localStorage). */
export async function dbOrders(page: Page): Promise<{ id: string; lines: { variant_id: string; qty: number }[]; total: Money }[]> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('haowu.demo.db.v1') ?? '{"orders":[]}').orders ?? []);
}

export async function openOrders(page: Page): Promise<Locator> {
  await page.goto('/orders');
  await expect(byId(page, 'orders-page')).toBeVisible();
  const cards = byId(page, 'order-card');
  await expect(cards.first().or(byId(page, 'orders-empty'))).toBeVisible();
  return cards;
}

/** The cart as stored (what other tabs and a reload see). */
export async function storedCart(page: Page): Promise<{ variant_id: string; qty: number }[]> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('haowu.cart.v1') ?? '{"lines":[]}').lines ?? []);
}

