// Which languages a deployment speaks: the pack's offer, and in production only those a qualified translator has
// signed off (docs/translation.md).
import type { Config } from '../config';
import { createTranslations, defaultLocalesDir, shippedTranslations, type Translations } from '../conversation/i18n';
import { signedOffLanguages } from '../conversation/translation-status';
import type { Logger } from '../log/logger';
import type { PolicyPack } from '../policy/pack.schema';

export function chooseLanguages(pack: PolicyPack, config: Config, logger: Logger): { i18n: Translations; offered: string[] } {
  const shipped = shippedTranslations();
  const wanted = pack.languages?.offered ?? shipped.shipped;
  const offered = config.env === 'production' ? signedOffLanguages(defaultLocalesDir(), wanted) : [...wanted];
  const unsigned = wanted.filter((lng) => shipped.shipped.includes(lng) && !offered.includes(lng));
  if (unsigned.length > 0) logger.warn({ languages: unsigned }, 'languages not offered: their tier 1 strings await sign-off (docs/translation.md)');
  const i18n = pack.languages || config.env === 'production' ? createTranslations({ offered }) : shipped;
  return { i18n, offered };
}
