// Twilio webhooks for SMS and WhatsApp: verify the signature, map to an InboundMessage, run the turn and
// answer with TwiML within a short budget (later replies go out through the outbound path), handle
// STOP/START, store attachments as evidence, and take delivery callbacks.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import twilio from 'twilio';
import type { Logger } from 'pino';
import type { Config } from '../../config';
import type { InboundMedia, OutboundPrompt, TurnHandler, TurnResult } from '../../conversation/types';
import { contactHash, conversationKey } from '../../crypto/keyed-hash';
import type { EvidenceStore } from '../../evidence/evidence.store';
import { formBody } from '../../http/app';
import type { Outbound } from '../../outbound/outbound.service';
import { OPT_IN_WORDS, OPT_OUT_WORDS, reservedWord } from './keywords';
import { fetchMedia } from './media';
import { renderTurn } from './render';
import { smsText } from './words';

export interface TwilioRouterDeps {
  config: Pick<Config, 'publicBaseUrl' | 'secrets' | 'twilio'>;
  handleTurn: TurnHandler;
  /** Forgets a conversation everywhere (the runtime's eraseConversation): after a late reply to a quick exit. */
  forgetConversation: (conversationKey: string) => Promise<void>;
  evidence: EvidenceStore;
  outbound: Outbound;
  logger: Logger;
  /** How long a turn may take before we answer with empty TwiML and send the reply by REST (Twilio allows 15 s). */
  replyBudgetMs?: number;
  /** Largest attachment we keep (Twilio's own limits are 5 MB for MMS and 16 MB for WhatsApp). */
  maxMediaBytes?: number;
  now?: () => Date;
}

type Channel = 'sms' | 'whatsapp';
type Params = Record<string, string | undefined>;

const MEDIA_TIMEOUT_MS = 30_000;

function twimlOf(messages: string[]): string {
  const response = new twilio.twiml.MessagingResponse();
  for (const text of messages) response.message(text);
  return response.toString();
}

function sendTwiml(res: Response, twiml: string): void {
  res.status(200).type('text/xml').send(twiml);
}

export function createTwilioRouter(deps: TwilioRouterDeps): Router {
  const twilioConfig = deps.config.twilio;
  if (!twilioConfig) throw new Error('Twilio is not configured (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN)');
  const { authToken, accountSid } = twilioConfig;
  const budgetMs = deps.replyBudgetMs ?? 8000;
  const maxMediaBytes = deps.maxMediaBytes ?? 16 * 1024 * 1024;
  const now = deps.now ?? (() => new Date());
  const log = deps.logger.child({ component: 'twilio' });
  const hashSecret = deps.config.secrets.hashSecret;
  // Fixed answers, built once: the fallback touches no database, the subscription replies never change.
  const fallbackTwiml = twimlOf([smsText('fallback.message')]);
  const slowTwiml = twimlOf([smsText('slow.message')]);
  const optOutTwiml = twimlOf([smsText('optOut.confirmed')]);
  const optInTwiml = twimlOf([smsText('optIn.confirmed')]);
  const router = Router();

  /** Twilio's own validator, against the public URL (a proxy may rewrite Host). Nothing from the body is kept or logged on failure. */
  const verified: RequestHandler = (req, res, next) => {
    const signature = req.header('x-twilio-signature');
    if (!signature) {
      res.status(400).type('text/plain').send('missing signature');
      return;
    }
    const params = (req.body ?? {}) as Params;
    const url = deps.config.publicBaseUrl + req.originalUrl;
    if (!twilio.validateRequest(authToken, signature, url, params)) {
      log.warn({ path: req.path }, 'twilio signature invalid');
      res.status(403).type('text/plain').send('invalid signature');
      return;
    }
    next();
  };

  async function storeMedia(channel: Channel, key: string, params: Params, receivedAt: Date): Promise<{ media: InboundMedia[]; refused: number }> {
    const count = Math.min(Number(params['NumMedia'] ?? '0') || 0, 10);
    const media: InboundMedia[] = [];
    let refused = 0;
    for (let i = 0; i < count; i += 1) {
      const url = params[`MediaUrl${i}`];
      if (!url) continue;
      const fetched = await fetchMedia({
        url,
        declaredType: params[`MediaContentType${i}`],
        accountSid,
        authToken,
        maxBytes: maxMediaBytes,
        // A stuck download must not hold the turn for ever; the reply then goes by REST.
        signal: AbortSignal.timeout(MEDIA_TIMEOUT_MS),
      });
      if (!fetched.ok) {
        refused += 1;
        log.info({ index: i, reason: fetched.reason }, 'attachment not kept');
        continue;
      }
      const saved = await deps.evidence.put({ conversationKey: key, channel, contentType: fetched.contentType, data: fetched.data, receivedAt });
      media.push({ id: saved.id, contentType: fetched.contentType });
    }
    return { media, refused };
  }

  /** What a message gets: a fixed answer (opt-out, opt-in, a holding reply already given) or a turn's prompts. */
  type Answered = { kind: 'fixed'; twiml: string } | { kind: 'turn'; key: string; result: TurnResult; prompts: OutboundPrompt[]; refused: number };

  const fixedTwiml = { optOut: optOutTwiml, optIn: optInTwiml, slow: slowTwiml };
  const refusedNotice = (refused: number): OutboundPrompt[] =>
    refused > 0 ? [{ key: 'sms:media.notKept', text: smsText('media.notKept', { maxMb: Math.floor(maxMediaBytes / (1024 * 1024)) }) }] : [];

  /** Everything a message needs, database included: run inside the reply budget, never before it. */
  async function answer(channel: Channel, sid: string, from: string, params: Params, receivedAt: Date): Promise<Answered> {
    const key = conversationKey(hashSecret, channel, from);
    const contact = contactHash(hashSecret, from);
    const text = (params['Body'] ?? '').trim();
    const turn = async (media: InboundMedia[], refused: number): Promise<Answered> => {
      const result = await deps.handleTurn({
        channel,
        conversationKey: key,
        senderContactHash: contact,
        providerMessageId: sid,
        text,
        ...(media.length > 0 ? { media } : {}),
        receivedAt,
      });
      // A file we could not keep is mentioned first, so the person knows to send it another way.
      return { kind: 'turn', key, result, prompts: [...refusedNotice(refused), ...result.prompts], refused };
    };

    // A Twilio retry of a message we already answered gets the same answer, and nothing runs again: a turn's
    // words come back from the conversation's own dedupe record (the attachments are not fetched again).
    const earlier = await deps.outbound.webhookReplies.find(sid);
    if (earlier !== undefined) {
      log.info({ channel, duplicate: true }, 'twilio message repeated');
      return earlier.kind === 'turn' ? turn([], earlier.refusedMedia) : { kind: 'fixed', twiml: fixedTwiml[earlier.kind] };
    }

    const word = reservedWord(text);
    if (word && OPT_OUT_WORDS.has(word)) {
      const alerted = await deps.outbound.optOut(contact, word);
      log.info({ channel, alertedCases: alerted.length }, 'opt-out received');
      await deps.outbound.webhookReplies.save(sid, key, { kind: 'optOut' }, receivedAt);
      return { kind: 'fixed', twiml: optOutTwiml };
    }
    // "YES" is a subscription word only for someone who has opted out; otherwise it answers a question.
    if (word && OPT_IN_WORDS.has(word) && (word !== 'YES' || (await deps.outbound.isOptedOut(contact)))) {
      await deps.outbound.optIn(contact, word);
      await deps.outbound.recordInbound({ channel, conversationKey: key, contactHash: contact, address: from, at: receivedAt });
      await deps.outbound.webhookReplies.save(sid, key, { kind: 'optIn' }, receivedAt);
      return { kind: 'fixed', twiml: optInTwiml };
    }

    await deps.outbound.recordInbound({ channel, conversationKey: key, contactHash: contact, address: from, at: receivedAt });
    const { media, refused } = await storeMedia(channel, key, params, receivedAt);
    return turn(media, refused);
  }

  function inbound(channel: Channel): RequestHandler {
    return async (req: Request, res: Response) => {
      // Twilio waits 15 s in all, from when it sent the request: the budget starts on arrival, before any
      // database call, so a slow or paused database still gets the person an answer in time.
      const receivedAt = now();
      const params = req.body as Params;
      const sid = params['MessageSid'] ?? params['SmsMessageSid'];
      const from = params['From'];
      if (!sid || !from) {
        res.status(400).type('text/plain').send('missing MessageSid or From');
        return;
      }
      const work = answer(channel, sid, from, params, receivedAt);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), budgetMs);
      });
      try {
        const inTime = await Promise.race([work, late]);
        clearTimeout(timer);
        if (inTime !== 'late') {
          if (inTime.kind === 'fixed') {
            sendTwiml(res, inTime.twiml);
            return;
          }
          const messages = renderTurn(inTime.prompts, channel, inTime.result.locale);
          const twiml = twimlOf(messages);
          // After a quick exit the turn has forgotten the conversation: not even our answer to it is kept.
          if (!inTime.result.erased) await deps.outbound.webhookReplies.save(sid, inTime.key, { kind: 'turn', refusedMedia: inTime.refused }, receivedAt);
          sendTwiml(res, twiml);
          log.info({ channel, messages: messages.length, duplicate: inTime.result.duplicate }, 'twilio turn answered');
          return;
        }
      } catch (error) {
        clearTimeout(timer);
        // Never leave someone unanswered: the same safety message as the fallback URL.
        log.error({ channel, err: { type: (error as Error).name, stack: (error as Error).stack?.split('\n').slice(1, 5).join('\n') } }, 'twilio turn failed');
        if (!res.headersSent) sendTwiml(res, fallbackTwiml);
        return;
      }

      // Too slow for the webhook (a slow database, a large attachment): say so now with the safety words,
      // touching nothing that could be slow, and send the turn's own words by REST when they are ready.
      sendTwiml(res, slowTwiml);
      log.warn({ channel, budgetMs }, 'twilio turn over budget; holding reply sent, the answer follows by REST');
      void work
        .then(async (answered) => {
          await deps.outbound.webhookReplies.save(sid, conversationKey(hashSecret, channel, from), { kind: 'slow' }, receivedAt);
          if (answered.kind !== 'turn') return;
          const replyTo = { address: from, contactHash: contactHash(hashSecret, from), at: receivedAt };
          const outcome = await deps.outbound.sendReply({ channel, conversationKey: answered.key, prompts: answered.prompts, locale: answered.result.locale, replyTo });
          log.info({ channel, outcome: outcome.status }, 'late reply');
          // A quick exit answered late: the record of that last reply goes too.
          if (answered.result.erased) await deps.forgetConversation(answered.key);
        })
        .catch((error: unknown) => log.error({ channel, err: { type: (error as Error).name } }, 'late turn failed'));
    };
  }

  router.post('/sms', formBody(), verified, inbound('sms'));
  // WhatsApp needs a sender of its own; without one the channel is off (start-up says so) and answers nothing.
  if (twilioConfig.whatsappFrom || twilioConfig.messagingServiceSid) router.post('/whatsapp', formBody(), verified, inbound('whatsapp'));

  router.post('/status', formBody(), verified, async (req, res) => {
    const params = req.body as Params;
    const sid = params['MessageSid'] ?? params['SmsSid'];
    const status = params['MessageStatus'] ?? params['SmsStatus'];
    if (!sid || !status) {
      res.status(400).type('text/plain').send('missing MessageSid or MessageStatus');
      return;
    }
    const errorCode = params['ErrorCode'] ? Number(params['ErrorCode']) : undefined;
    try {
      await deps.outbound.recordStatus(sid, status, Number.isFinite(errorCode) ? errorCode : undefined);
      res.status(204).end();
    } catch (error) {
      log.error({ err: { type: (error as Error).name } }, 'delivery status not recorded');
      // 500 makes Twilio try the callback again later.
      res.status(500).end();
    }
  });

  // Twilio calls this when the main webhook fails or times out. It touches no database.
  router.post('/fallback', formBody(), verified, (_req, res) => {
    log.warn('twilio fallback used');
    sendTwiml(res, fallbackTwiml);
  });

  return router;
}
