// POST /api/messages for landlords who use Azure Bot Service (Teams, Azure-hosted Web Chat): botbuilder's
// CloudAdapter checks the Bot Framework JWT and replies through the Bot Connector. Same bot as /chat.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { RequestHandler } from 'express';
import type { Logger } from '../../log/logger';
import type { ReportBot } from './report-bot';

export interface BotFrameworkSettings {
  /** Undefined only in tests: the SDK's anonymous mode (no JWT check), as the Bot Framework Emulator uses. */
  appId: string | undefined;
  appPassword?: string | undefined;
  tenantId?: string | undefined;
  appType?: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

export function createBotFrameworkHandler(settings: BotFrameworkSettings, bot: ReportBot, logger: Logger): RequestHandler {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: settings.appId ?? '',
    MicrosoftAppPassword: settings.appPassword ?? '',
    MicrosoftAppType: settings.appType ?? 'MultiTenant',
    MicrosoftAppTenantId: settings.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (_context: TurnContext, error: Error) => {
    logger.error({ channel: 'botframework', err: { type: error.name, stack: error.stack?.split('\n').slice(1, 6).join('\n') } }, 'bot framework turn failed');
  };
  // Express 5 passes a rejected promise to the error handler.
  return async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  };
}
