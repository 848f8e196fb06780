// A turn is run again from the start when its save lost a race (another instance or a renewed session changed
// the conversation under it) or the database dropped a connection: effects are idempotent by key, and dedupe
// and the revision compare-and-set keep it applied once. After ten tries the person hears "busy, try again".
import { AppError } from '../errors';
import type { Logger } from '../log/logger';
import { errorCode } from './effects-runner';
import { isTransientDatabaseError } from './transient';

const MAX_ATTEMPTS = 10;

/** What a turn returns when the conversation changed under it and it must run again. */
export const CONFLICT = Symbol('conflict');

export async function withTurnRetries<T>(attemptTurn: () => Promise<T | typeof CONFLICT>, logger: Logger): Promise<T> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    let result: T | typeof CONFLICT;
    try {
      result = await attemptTurn();
    } catch (error) {
      if (attempt === MAX_ATTEMPTS || !isTransientDatabaseError(error)) throw error;
      logger.warn({ attempt, err: { type: errorCode(error) } }, 'database busy; retrying the turn');
      result = CONFLICT;
    }
    if (result !== CONFLICT) return result;
    logger.debug({ attempt }, 'session changed under this turn; retrying');
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 10 * attempt)));
  }
  throw new AppError('the conversation is busy; try again', { status: 503, code: 'conversation_busy' });
}
