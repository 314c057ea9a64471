/**
 * The demo's scripted live shows can run faster (`?speed=`), so a designer can demo a whole show
 * in a minute.
 */
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';

/** Distinct comments the room shows during `ms` real milliseconds. */
async function commentsDuring(page: Page, ms: number): Promise<number> {
  return page.evaluate(
    (ms) =>
      new Promise<number>((resolve) => {
        const list = document.querySelector('[data-testid="live-comments"]')!;
        const seen = new Set<string>();
        const note = () => list.querySelectorAll('li').forEach((li) => seen.add(li.textContent ?? ''));
        const before = new Set<string>();
        list.querySelectorAll('li').forEach((li) => before.add(li.textContent ?? ''));
        const observer = new MutationObserver(note);
        observer.observe(list, { childList: true, subtree: true });
        setTimeout(() => {
          observer.disconnect();
          resolve([...seen].filter((t) => !before.has(t)).length);
        }, ms);
      }),
    ms,
  );
}

test('?speed=10 plays the live show ten times faster', async ({ page }) => {
  // The scripted shows have a comment every 1.5–2.5 s of show time: in 3 real seconds at real
  // speed that is one or two; at ten times the speed, 30 s of show, about a dozen.
  await page.goto('/live/live_snack?speed=10');
  await expect(page.getByTestId('live-comments')).toBeVisible();
  expect(await commentsDuring(page, 3_000)).toBeGreaterThanOrEqual(6);
  await page.goto('/live/live_snack');
  await expect(page.getByTestId('live-comments')).toBeVisible();
  expect(await commentsDuring(page, 3_000)).toBeLessThanOrEqual(3);
});
