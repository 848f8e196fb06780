// `npm run chat`: talk to the real dialogs through the real runtime in a terminal, on the embedded
// database (or MONGODB_URI). Options: --new (start a new conversation), --lang <code>,
// --channel sms|whatsapp|webchat (SMS and WhatsApp replies are shown as the texts the person would get),
// --pace <seconds> (each line is stamped as sent that long after the one before; piped input defaults to 30, as
// a person reading and answering; a line starting with "+" is sent straight after the one before it).
// The conversation key is a keyed hash of your user name, so closing and reopening carries on.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import readline from 'node:readline';
import type { ChannelKind } from '../../dialogs/shared/contract';
import { createServices, type Services } from '../compose';
import { loadConfig } from '../config';
import type { OutboundPrompt, TurnHandler } from '../conversation/types';
import { conversationKey } from '../crypto/keyed-hash';
import { connectDatabase } from '../db/connection.mongo';
import { startEmbeddedDatabase } from '../db/embedded';
import type { RunningDatabase } from '../db/embedded-db';
import { createLogger } from '../log/logger';
import { renderTurn } from '../channels/twilio/render';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** The terminal is the chat window: what the bot says is shown to the person, not logged. */
function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

function show(prompts: OutboundPrompt[], channel: ChannelKind, locale: string): void {
  if (channel === 'sms' || channel === 'whatsapp') {
    for (const text of renderTurn(prompts, channel, locale)) say(`\nbot> ${text.replace(/\n/g, '\n     ')}`);
    return;
  }
  for (const prompt of prompts) {
    say(`\nbot> ${prompt.text}`);
    prompt.choiceLabels?.forEach((choice, i) => say(`     ${i + 1}. ${choice.label}`));
  }
}

/** When each line counts as sent: the real time when typed, or a person's pace when piped. */
function stamper(paceSeconds: number | undefined): (quick: boolean) => Date {
  if (paceSeconds === undefined) return () => new Date();
  let at = Date.now();
  let first = true;
  return (quick) => {
    if (!first) at += quick ? 2_000 : paceSeconds * 1000;
    first = false;
    return new Date(at);
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  let embedded: RunningDatabase | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    embedded = await startEmbeddedDatabase({
      toolsDir: config.toolsDir,
      dataDir: config.dataDir,
      allowFallback: config.embeddedDbFallback,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    uri = embedded.uri;
  }
  const database = connectDatabase(uri, config.mongodbDbName, logger);
  await database.connected;
  // The same services `npm start` builds: real case service, hand-offs and evidence on this database.
  const services: Services = await createServices({ config, logger, database });
  await services.start();
  const handleTurn: TurnHandler = services.handleTurn;

  const channel = (option('channel') ?? 'cli') as ChannelKind;
  const who = process.argv.includes('--new') ? randomUUID() : os.userInfo().username;
  const key = conversationKey(config.secrets.hashSecret, channel, `cli:${who}`);
  const lang = option('lang');
  const piped = !process.stdin.isTTY;
  const pace = option('pace') ?? (piped ? '30' : undefined);
  const stamp = stamper(pace === undefined ? undefined : Number(pace));
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  say('Type as the person reporting (say hello to start). Ctrl-D to leave: the conversation is kept.');
  say('Words that work anywhere: EXIT, 999, PERSON, HELP, LANGUAGE, BACK, SKIP.');

  const shutdown = async (): Promise<void> => {
    rl.close();
    await services.stop();
    await database.close();
    await embedded?.stop();
  };
  rl.setPrompt('\nyou> ');
  rl.prompt();
  // Lines are read in order even when typed (or piped) faster than the bot answers.
  for await (const line of rl) {
    const quick = line.startsWith('+');
    const text = quick ? line.slice(1).trimStart() : line;
    if (piped) say(`${text}${quick ? '   (sent straight after)' : ''}`);
    const result = await handleTurn({
      channel,
      conversationKey: key,
      providerMessageId: randomUUID(),
      text,
      ...(lang ? { localeHint: lang } : {}),
      receivedAt: stamp(quick),
    });
    show(result.prompts, channel, result.locale);
    if (result.ended) say('\n[conversation ended: type anything to start a new one]');
    rl.prompt();
  }
  await shutdown();
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
