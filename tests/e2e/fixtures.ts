/**
 * Shared Playwright fixtures and helpers for Haowu's end-to-end tests.
 *
 * - `test`: Playwright's test with an automatic `consoleLog` fixture that records console
 *   errors/warnings, uncaught page errors and Content-Security-Policy violations (the build
 *   ships a strict policy: every test runs under it), attaches them to the report, and FAILS the
 *   test at the end if any console error, pageerror or CSP violation occurred. Tests that expect errors allow-list them:
 *   `test.use({ allowConsoleErrors: [/panicked/] })` for a whole file/describe, or
 *   `consoleLog.allow(/pattern/)` inside one test.
 * - `world()`: the demo world (public/demo/world.json), typed loosely, plus small lookup helpers.
 * - `swipe(page, direction)`: a real touch swipe through CDP `Input.dispatchTouchEvent`
 *   (Playwright has no swipe gesture; `Input.synthesizeScrollGesture` does not move a
 *   scroll-snap feed in headless Chromium).
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

export { expect };

// ---------------------------------------------------------------------------------------------
// console / page error guard

export type ConsoleIssue = {
  kind: 'console.error' | 'console.warning' | 'pageerror' | 'csp';
  text: string;
  location?: string;
};

export type Pattern = string | RegExp;

export class ConsoleLog {
  readonly issues: ConsoleIssue[] = [];
  private readonly allowed: Pattern[];

  constructor(allowed: Pattern[]) {
    this.allowed = [...allowed];
  }

  /** Allow console errors / page errors matching one of the patterns (a string matches as a substring). */
  allow(...patterns: Pattern[]): void {
    this.allowed.push(...patterns);
  }

  isAllowed(issue: ConsoleIssue): boolean {
    return this.allowed.some((p) => (typeof p === 'string' ? issue.text.includes(p) : p.test(issue.text)));
  }

  /** Errors (console.error and pageerror) that are not allow-listed, and every CSP violation. */
  errors(): ConsoleIssue[] {
    return this.issues.filter((i) => i.kind === 'csp' || (i.kind !== 'console.warning' && !this.isAllowed(i)));
  }

  /** Content-Security-Policy violations (never allowed). */
  cspViolations(): ConsoleIssue[] {
    return this.issues.filter((i) => i.kind === 'csp');
  }

  /** Every recorded error, allow-listed or not. */
  allErrors(): ConsoleIssue[] {
    return this.issues.filter((i) => i.kind !== 'console.warning');
  }

  warnings(): ConsoleIssue[] {
    return this.issues.filter((i) => i.kind === 'console.warning');
  }
}

function format(issues: ConsoleIssue[]): string {
  return issues.map((i) => `  - [${i.kind}] ${i.text}${i.location ? `  (${i.location})` : ''}`).join('\n');
}

type Fixtures = {
  /** Console errors / page errors that a test expects (option; set with `test.use`). */
  allowConsoleErrors: Pattern[];
  /** Records console errors/warnings and page errors; the test fails on any non-allowed error. */
  consoleLog: ConsoleLog;
};

export const test = base.extend<Fixtures>({
  allowConsoleErrors: [[], { option: true }],

  consoleLog: [
    async ({ page, allowConsoleErrors }, use, testInfo: TestInfo) => {
      const log = new ConsoleLog(allowConsoleErrors);
      let recording = true;
      page.on('console', (msg) => {
        if (!recording) return;
        const type = msg.type();
        if (type !== 'error' && type !== 'warning') return;
        const loc = msg.location();
        log.issues.push({
          kind: type === 'error' ? 'console.error' : 'console.warning',
          text: msg.text(),
          location: loc?.url ? `${loc.url}:${loc.lineNumber}:${loc.columnNumber}` : undefined,
        });
      });
      page.on('pageerror', (err) => {
        if (!recording) return;
        log.issues.push({ kind: 'pageerror', text: `${err.name}: ${err.message}` });
      });
      // Every violation of the page's Content-Security-Policy, as the browser reports it.
      await page.exposeFunction('__haowuCspViolation', (v: { directive: string; blocked: string; sample: string; source: string }) => {
        if (recording) {
          log.issues.push({ kind: 'csp', text: `CSP ${v.directive} blocked ${v.blocked || '(inline)'} ${v.sample}`, location: v.source });
        }
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          (window as unknown as { __haowuCspViolation: (v: object) => void }).__haowuCspViolation({
            directive: e.effectiveDirective,
            blocked: e.blockedURI,
            sample: e.sample,
            source: `${e.sourceFile}:${e.lineNumber}`,
          });
        });
      });

      await use(log);
      recording = false;

      if (log.issues.length) {
        await testInfo.attach('console', {
          body: format(log.issues),
          contentType: 'text/plain',
        });
      }
      const errors = log.errors();
      if (errors.length) {
        throw new Error(
          `${errors.length} console error(s) / page error(s) during the test ` +
            `(allow-list expected ones with consoleLog.allow() or test.use({ allowConsoleErrors })):\n` +
            format(errors),
        );
      }
    },
    { auto: true },
  ],
});

// ---------------------------------------------------------------------------------------------
// the demo world

export type Text = { zh: string; en: string };
export type Money = { amount: number; currency: string };
export type Variant = { id: string; values: string[]; price: Money; original_price?: Money; stock: number };
export type OptionValue = { id: string; label: Text };
export type VariantOption = { id: string; name: Text; values: OptionValue[] };
export type Product = {
  id: string;
  shop_id: string;
  category: string;
  title: Text;
  description?: Text;
  images?: string[];
  options?: VariantOption[];
  variants: Variant[];
  sold?: number;
};
export type Creator = { handle: string; name: Text; bio?: Text; live_now?: string; shop_id?: string };
export type Video = { id: string; creator: string; caption: Text; products: string[] };
export type Live = { id: string; title: Text; host: string; bag: string[]; starts_after_ms?: number; replay?: object };
export type World = {
  categories: { id: string; name: Text }[];
  shops: { id: string; name: Text }[];
  creators: Creator[];
  products: Product[];
  videos: Video[];
  live: Live[];
};

export const WORLD_PATH = path.resolve(__dirname, '../../public/demo/world.json');
/** The live shows (a file of their own, for designers). */
export const LIVE_PATH = path.resolve(__dirname, '../../public/demo/live.json');
let worldCache: World | undefined;

/** The demo world from public/demo/world.json with the shows of live.json (read once per worker). */
export function world(): World {
  if (!worldCache) {
    if (!fs.existsSync(WORLD_PATH)) {
      throw new Error(`${WORLD_PATH} is missing: the demo world is generated into public/demo/ (see README)`);
    }
    worldCache = JSON.parse(fs.readFileSync(WORLD_PATH, 'utf8')) as World;
    worldCache.live = JSON.parse(fs.readFileSync(LIVE_PATH, 'utf8')).live;
  }
  return worldCache;
}

/** The text the zh-CN page shows for a {zh, en} field (falls back to en like the app does). */
export function zh(t: Text | string | undefined): string {
  if (t === undefined) return '';
  if (typeof t === 'string') return t;
  return t.zh || t.en;
}

export function creator(handle: string): Creator {
  const c = world().creators.find((c) => c.handle === handle);
  if (!c) throw new Error(`world.json has no creator @${handle}`);
  return c;
}

export function product(id: string): Product {
  const p = world().products.find((p) => p.id === id);
  if (!p) throw new Error(`world.json has no product ${id}`);
  return p;
}

/** A product whose first variant is in stock (the add-to-cart default). */
export function inStockProduct(): Product {
  const p = world().products.find((p) => p.variants.length > 0 && p.variants[0].stock > 0);
  if (!p) throw new Error('world.json has no product whose first variant is in stock');
  return p;
}

/** Escape a string for use in a RegExp. */
export function re(s: string): RegExp {
  return new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

// ---------------------------------------------------------------------------------------------
// touch swipes

export type Direction = 'up' | 'down' | 'left' | 'right';

/**
 * Swipe with one finger: touchStart, `steps` touchMoves `stepMs` apart, touchEnd, over
 * `distance` px through the middle of the viewport (or of `at`). 'up' moves the finger up, i.e.
 * shows the NEXT slide of a vertical feed; 'down' shows the previous one. Needs a context with
 * `isMobile: true, hasTouch: true` (the phone project). Waits `settleMs` for scroll snapping.
 */
export async function swipe(
  page: Page,
  direction: Direction,
  opts: { distance?: number; steps?: number; stepMs?: number; settleMs?: number; at?: { x: number; y: number } } = {},
): Promise<void> {
  const { distance = 500, steps = 10, stepMs = 16, settleMs = 500 } = opts;
  const vp = page.viewportSize() ?? { width: 390, height: 844 };
  const cx = opts.at?.x ?? Math.round(vp.width / 2);
  const cy = opts.at?.y ?? Math.round(vp.height / 2);
  const half = distance / 2;
  const [dx, dy] = {
    up: [0, -1],
    down: [0, 1],
    left: [-1, 0],
    right: [1, 0],
  }[direction];
  const from = { x: cx - dx * half, y: cy - dy * half };
  const cdp = await page.context().newCDPSession(page);
  try {
    const point = (x: number, y: number) => [{ x: Math.round(x), y: Math.round(y), id: 1, radiusX: 1, radiusY: 1, force: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(from.x, from.y) });
    for (let i = 1; i <= steps; i++) {
      await page.waitForTimeout(stepMs);
      const t = i / steps;
      await cdp.send('Input.dispatchTouchEvent', {
        type: 'touchMove',
        touchPoints: point(from.x + dx * distance * t, from.y + dy * distance * t),
      });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  } finally {
    await cdp.detach().catch(() => {});
  }
  if (settleMs > 0) await page.waitForTimeout(settleMs);
}

/** A phone number the demo backend accepts, and a code it accepts (any six digits but 000000). */
export const SHOPPER_PHONE = '13912345678';
export const DEMO_CODE = '246810';

/** Fills and submits the sign-in sheet that is open on `page`. */
export async function completeSignIn(page: Page, phone = SHOPPER_PHONE): Promise<void> {
  const sheet = page.getByTestId('sign-in-sheet');
  await expect(sheet).toBeVisible();
  await sheet.getByTestId('sign-in-phone').fill(phone);
  await sheet.getByTestId('sign-in-code').fill(DEMO_CODE);
  await sheet.getByTestId('sign-in-submit').click();
  await expect(sheet).toHaveCount(0);
}

/** Signs in from the Me page (the session lasts as long as the tab). */
export async function signIn(page: Page, phone = SHOPPER_PHONE): Promise<void> {
  await page.goto('/me');
  await page.getByTestId('sign-in-open').click();
  await completeSignIn(page, phone);
  await expect(page.getByTestId('me-phone')).toHaveText(`${phone.slice(0, 3)}****${phone.slice(7)}`);
}

/** Fails on serious or critical axe violations (wcag2a, wcag2aa) of what `page` shows now; every
 * violation found is attached to the report. */
export async function expectAccessible(page: Page, testInfo: TestInfo, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = results.violations.map(
    (v) => `${v.impact ?? '?'} ${v.id}: ${v.help} — ${v.nodes.length} node(s): ${v.nodes
      .slice(0, 3)
      .map((n) => n.target.join(' '))
      .join(', ')}`,
  );
  if (summary.length) await testInfo.attach(`axe violations: ${label}`, { body: summary.join('\n'), contentType: 'text/plain' });
  const blocking = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    blocking.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`),
    label,
  ).toEqual([]);
}
