// Web chat in Chromium for the browser tests: the app as main.ts builds it served with a browser for the file's
// tests, and what a person sees and does in Web Chat (the bot's bubbles and theirs, typing, pressing a button).
import type { Browser, Page } from 'playwright-core';
import { serveComposedApp, type ServedApp } from '../channels/webchat/composed-app';
import { launchBrowser } from './browser';

/** The bot's message bubbles, and the person's, as Web Chat draws them. */
export const BOT = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';
export const USER = '.webchat__bubble--from-user .webchat__bubble__content';

/** Everything the bot has said so far, oldest first. */
export const botMessages = (page: Page): Promise<string[]> => page.locator(BOT).allInnerTexts();

/** Until the bot has said more than `than` messages. */
export async function waitForMoreBotMessages(page: Page, than: number): Promise<void> {
  await page.waitForFunction(([selector, n]) => document.querySelectorAll(selector as string).length > (n as number), [BOT, than] as const);
}

/** Typed into Web Chat's box and sent with Enter. */
export async function sendText(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox').last();
  await box.fill(text);
  await box.press('Enter');
}

/** An answer as a person gives it: the button with that label, or the words typed. */
export async function give(page: Page, reply: { button?: string | RegExp; type?: string }): Promise<void> {
  if (reply.button) await page.locator('.webchat__suggested-action', { hasText: reply.button }).first().click();
  else await sendText(page, reply.type ?? '');
}

/**
 * The composed app served on its own database (`name`) and Chromium launched before the file's tests (handed to
 * `started`, which keeps them in the file's own variables), both closed after them.
 */
export function useServedWebChat(name: string, started: (served: { app: ServedApp; base: string; browser: Browser }) => void): void {
  let app: ServedApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await serveComposedApp(name);
    browser = await launchBrowser();
    started({ app, base: app.base, browser });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });
}
