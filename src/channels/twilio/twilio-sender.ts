// The MessageSender for SMS and WhatsApp over Twilio's REST API, used only by the outbound path.
import twilio from 'twilio';
import type { Config } from '../../config';
import { SendError, type MessageSender, type SentPart } from '../../outbound/message-sender';
import { renderTurn, toSmsSafe } from './render';
import { smsText } from './words';

type TwilioConfig = NonNullable<Config['twilio']>;
type TwilioClient = ReturnType<typeof twilio>;

export function createTwilioClient(config: TwilioConfig, options: { keepAlive?: boolean } = {}): TwilioClient {
  // autoRetry off: a refused message is recorded and decided on, never resent blindly.
  return twilio(config.accountSid, config.authToken, { keepAlive: options.keepAlive ?? true, autoRetry: false });
}

export function createTwilioSender(deps: { config: TwilioConfig; publicBaseUrl: string; client?: TwilioClient }): MessageSender {
  const client = deps.client ?? createTwilioClient(deps.config);
  const statusCallback = `${deps.publicBaseUrl}/webhooks/twilio/status`;

  function sender(channel: 'sms' | 'whatsapp'): { from?: string; messagingServiceSid?: string } {
    if (channel === 'whatsapp' && deps.config.whatsappFrom) {
      const from = deps.config.whatsappFrom;
      return { from: from.startsWith('whatsapp:') ? from : `whatsapp:${from}` };
    }
    if (deps.config.messagingServiceSid) return { messagingServiceSid: deps.config.messagingServiceSid };
    if (channel === 'sms' && deps.config.smsFrom) return { from: deps.config.smsFrom };
    throw new SendError(`no ${channel} sender configured`, undefined);
  }

  return {
    async send({ channel, to, content }) {
      const address = channel === 'whatsapp' && !to.startsWith('whatsapp:') ? `whatsapp:${to}` : to;
      const base = { to: address, statusCallback, ...sender(channel) };
      const requests: Record<string, string>[] = [];
      if (content.kind === 'template' && channel === 'whatsapp') {
        if (!content.contentSid) throw new SendError('no approved template for this message', undefined);
        requests.push({ contentSid: content.contentSid, contentVariables: JSON.stringify(content.variables) });
      } else if (content.kind === 'template') {
        requests.push({ body: toSmsSafe(smsText(`template.${content.name}`, content.variables)) });
      } else {
        for (const body of renderTurn(content.prompts, channel, content.locale)) requests.push({ body });
      }

      const sent: SentPart[] = [];
      for (const extra of requests) {
        try {
          const message = await client.messages.create({ ...base, ...extra });
          sent.push({ providerMessageId: message.sid, status: message.status });
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          throw new SendError('Twilio refused the message', typeof code === 'number' ? code : undefined, sent);
        }
      }
      return sent;
    },
  };
}
