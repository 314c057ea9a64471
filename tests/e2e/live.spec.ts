/**
 * Issue 10, item 2: the live room's video. The real HLS streams (public/media/live/<room>/,
 * H.264, 20 s, looping) served by the test server, played natively and through hls.js
 * (`?hls=js` forces it: Chromium plays HLS natively too), with the playback time asserted to
 * advance.
 *
 * The browser runs with its DEFAULT autoplay policy here (no --autoplay-policy flag): a room
 * opened from a shared link has had no gesture, so only muted autoplay is allowed, which is what
 * a phone allows. (The flag the other specs run with would hide a room that forgets to mute.)
 * Playwright's `evaluate`, its locators and its exposed functions all run as a user gesture, so
 * the shared-link tests read nothing from the page until the room's first play() has settled:
 * the page logs each play() to the console (`watchPlays`), with whether it had a gesture.
 */
import type { Page, Request } from '@playwright/test';
import phone from './phone.json';
import { test, expect, world, type ConsoleLog } from './fixtures';

test.use({ launchOptions: { executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: phone.args.filter((a) => !a.startsWith('--autoplay-policy')) } });
// The trace's DOM snapshots are taken by script in the page, which counts as a user gesture:
// the trace keeps its screenshots only, so a room really opens with no gesture.
test.use({ trace: { mode: 'retain-on-failure', snapshots: false } });

const ROOM = 'live_snack';
const byId = (page: Page, id: string) => page.getByTestId(id);
const video = (page: Page) => byId(page, 'live-video');

const isHlsJs = (url: string) => /\/pkg\/hls-[\w-]{10}\.js$/.test(new URL(url).pathname);
const isSegment = (url: string) => /\/media\/live\/[\w-]+\/seg\d+\.ts$/.test(new URL(url).pathname);

/** Every request the page makes, by path, from now on. */
function recordRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r: Request) => seen.push(r.url()));
  return seen;
}

type Playback = { t: number; paused: boolean; muted: boolean; engine: string | undefined };
const playback = (page: Page): Promise<Playback> =>
  video(page).evaluate((v: HTMLVideoElement) => ({ t: v.currentTime, paused: v.paused, muted: v.muted, engine: v.dataset.engine }));

/** Waits until the room's video plays and its time has advanced by `seconds` from when it
 * started to play (so playback really runs, not just "not paused"). */
async function expectAdvancing(page: Page, seconds = 1.5): Promise<Playback> {
  await expect.poll(async () => (await playback(page)).t, { timeout: 15_000 }).toBeGreaterThan(0.1);
  const from = (await playback(page)).t;
  await expect.poll(async () => (await playback(page)).t, { timeout: 15_000 }).toBeGreaterThan(from + seconds);
  const now = await playback(page);
  expect(now.paused).toBe(false);
  return now;
}

type Play = { gesture: boolean; muted: boolean; room: boolean; result: string };

/** Logs every play() call, whether the page had had a user gesture by then (sticky activation),
 * whether the video was muted, and how the call ended. Returns the room video's calls so far. */
async function watchPlays(page: Page): Promise<Play[]> {
  const plays: Play[] = [];
  page.on('console', (m) => {
    if (m.text().startsWith('haowu-play ')) {
      const play = JSON.parse(m.text().slice('haowu-play '.length)) as Play;
      if (play.room) plays.push(play);
    }
  });
  await page.addInitScript(() => {
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      const call = { gesture: navigator.userActivation.hasBeenActive, muted: this.muted, room: this.dataset.testid === 'live-video' };
      const done = play.call(this);
      done.then(
        () => console.log(`haowu-play ${JSON.stringify({ ...call, result: 'ok' })}`),
        (e: Error) => console.log(`haowu-play ${JSON.stringify({ ...call, result: e.name })}`),
      );
      return done;
    };
  });
  return plays;
}

/** Waits (without touching the page) until the room's video has started: its first successful
 * play(), which must have had no user gesture and been muted. */
async function expectStartedWithoutGesture(plays: Play[]): Promise<void> {
  await expect.poll(() => plays.some((p) => p.result === 'ok'), { timeout: 15_000 }).toBe(true);
  const first = plays.find((p) => p.result === 'ok')!;
  expect(first, 'autoplay with no gesture, muted').toEqual({ gesture: false, muted: true, room: true, result: 'ok' });
}

/** Records layout shifts not caused by input (what CLS counts). */
async function watchShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __shifts: string[] };
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean; sources: { node?: Node }[] }[]) {
        // A text node is named with the element it is in.
        const name = (n?: Node) => (n instanceof Element ? n.className : n ? `${n.nodeName} in ${(n.parentElement?.className || n.parentElement?.tagName) ?? '?'}` : '?');
        if (!e.hadRecentInput) w.__shifts.push(`${e.value.toFixed(4)} ${e.sources.map((s) => name(s.node)).join(', ')}`);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}
const shifts = (page: Page) => page.evaluate(() => (window as unknown as { __shifts: string[] }).__shifts);

/** The abort of a blocked request shows in the console as a failed resource load. */
const allowBlocked = (log: ConsoleLog) => log.allow(/Failed to load resource/);

test.describe('the live room plays its stream', () => {
  test('a shared link starts playing muted under the default autoplay policy (native HLS); neither it nor / loads hls.js', async ({ page }) => {
    const requests = recordRequests(page);
    const plays = await watchPlays(page);
    await watchShifts(page);
    await page.goto(`/live/${ROOM}`);
    await expectStartedWithoutGesture(plays);
    const p = await expectAdvancing(page);
    expect(await shifts(page), 'no layout shift').toEqual([]);
    expect(p.muted).toBe(true);
    expect(p.engine).toBe('native');
    expect(await page.evaluate(() => document.createElement('video').canPlayType('application/vnd.apple.mpegurl'))).not.toBe('');
    expect(requests.filter(isHlsJs), 'a browser with native HLS never loads hls.js').toEqual([]);
    expect(requests.some(isSegment)).toBe(true);
    // Muted: the toggle offers sound, and says so.
    const toggle = byId(page, 'live-sound');
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(toggle).toHaveAccessibleName('打开声音');
    await expect(toggle).toContainText('点击开启声音');
    await expect(byId(page, 'live-reconnecting')).toHaveCount(0);

    // The feed's first clip plays: the first load is done, still without hls.js.
    await page.goto('/');
    await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('video')].some((v) => !v.paused && v.currentTime > 0))).toBe(true);
    expect(requests.filter(isHlsJs), 'hls.js is not in the first load').toEqual([]);
  });

  test('with hls.js forced (?hls=js) it loads hls.js, plays on Media Source Extensions, muted, and loops', async ({ page }) => {
    const requests = recordRequests(page);
    const plays = await watchPlays(page);
    await watchShifts(page);
    await page.goto(`/live/${ROOM}?hls=js`);
    await expectStartedWithoutGesture(plays);
    const p = await expectAdvancing(page);
    expect(p.muted).toBe(true);
    expect(p.engine).toBe('hls.js');
    expect(await shifts(page), 'no layout shift').toEqual([]);
    expect(requests.filter(isHlsJs), 'hls.js, once').toHaveLength(1);
    // The media is a Media Source (a blob: URL), fed by hls.js from the stream's segments.
    expect(await video(page).evaluate((v: HTMLVideoElement) => v.src)).toMatch(/^blob:/);
    expect(requests.some(isSegment)).toBe(true);
    // The 20-second stream loops: near its end it starts over and keeps playing.
    await video(page).evaluate((v: HTMLVideoElement) => { v.currentTime = v.duration - 1; });
    await expect.poll(async () => (await playback(page)).t, { timeout: 10_000 }).toBeLessThan(5);
    await expectAdvancing(page, 1);
  });

  test('a room that ended says so and plays its replay (an MP4) as a plain video, muted, with the host\'s profile a tap away', async ({ page }) => {
    const ended = world().live.find((l) => l.replay)!;
    const replay = (ended as unknown as { replay: { src: string } }).replay.src;
    const requests = recordRequests(page);
    const plays = await watchPlays(page);
    // Even with hls.js forced: an MP4 does not need it.
    await page.goto(`/live/${ended.id}?hls=js`);
    await expectStartedWithoutGesture(plays);
    await expect(page.getByTestId('live-ended')).toBeVisible();
    await expect(page.getByTestId('live-ended')).toContainText('直播已结束');
    await expect(page.getByTestId('host-profile')).toHaveAttribute('href', `/@${ended.host}`);
    const p = await expectAdvancing(page, 1);
    expect(p.engine).toBe('file');
    expect(p.muted).toBe(true);
    expect(await video(page).evaluate((v: HTMLVideoElement) => new URL(v.src).pathname)).toBe(replay);
    expect(requests.filter(isHlsJs), 'an MP4 needs no hls.js').toEqual([]);
    // "Watch replay" puts the panel away; the replay plays on.
    await page.getByTestId('watch-replay').click();
    await expect(page.getByTestId('watch-replay')).toHaveCount(0);
    await expectAdvancing(page, 1);
    // Its room sends no events: the replay is all there is.
    expect(requests.filter((u) => /\/events/.test(u))).toEqual([]);
  });
});

test.describe('sound', () => {
  test('reached from the feed after the shopper turned sound on there, the room plays with sound; its toggle changes the same choice', async ({ page }) => {
    await page.goto('/');
    const slide = page.locator('[data-testid="feed-slide"].is-active');
    await expect.poll(() => slide.evaluate((el) => { const v = el.querySelector('video'); return !!v && !v.paused && v.currentTime > 0; })).toBe(true);
    await slide.getByTestId('sound-toggle').click();
    await expect(slide.getByTestId('sound-toggle')).toHaveAttribute('aria-pressed', 'true');

    await byId(page, 'tab-live').click();
    await page.locator(`[data-testid="live-card"][href="/live/${ROOM}"]`).click();
    const p = await expectAdvancing(page);
    expect(p.muted, 'the room follows the sound choice').toBe(false);
    const toggle = byId(page, 'live-sound');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(toggle).toHaveAccessibleName('关闭声音');
    await expect(toggle).not.toContainText('点击开启声音');

    // Muting in the room mutes the feed too: one choice.
    await toggle.click();
    await expect.poll(async () => (await playback(page)).muted).toBe(true);
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await page.goBack();
    await page.goBack();
    await expect(page).toHaveURL(/\/$/);
    await expect(slide.getByTestId('sound-toggle')).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => slide.evaluate((el) => el.querySelector('video')!.muted)).toBe(true);
  });

  test('the mute toggle is visible, labelled, and flips muted while the stream keeps playing', async ({ page }) => {
    await page.goto(`/live/${ROOM}`);
    await expectAdvancing(page);
    const toggle = byId(page, 'live-sound');
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAccessibleName('打开声音');
    await toggle.click();
    await expect.poll(async () => (await playback(page)).muted).toBe(false);
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(toggle).toHaveAccessibleName('关闭声音');
    // The tap was a gesture: playing with sound is allowed, and it goes on.
    expect((await expectAdvancing(page, 1)).muted).toBe(false);
    expect(await page.evaluate(() => sessionStorage.getItem('haowu.sound'))).toBe('true');
    await toggle.click();
    await expect.poll(async () => (await playback(page)).muted).toBe(true);
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  });

  test('in English the toggle says so', async ({ page }) => {
    await page.goto(`/live/${ROOM}?lang=en`);
    await expectAdvancing(page, 0.5);
    await expect(byId(page, 'live-sound')).toHaveAccessibleName('Turn sound on');
    await expect(byId(page, 'live-sound')).toContainText('Tap to unmute');
  });

  test('with sound on but no gesture yet (a reload), the refused autoplay falls back to muted and plays', async ({ page }) => {
    await page.addInitScript(() => sessionStorage.setItem('haowu.sound', 'true'));
    const plays = await watchPlays(page);
    await page.goto(`/live/${ROOM}`);
    await expect.poll(() => plays.some((p) => p.result === 'ok'), { timeout: 15_000 }).toBe(true);
    expect(plays[0], 'with sound and no gesture: refused').toEqual({ gesture: false, muted: false, room: true, result: 'NotAllowedError' });
    expect(plays.find((p) => p.result === 'ok'), 'then muted: played').toEqual({ gesture: false, muted: true, room: true, result: 'ok' });
    const p = await expectAdvancing(page);
    expect(p.muted).toBe(true);
    await expect(byId(page, 'live-sound')).toHaveAttribute('aria-pressed', 'false');
  });
});

test.describe('leaving and failing', () => {
  for (const engine of ['native', 'hls.js']) {
    test(`leaving the room stops the video and its downloads (${engine})`, async ({ page }) => {
      // Segments arrive slowly, so the stream is still downloading when the shopper leaves.
      await page.route(/\/media\/live\/.*\.ts$/, async (route) => {
        await new Promise((r) => setTimeout(r, 400));
        await route.continue().catch(() => {});
      });
      const requests = recordRequests(page);
      await page.goto(`/live/${ROOM}${engine === 'hls.js' ? '?hls=js' : ''}`);
      expect((await expectAdvancing(page, 0.5)).engine).toBe(engine);
      await page.evaluate(() => { (window as unknown as { __room: HTMLVideoElement }).__room = document.querySelector('[data-testid="live-video"]')!; });

      await byId(page, 'back').click();
      await expect(page).toHaveURL(/\/live$/);
      const left = requests.length;
      await page.waitForTimeout(3000);
      expect(requests.slice(left).filter(isSegment), 'no segment requested after leaving').toEqual([]);
      expect(requests.slice(left).filter((u) => u.includes('.m3u8')), 'nor the playlist').toEqual([]);
      const room = await page.evaluate(() => {
        const v = (window as unknown as { __room: HTMLVideoElement }).__room;
        return { connected: v.isConnected, paused: v.paused, src: v.getAttribute('src') };
      });
      expect(room).toEqual({ connected: false, paused: true, src: null });
      expect(await page.evaluate(() => [...document.querySelectorAll('video')].filter((v) => !v.paused).length), 'no video plays').toBe(0);
    });
  }

  for (const engine of ['native', 'hls.js']) {
    test(`a stalled stream shows "reconnecting", and plays on once the segments come back (${engine})`, async ({ page, consoleLog }) => {
      allowBlocked(consoleLog);
      // Everything after the first 6 seconds is unreachable for a while.
      let blocked = true;
      await page.route(/\/media\/live\/[\w-]+\/seg0[3-9]\.ts$/, (route) => (blocked ? route.abort() : route.continue()));
      await watchShifts(page);
      await page.goto(`/live/${ROOM}${engine === 'hls.js' ? '?hls=js' : ''}`);
      await expect(video(page)).toHaveAttribute('data-engine', engine);
      const reconnecting = byId(page, 'live-reconnecting');
      await expect(reconnecting).toBeVisible({ timeout: 20_000 });
      await expect(reconnecting).toHaveText('正在重新连接…');
      await expect(reconnecting).toHaveAttribute('role', 'status');
      // Still reconnecting a few seconds on: no segment has come back.
      await page.waitForTimeout(2000);
      await expect(reconnecting).toBeVisible();

      blocked = false;
      await expect(reconnecting).toHaveCount(0, { timeout: 25_000 });
      const p = await expectAdvancing(page, 1.5);
      expect(p.engine).toBe(engine);
      await expect(byId(page, 'live-video-failed')).toHaveCount(0);
      expect(await shifts(page), 'the state comes and goes without moving anything').toEqual([]);
    });
  }

  test('hls.js forced but unreachable: the browser plays the stream itself', async ({ page, consoleLog }) => {
    allowBlocked(consoleLog);
    await page.route(/\/pkg\/hls-[\w-]+\.js$/, (route) => route.abort());
    await page.goto(`/live/${ROOM}?hls=js`);
    expect((await expectAdvancing(page)).engine).toBe('native');
  });

  test('a browser without native HLS whose hls.js does not load gets the error view; Retry loads hls.js and plays', async ({ page, consoleLog }) => {
    allowBlocked(consoleLog);
    // Chromium without native HLS (as Firefox, or an older Chromium).
    await page.addInitScript(() => {
      const can = HTMLMediaElement.prototype.canPlayType;
      HTMLMediaElement.prototype.canPlayType = function (type: string) {
        return /mpegurl/i.test(type) ? '' : can.call(this, type);
      };
    });
    let blocked = true;
    const requests = recordRequests(page);
    await page.route(/\/pkg\/hls-[\w-]+\.js$/, (route) => (blocked ? route.abort() : route.continue()));
    await page.goto(`/live/${ROOM}`);
    const failed = byId(page, 'live-video-failed');
    await expect(failed).toBeVisible();
    await expect(failed.getByTestId('error-view')).toContainText('网络');
    expect(requests.filter(isHlsJs)).toHaveLength(1);

    blocked = false;
    await failed.getByTestId('retry').click();
    await expect(failed).toHaveCount(0);
    const p = await expectAdvancing(page);
    expect(p.engine).toBe('hls.js');
    expect(p.muted).toBe(true);
  });

  test('a browser that can play HLS neither natively nor through hls.js says so, with Retry', async ({ page }) => {
    // No native HLS, and no Media Source Extensions for hls.js either.
    await page.addInitScript(() => {
      HTMLMediaElement.prototype.canPlayType = () => '';
      Object.defineProperty(window, 'MediaSource', { value: undefined });
      Object.defineProperty(window, 'ManagedMediaSource', { value: undefined });
    });
    await page.goto(`/live/${ROOM}?lang=en`);
    const failed = byId(page, 'live-video-failed');
    await expect(failed.getByTestId('error-view')).toHaveText(/This browser can't play the live stream/);
    await expect(failed.getByTestId('retry')).toBeVisible();
    await expect(video(page)).not.toHaveAttribute('src');
  });
});
