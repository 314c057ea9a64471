import { defineConfig } from '@playwright/test';

// End-to-end tests run against the release build in dist/ behind npm `serve -s` (SPA fallback,
// gzip, range requests). scripts/test starts that server on a free loopback port and passes its
// address in HAOWU_BASE_URL; when HAOWU_BASE_URL is unset, `npx playwright test` starts one itself
// on 127.0.0.1:4173 (build first: `trunk build --release`). Point HAOWU_BASE_URL at
// http://127.0.0.1:8080 to test a running `scripts/serve` instead.
const CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const ownServer = !process.env.HAOWU_BASE_URL;
const baseURL = process.env.HAOWU_BASE_URL ?? 'http://127.0.0.1:4173';

import phone from './tests/e2e/phone.json';

export const chromiumArgs: string[] = phone.args;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'playwright-report/results.json' }]],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    headless: true,
  },
  projects: [
    {
      name: 'phone-chromium',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: chromiumArgs },
        ...phone.context,
      },
    },
  ],
  webServer: ownServer
    ? {
        command: 'node_modules/.bin/serve -s dist -l tcp://127.0.0.1:4173 --no-port-switching --no-clipboard',
        url: baseURL,
        reuseExistingServer: !CI,
        timeout: 30_000,
        env: { NO_UPDATE_CHECK: '1' },
      }
    : undefined,
});
