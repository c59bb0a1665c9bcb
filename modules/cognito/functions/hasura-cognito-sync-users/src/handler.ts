import { errorMessage } from '../../../../shared-functions/src/errors.js';
import type { Logger } from '../../../../shared-functions/src/logger.js';
import type { HasuraTarget } from './config.js';
import { upsertUser, type UpsertOptions } from './upsert.js';

export interface SyncDeps {
  /** The Hasura endpoint and admin secret (cached by the caller). */
  target: () => Promise<HasuraTarget>;
  /** Called after Hasura refused the admin secret, so the next sign-in reads it again. */
  forgetTarget: () => void;
  logger: Logger;
  upsert: UpsertOptions;
}

/** The fields of Cognito's post authentication event the sync reads; everything else is passed through. */
export interface PostAuthenticationEvent {
  triggerSource?: string;
  request?: { userAttributes?: Record<string, string | undefined> };
}

/**
 * Post authentication: upserts the user into Hasura. Always returns the event unchanged, also
 * when the sync fails (sign-in must not depend on Hasura); failures are logged with the
 * user's sub, never the e-mail.
 */
export function createSyncHandler(deps: SyncDeps) {
  const { logger } = deps;
  return async <E extends PostAuthenticationEvent>(event: E): Promise<E> => {
    const attributes = event.request?.userAttributes ?? {};
    const sub = attributes.sub;
    if (!sub) {
      logger.error(`${event.triggerSource ?? 'post authentication'}: no sub in userAttributes; user not synced`);
      return event;
    }
    try {
      const target = await deps.target();
      const result = await upsertUser({ sub, email: attributes.email }, target, deps.upsert);
      if (result.ok) {
        logger.info(`user ${sub} synced to Hasura (attempt ${result.attempts})`);
      } else {
        if (result.unauthorized) deps.forgetTarget();
        logger.error(
          `user ${sub} not synced to Hasura after ${result.attempts} attempt(s): ${result.reason}; sign-in continues`,
        );
      }
    } catch (error) {
      // Only the secret read can get here; its messages name the secret ARN, not its value.
      logger.error(`user ${sub} not synced to Hasura: ${errorMessage(error)}; sign-in continues`);
    }
    return event;
  };
}
