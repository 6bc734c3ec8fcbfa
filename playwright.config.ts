/**
 * E2E against the web harness (DESIGN.md, "Testing where Electron cannot run"). Each test starts
 * its own harness and fake provider through the fixtures in tests/e2e/fixtures.ts, so there is no
 * webServer here. Debian's Chromium is used: never download Playwright's browsers.
 * `npm run test:e2e` builds the renderer and the bridge first.
 */
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/support/chromium'

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // A test CA trusted through NODE_EXTRA_CA_CERTS in every worker (the provider's TLS for realtime voice).
  globalSetup: './tests/e2e/tls.globalSetup.ts',
  // Two cores: one browser at a time keeps streaming timings honest.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: 'list',
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS]
    }
  }
})
