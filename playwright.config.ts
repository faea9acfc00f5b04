import { defineConfig } from '@playwright/test';

/**
 * Browser tests drive browser mode in Debian's Chromium (no browser download). Each test
 * starts its own server on a free port with its own temp data folder (test/e2e/fixtures.ts).
 */
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Two at a time: most of a test is waiting on batch windows and receivers, and each test has its
  // own server, data folder and receiver, so they do not share state.
  workers: 2,
  reporter: [['list']],
  use: {
    viewport: { width: 1360, height: 860 },
    launchOptions: {
      executablePath: process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'off',
    // The console scrolls results into view smoothly unless motion is reduced; a smooth scroll
    // still running when the next click is aimed makes that click land somewhere else.
    reducedMotion: 'reduce',
  },
});
