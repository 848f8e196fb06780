// The service as composed for production, on the test database, with Twilio's REST client without keep-alive so
// nock can stand in for it (a kept-alive socket hangs under nock). One place for the set-up the SMS and WhatsApp
// end-to-end tests share.
import nock from 'nock';
import { createServices, type Services } from '../../src/compose';
import { createLogger } from '../../src/log/logger';
import { createTwilioClient, createTwilioSender } from '../../src/channels/twilio/twilio-sender';
import { openTestDatabase } from './database';
import { testConfig } from '../channels/twilio/twilio-harness';

export interface TwilioServices {
  db: Awaited<ReturnType<typeof openTestDatabase>>;
  services: Services;
  hashSecret: string;
  stop(): Promise<void>;
}

export async function startTwilioServices(options: { now?: () => Date } = {}): Promise<TwilioServices> {
  const db = await openTestDatabase();
  const config = testConfig();
  const twilioConfig = config.twilio!;
  const messageSender = createTwilioSender({ config: twilioConfig, publicBaseUrl: config.publicBaseUrl, client: createTwilioClient(twilioConfig, { keepAlive: false }) });
  const services = await createServices({ config, logger: createLogger({ level: 'silent' }), database: db }, { messageSender, scheduler: false, ...(options.now ? { now: options.now } : {}) });
  await services.start();
  return {
    db,
    services,
    hashSecret: config.secrets.hashSecret,
    async stop() {
      nock.cleanAll();
      nock.restore();
      await services.stop();
      await db.drop();
    },
  };
}

/** The service started before the tests of the file (or describe block) and stopped after them; `started` keeps it. */
export function useTwilioServices(started: (app: TwilioServices) => void, options: { now?: () => Date } = {}): void {
  let app: TwilioServices | undefined;
  beforeAll(async () => {
    app = await startTwilioServices(options);
    started(app);
  });
  afterAll(() => app?.stop());
}
