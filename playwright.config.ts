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
import fs from 'node:fs';

// Real HTTP backends for tests/e2e/http: the reference server (which serves the same release
// build itself), json-server and a second foreign shape (tests/foreign), on loopback ports. The
// test command builds the server first (scripts/test); without its binary these tests skip.
const SERVER_BIN = process.env.HAOWU_SERVER_BIN ?? 'target/debug/haowu-server';
const withBackends = fs.existsSync(SERVER_BIN) && process.env.HAOWU_HTTP_TESTS !== '0';
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const REFERENCE = `http://127.0.0.1:${port('HAOWU_REFERENCE_PORT', 8787)}`;
const JSON_SERVER = `http://127.0.0.1:${port('HAOWU_JSON_SERVER_PORT', 3010)}`;
const ENVELOPE = `http://127.0.0.1:${port('HAOWU_ENVELOPE_PORT', 3020)}`;
if (withBackends) {
  process.env.HAOWU_REFERENCE_URL = REFERENCE;
  process.env.HAOWU_API_URL = `${REFERENCE}/api`;
  process.env.HAOWU_JSON_SERVER_URL = JSON_SERVER;
  process.env.HAOWU_ENVELOPE_URL = ENVELOPE;
}
const backends = withBackends
  ? [
      {
        // A fresh database per run: tests count orders.
        command: `rm -f target/e2e/reference.db* && mkdir -p target/e2e && ${SERVER_BIN} --host 127.0.0.1 --port ${new URL(REFERENCE).port} --dist dist --db target/e2e/reference.db --world public/demo/world.json`,
        url: `${REFERENCE}/api/creators`,
        reuseExistingServer: false,
        timeout: 60_000,
      },
      {
        command: `node tests/foreign/make-fixtures.mjs && node_modules/.bin/json-server target/foreign/db.json --host 127.0.0.1 --port ${new URL(JSON_SERVER).port} --static public --quiet`,
        url: `${JSON_SERVER}/videos?_limit=1`,
        reuseExistingServer: false,
        timeout: 60_000,
      },
      {
        command: `node tests/foreign/make-fixtures.mjs && node tests/foreign/envelope-server.mjs --port ${new URL(ENVELOPE).port} --data target/foreign/envelope.json`,
        url: `${ENVELOPE}/health`,
        reuseExistingServer: false,
        timeout: 60_000,
      },
    ]
  : [];

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
      testIgnore: 'http/**',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: chromiumArgs },
        ...phone.context,
      },
    },
    {
      // The same release build against real HTTP backends.
      name: 'http',
      testMatch: 'http/**/*.spec.ts',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: chromiumArgs },
        ...phone.context,
      },
    },
  ],
  webServer: [
    ...(ownServer
      ? [
          {
            command: 'node_modules/.bin/serve -s dist -l tcp://127.0.0.1:4173 --no-port-switching --no-clipboard',
            url: baseURL,
            reuseExistingServer: !CI,
            timeout: 30_000,
            env: { NO_UPDATE_CHECK: '1' },
          },
        ]
      : []),
    ...backends,
  ],
});
