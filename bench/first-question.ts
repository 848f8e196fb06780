// `npm run bench:page`: how long a person waits for the first question on /chat with buttons that answer it
// (start.js's early one or Web Chat's, whichever shows first), when Web Chat itself shows it, and how many
// bytes the first load takes, in Debian's Chromium on a phone-sized window: on loopback unthrottled, then on Chrome
// DevTools' "Slow 4G" (150 ms RTT x 3.75, 1.6 Mbps x 0.9 down, 750 kbps x 0.9 up) through CDP. Against a
// service already running on loopback (PAGE_BASE, default http://127.0.0.1:3998). Each run is a fresh
// browser profile (nothing cached).
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';

const BASE = process.env['PAGE_BASE'] ?? 'http://127.0.0.1:3998';
const RUNS = Number(process.env['PAGE_RUNS'] ?? 3);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(BASE).hostname)) throw new Error('loopback only');

const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9, uploadThroughput: ((750 * 1024) / 8) * 0.9 };

async function once(throttled: boolean): Promise<{ ms: number; bytes: number; quickExitReadyMs: number; webChatMs: number; requests: number }> {
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-quic'] });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (throttled) await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
      bytes += event.encodedDataLength;
      requests += 1;
    });
    const t0 = performance.now();
    await page.goto(`${BASE}/chat`, { waitUntil: 'commit' });
    await page.waitForFunction(() => 'SafeReportQuickExit' in window);
    const quickExitReadyMs = performance.now() - t0;
    // The first question with buttons that answer it: start.js's early one, or Web Chat's if that comes first.
    await page.locator('.early-action, .webchat__suggested-action').first().waitFor({ timeout: 120_000 });
    const ms = performance.now() - t0;
    await page.locator('.webchat__suggested-action').first().waitFor({ timeout: 120_000 });
    const webChatMs = performance.now() - t0;
    return { ms: Math.round(ms), bytes, quickExitReadyMs: Math.round(quickExitReadyMs), webChatMs: Math.round(webChatMs), requests };
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  for (const throttled of [false, true]) {
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await once(throttled));
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    console.log(
      `${throttled ? 'slow 4G  ' : 'loopback '} first question with its buttons: median ${ms[Math.floor(ms.length / 2)]} ms (runs ${ms.join(', ')}); ` +
        `quick exit ready after ${runs.map((r) => r.quickExitReadyMs).join(', ')} ms; Web Chat showing it after ${runs.map((r) => r.webChatMs).join(', ')} ms; ` +
        `bytes transferred ${runs.map((r) => r.bytes).join(', ')} in ${runs.map((r) => r.requests).join(', ')} requests`,
    );
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
