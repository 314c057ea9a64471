// Phone-viewport screenshots of every route, for people to look at (docs/screenshots/).
// usage: scripts/screenshots [BASE_URL]   (default: serves dist/ itself on a free port)
import { chromium } from '@playwright/test';
import { readFileSync, mkdirSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });
const world = JSON.parse(readFileSync('public/demo/world.json', 'utf8'));
world.live = JSON.parse(readFileSync('public/demo/live.json', 'utf8')).live;
const phone = JSON.parse(readFileSync('tests/e2e/phone.json', 'utf8'));
const apparel = world.products.find((p) => p.category === 'apparel' && p.variants.some((v) => v.stock === 0));

async function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

let base = process.argv[2];
let server;
if (!base) {
  const port = await freePort();
  server = spawn('node_modules/.bin/serve', ['-s', 'dist', '-l', `tcp://127.0.0.1:${port}`, '--no-clipboard'], { stdio: 'ignore', env: { ...process.env, NO_UPDATE_CHECK: '1' } });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) { try { await fetch(base); break; } catch { await new Promise((r) => setTimeout(r, 100)); } }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: phone.args,
});
// DPR 1 keeps the committed PNGs small.
const context = await browser.newContext({ ...phone.context, deviceScaleFactor: 1 });
const page = await context.newPage();
const errors = [];
page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
page.on('pageerror', (e) => errors.push(String(e)));

const shots = [
  ['feed', '/', '[data-testid=feed-slide].is-active'],
  ['video-deep-link', `/v/${world.videos[19].id}`, '[data-testid=feed-slide].is-active'],
  ['live-list', '/live', '[data-testid=live-card]'],
  ['live-room', `/live/${world.live[0].id}`, '[data-testid=live-title]'],
  ['creator', `/@${world.creators[0].handle}`, '[data-testid=creator-video]'],
  ['product', `/p/${apparel.id}`, '[data-testid=add-to-cart]'],
  ['creator-showcase', `/@${world.creators[0].handle}?tab=showcase&sort=price_asc`, '[data-testid=showcase-item]'],
  ['creator-live', `/@${world.creators[0].handle}?tab=live`, '[data-testid=creator-lives] [data-testid=live-card]'],
  ['brand-en', `/@${world.creators.find((c) => c.brand).handle}?lang=en`, '[data-testid=creator-video]'],
  ['shop', `/shop/${world.shops[0].id}`, '[data-testid=shop-product]'],
  ['shop-new', '/shop/maomao', '[data-testid=new-shop]'],
  ['search', `/search?q=${encodeURIComponent('汉服')}`, '[data-testid=search-result]'],
  ['search-filtered', `/search?q=${encodeURIComponent('汉服')}&price=10000-30000&sort=price_desc`, '[data-testid=search-result]'],
  ['search-videos', `/search?q=${encodeURIComponent('#汉服')}&tab=videos`, '[data-testid=search-video]'],
  ['search-creators-en', `/search?q=tea&tab=creators&lang=en`, '[data-testid=search-result]'],
  ['me', '/me', '[data-testid=me-page]'],
  ['not-found', '/no/such/page', '[data-testid=not-found]'],
  ['config-error', '/?locale=xx', '[data-testid=config-error]'],
  ['feed-en', '/?lang=en', '[data-testid=feed-slide].is-active'],
  // Something that does not exist, and an error, as shoppers see them (both languages).
  ['gone', '/p/does-not-exist', '[data-testid=not-found]'],
  ['gone-en', '/p/does-not-exist?lang=en', '[data-testid=not-found]'],
  ['error', '/?fail=feed:1', '[data-testid=error-view]'],
  ['error-en', '/?fail=feed:1&lang=en', '[data-testid=error-view]'],
];
for (const [name, path, ready] of shots) {
  await page.goto(base + path);
  await page.waitForSelector(ready);
  await page.waitForLoadState('networkidle').catch(() => {});
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png  ${path}`);
}
// Text that could break the layout: a product title and a shop name that are one long word
// (zh, en), and the feed's product chip at 200 % zoom (a 195-px layout).
const LONG = 'https://example.com/very-long-product-title-without-any-break-at-all-aaaaaaaaaaaaaaaa';
await page.route('**/demo/world.json', async (route) => {
  const res = await route.fetch();
  const w = await res.json();
  const p = w.products.find((x) => x.id === 'hf-mamian');
  p.title = { zh: LONG, en: LONG };
  w.shops.find((x) => x.id === p.shop_id).name = { zh: `店${LONG}`, en: `Shop${LONG}` };
  await route.fulfill({ response: res, json: w });
});
for (const [name, lang] of [['long-title', 'zh-CN'], ['long-title-en', 'en']]) {
  await page.goto(`${base}/p/hf-mamian?lang=${lang}`);
  await page.waitForSelector('[data-testid=buy-now]');
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png`);
}
await page.unroute('**/demo/world.json');
const zoomed = await browser.newContext({ ...phone.context, viewport: { width: 195, height: 422 }, screen: { width: 195, height: 422 }, deviceScaleFactor: 2 });
const zoomPage = await zoomed.newPage();
for (const [name, lang] of [['feed-zoom-200', 'zh-CN'], ['feed-zoom-200-en', 'en']]) {
  await zoomPage.goto(`${base}/?lang=${lang}`);
  await zoomPage.waitForSelector('[data-testid=feed-slide].is-active [data-testid=product-chip]');
  await zoomPage.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png`);
}
await zoomed.close();

// The whole product page (gallery, buy panel, delivery, shop, details, clips, reviews), the
// gallery at its clip, and search suggestions as they come up.
await page.goto(`${base}/p/hf-mamian`);
await page.waitForSelector('[data-testid=review]');
await page.waitForLoadState('networkidle').catch(() => {});
await page.screenshot({ path: `${out}/product-full.png`, fullPage: true });
console.log(`${out}/product-full.png`);
await page.locator('.gallery-track').evaluate((el) => { el.scrollLeft = el.scrollWidth; });
await page.waitForFunction(() => document.querySelector('[data-testid=gallery-count]')?.textContent?.startsWith('3/'));
await page.screenshot({ path: `${out}/product-gallery-clip.png` });
console.log(`${out}/product-gallery-clip.png`);
await page.goto(`${base}/search`);
await page.getByTestId('search-input').pressSequentially('马面');
await page.waitForSelector('[data-testid=suggestion]');
await page.screenshot({ path: `${out}/search-suggestions.png` });
console.log(`${out}/search-suggestions.png`);

// The product sheet over the feed, a cart with a line, and checkout.
await page.goto(base + '/');
await page.locator('[data-testid=feed-slide].is-active [data-testid=product-chip]').click();
await page.waitForSelector('[data-testid=product-sheet] [data-testid=add-to-cart]');
await page.screenshot({ path: `${out}/product-sheet.png` });
console.log(`${out}/product-sheet.png`);
await page.locator('[data-testid=product-sheet] [data-testid=add-to-cart]').click();
await page.goto(base + '/cart');
await page.waitForSelector('[data-testid=cart-line]');
await page.screenshot({ path: `${out}/cart.png` });
console.log(`${out}/cart.png`);
await page.goto(base + '/checkout');
await page.waitForSelector('[data-testid=place-order]');
await page.screenshot({ path: `${out}/checkout.png` });
console.log(`${out}/checkout.png`);
// Place order as a guest: the sign-in sheet over checkout; then the order, its detail page.
const shot = async (name, options = {}) => {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await page.screenshot({ path: `${out}/${name}.png`, ...options });
  console.log(`${out}/${name}.png`);
};
const address = { name: '王小明', phone: '13800138000', region: '浙江省 杭州市 西湖区', street: '文三路 90 号 1 幢 502' };
const fill = async () => { for (const [k, v] of Object.entries(address)) await page.getByTestId(`addr-${k}`).fill(v); };
await fill();
await page.getByTestId('place-order').click();
await page.waitForSelector('[data-testid=sign-in-sheet]');
await page.getByTestId('sign-in-phone').fill('13912345678');
await shot('sign-in-sheet');
await page.getByTestId('sign-in-code').fill('246810');
await page.getByTestId('sign-in-submit').click();
await page.waitForSelector('[data-testid=order-placed]');
await page.getByTestId('view-order').click();
await page.waitForSelector('[data-testid=order-status]');
await shot('order-detail');
await page.goto(base + '/orders');
await page.waitForSelector('[data-testid=order-card]');
await shot('orders');
// Coupon choice and a price that changed after the cart (the demo "server" drops it ¥10).
const skirt = world.products.find((p) => p.id === 'hf-mamian');
await page.goto(`${base}/p/${skirt.id}`);
await page.getByTestId('add-to-cart').click();
await page.goto(`${base}/checkout?reprice=${skirt.id}:-1000`);
await page.waitForSelector('[data-testid=coupon-option]');
await fill();
await page.getByTestId('coupon-choice').scrollIntoViewIfNeeded();
await shot('checkout-coupons');
await page.getByTestId('place-order').click();
await page.waitForSelector('[data-testid=order-changes]');
await shot('checkout-price-changed');
await page.getByTestId('confirm-new-total').click();
await page.waitForSelector('[data-testid=order-placed]');
// Offline: the banner and an order waiting for the network.
await page.goto(`${base}/p/${skirt.id}`);
await page.getByTestId('add-to-cart').click();
await page.getByTestId('tab-cart').click();
await page.getByTestId('go-checkout').click();
await page.waitForSelector('[data-testid=coupon-option]');
await context.setOffline(true);
await page.getByTestId('place-order').click();
await page.waitForSelector('[data-testid=order-queued]');
await shot('offline-order-queued');
await context.setOffline(false);
await page.waitForSelector('[data-testid=order-placed]');
errors.splice(0, errors.length, ...errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED')));

await browser.close();
server?.kill();
if (errors.length) { console.error('console errors:\n  ' + errors.join('\n  ')); process.exit(1); }
