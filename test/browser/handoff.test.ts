// The live hand-off end to end, through the real channels: a person in web chat (the official Direct Line
// client), by text message and by WhatsApp (Twilio's webhooks signed as Twilio signs them, its REST API stood
// in by nock) asks for a person; a Community Safety officer in Chromium hears of it on whatever page they are
// on, takes it and writes; the person receives exactly that; what the person writes reaches the officer and
// the bot says nothing; the officer hands back and the bot carries on from the question it was on. One
// browser, one page: the machine is small.
import type { Browser, Page } from 'playwright-core';
import { createTwilioClient, createTwilioSender } from '../../src/channels/twilio/twilio-sender';
import type { MessageSender } from '../../src/outbound/message-sender';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser';
import { directLinePerson, type WebChatPerson } from '../support/directline-client';
import { offsetTo, signedInOfficer, TWILIO_HANDOFF_ENV, twilioRestStandIn, twilioSay, twilioStatus } from '../support/handoff';
import { NEW_MESSAGE_TEMPLATE } from '../channels/twilio/twilio-harness';
import { nextStep, startStaffApp, totpCode, type StaffApp } from '../staff/support/staff-app';

let app: StaffApp;
let browser: Browser;
let page: Page;
let officer: Awaited<ReturnType<typeof signedInOfficer>>;
let rest: ReturnType<typeof twilioRestStandIn>;
let person: WebChatPerson | undefined;

// Twilio's own REST client, without keep-alive so that nock can stand in for it; built once the app knows its address.
let realSender: MessageSender | undefined;
const sender: MessageSender = { send: (request) => realSender!.send(request) };

async function signInInBrowser(): Promise<void> {
  nextStep(app.clock);
  await page.goto(`${app.base}/staff/sign-in`);
  await page.getByLabel('Username').fill(officer.username);
  await page.getByLabel('Password').fill(officer.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Code').fill(await totpCode(officer.secret, app.clock));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/staff\/queue/);
}

const waitingId = async (channel: string) => (await app.services.handoffs.service.listWaiting()).find((h) => h.channel === channel)!.id;

/** Opens the conversation from the list, as the officer would, and takes it. */
async function take(id: string): Promise<void> {
  await page.getByRole('link', { name: /^Waiting for a person/ }).click();
  await page.locator(`tr[data-handoff="${id}"] a`).click();
  await page.getByRole('button', { name: 'Take this conversation' }).click();
  await page.locator('#status', { hasText: 'You have this conversation.' }).waitFor();
}

async function write(text: string): Promise<void> {
  await page.getByLabel('Your message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

const entry = (text: string) => page.locator('#entries li', { hasText: text });

beforeAll(async () => {
  rest = twilioRestStandIn();
  app = await startStaffApp(TWILIO_HANDOFF_ENV, { messageSender: sender });
  realSender = createTwilioSender({ config: app.config.twilio!, publicBaseUrl: app.config.publicBaseUrl, client: createTwilioClient(app.config.twilio!, { keepAlive: false }) });
  app.clock.offsetMs = offsetTo(app.services.pack, 'inHours');
  officer = await signedInOfficer(app, 'Chris Taylor', 'communitySafety', 'cst');
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signInInBrowser();
}, 120_000);

afterAll(async () => {
  person?.end();
  await browser?.close();
  await app?.close();
});

it('web chat: the officer hears of it on the queue, takes it and writes; the person receives it; the bot stays silent; hand back carries on from the question it was on', async () => {
  person = await directLinePerson(app.base);
  await person.waitFor(/are you in danger right now\?/);
  await person.say('No');
  const asked = await person.waitFor(/safe for you to message us now\?/);
  expect(await page.title()).not.toMatch(/waiting/);

  await person.say('person');
  await person.waitFor('Thank you. Someone from our team will reply here soon.', asked.index);
  // On the queue, without reloading: the tab title and the navigation count it, and a screen reader hears it.
  await page.waitForFunction(() => document.title.startsWith('(1 waiting) '), undefined, { timeout: 20_000 });
  expect(await page.locator('.sr-nav__link[href="/staff/conversations"] .sr-count').innerText()).toBe('1');
  expect(await page.locator('[data-handoff-announce]').innerText()).toBe('1 person is waiting for a person now');

  const id = await waitingId('webchat');
  await take(id);
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  expect(await page.locator('#reach').innerText()).toBe('Web chat: their page is open now.');
  const before = person.heard.length;
  await write('Hello, I am Chris. Are you somewhere safe to talk?');
  const got = await person.waitFor(/^Chris from One Vision Housing: /, before);
  expect(got.text).toBe('Chris from One Vision Housing: Hello, I am Chris. Are you somewhere safe to talk?');
  await entry('Are you somewhere safe to talk?').locator('.sr-delivery', { hasText: /^Sent$/ }).waitFor();

  // The person writes twice: both reach the officer at once; the bot says nothing.
  await person.say('yes I am at my sisters');
  await person.say('he came round again last night');
  await entry('he came round again last night').waitFor();
  await entry('yes I am at my sisters').waitFor();
  expect(await page.locator('#conversation-announce').innerText()).toBe('New message from the person');

  // The officer's page loses its connection; the person writes and the officer sends meanwhile (retried).
  await page.context().setOffline(true);
  await person.say('are you still there?');
  await write('Yes, I am still here.');
  await page.locator('.sr-entry--pending .sr-delivery', { hasText: 'Not sent yet' }).waitFor();
  await page.context().setOffline(false);
  await entry('are you still there?').waitFor();
  await entry('Yes, I am still here.').locator('.sr-delivery', { hasText: /^Sent$/ }).waitFor();
  expect(await entry('are you still there?').count()).toBe(1);
  expect(await entry('Yes, I am still here.').count()).toBe(1);
  const seqs = (await page.locator('#entries li[data-seq]').evaluateAll((items) => items.map((i) => Number((i as HTMLElement).dataset['seq'])))) as number[];
  expect(seqs).toEqual(seqs.map((_, i) => i));
  await person.waitFor('Chris from One Vision Housing: Yes, I am still here.', before);
  expect(person.heard.slice(before).map((h) => h.text)).toEqual(['Chris from One Vision Housing: Hello, I am Chris. Are you somewhere safe to talk?', 'Chris from One Vision Housing: Yes, I am still here.']);

  // Hand back: the bot's next words are the carry-on and the question it was on.
  const handedAt = person.heard.length;
  await page.getByRole('button', { name: 'Hand back to carry on the report' }).click();
  await page.getByText('The assistant has the conversation again.').waitFor();
  await person.waitFor(asked.text, handedAt);
  expect(person.heard.slice(handedAt).map((h) => h.text)).toEqual(["You are back with our reporting assistant. Let's carry on with your report.", asked.text]);
  await person.say('Yes');
  await person.waitFor(/Who is this report about\?/, handedAt + 2);
}, 120_000);

it('SMS: the officer’s words go out as a text through Twilio, the bot is silent while they talk, and a delivery failure is shown to the officer', async () => {
  const from = '+447700900777';
  expect((await twilioSay(app, 'sms', from, 'Hi')).join('\n')).toMatch(/are you in danger right now\?/);
  expect((await twilioSay(app, 'sms', from, 'No')).join('\n')).toMatch(/safe for you to message us now\?/);
  expect((await twilioSay(app, 'sms', from, 'PERSON')).join('\n')).toContain('Thank you. Someone from our team will reply here soon.');
  rest.sent.length = 0;

  await take(await waitingId('sms'));
  expect(await page.locator('#reach').innerText()).toBe('Text message: long messages are sent as several texts.');
  // The reply box counts the texts a message will take.
  await page.getByLabel('Your message').fill('x'.repeat(170));
  expect(await page.locator('#reply-limits').innerText()).toBe('170 characters: 2 text messages');
  await write('Hello, this is Chris from the team. Is now a good time?');
  await entry('Is now a good time?').locator('.sr-delivery', { hasText: /^Sent$/ }).waitFor();
  expect(rest.sent.map((m) => ({ To: m.params['To'], From: m.params['From'], Body: m.params['Body'] }))).toEqual([
    { To: from, From: '+447700900000', Body: 'Chris from One Vision Housing: Hello, this is Chris from the team. Is now a good time?' },
  ]);

  // The person writes twice: the webhook answers with nothing; the officer sees both.
  expect(await twilioSay(app, 'sms', from, 'yes')).toEqual([]);
  expect(await twilioSay(app, 'sms', from, 'it was my neighbour again')).toEqual([]);
  await entry('it was my neighbour again').waitFor();

  // The carrier could not deliver the next one: the officer is told on the screen.
  await write('Can I call you on this number?');
  await entry('Can I call you on this number?').locator('.sr-delivery', { hasText: /^Sent$/ }).waitFor();
  await twilioStatus(app, rest.sent.at(-1)!.sid, 'undelivered', 30003);
  await entry('Can I call you on this number?').locator('.sr-delivery--failed', { hasText: 'Not delivered (error 30003). Check safe contact before trying another way.' }).waitFor();

  rest.sent.length = 0;
  await page.getByRole('button', { name: 'Hand back to carry on the report' }).click();
  await page.getByText('The assistant has the conversation again.').waitFor();
  expect(rest.sent.map((m) => m.params['Body']).join('\n\n')).toMatch(/^You are back with our reporting assistant\. Let's carry on with your report\.\s+Is it safe for you to message us now\?/);
  expect(rest.sent.every((m) => m.params['To'] === from)).toBe(true);
}, 120_000);

it('WhatsApp: past the 24-hour window the officer’s words wait and a neutral template asks them to reply; their reply lets the words go', async () => {
  const from = 'whatsapp:+447700900888';
  await twilioSay(app, 'whatsapp', from, 'Hi');
  await twilioSay(app, 'whatsapp', from, 'No');
  expect((await twilioSay(app, 'whatsapp', from, 'PERSON')).join('\n')).toContain('Thank you. Someone from our team will reply here soon.');
  await take(await waitingId('whatsapp'));
  expect(await page.locator('#reach').innerText()).toMatch(/^WhatsApp: 2[34] h \d+ min left to write freely \(24 hours from their last message\)\.$/);

  // A day passes (the officer signs in again); the window has closed.
  app.clock.offsetMs += 25 * 3600_000;
  await signInInBrowser();
  const id = (await app.services.handoffs.service.listClaimed()).find((h) => h.channel === 'whatsapp')!.id;
  await page.goto(`${app.base}/staff/conversations/${id}`);
  expect(await page.locator('#reach').innerText()).toBe('WhatsApp: more than 24 hours since their last message. Your message will wait; we send a neutral message asking them to reply.');
  rest.sent.length = 0;
  await write('Hello again, it is Chris. How are things?');
  await entry('How are things?').locator('.sr-delivery', { hasText: /^Waiting: WhatsApp lets us write freely only within 24 hours/ }).waitFor();
  expect(rest.sent.map((m) => m.params)).toEqual([{ To: from, From: 'whatsapp:+447700900001', StatusCallback: `${app.config.publicBaseUrl}/webhooks/twilio/status`, ContentSid: NEW_MESSAGE_TEMPLATE, ContentVariables: JSON.stringify({ organisation: 'One Vision Housing' }) }]);

  // They reply: the bot says nothing, and the officer's held words go now, as written.
  expect(await twilioSay(app, 'whatsapp', from, 'hi who is this')).toEqual([]);
  await entry('How are things?').locator('.sr-delivery', { hasText: /^Sent$/ }).waitFor();
  expect(rest.sent.slice(1).map((m) => ({ To: m.params['To'], Body: m.params['Body'] }))).toEqual([{ To: from, Body: 'Chris from One Vision Housing: Hello again, it is Chris. How are things?' }]);
  await entry('hi who is this').waitFor();
}, 120_000);
