// Which languages a deployment speaks: the pack's offer, and in production only those a qualified translator has
// signed off (docs/translation.md).
import type { Config } from '../config';
import { createTranslations, defaultLocalesDir, shippedTranslations, type Translations } from '../conversation/i18n';
import { signedOffLanguages } from '../conversation/translation-status';
import type { Logger } from '../log/logger';
import { packWords } from '../policy/dialog-policy';
import type { PolicyPack } from '../policy/pack.schema';

export function chooseLanguages(pack: PolicyPack, config: Config, logger: Logger): { i18n: Translations; offered: string[] } {
  const shipped = shippedTranslations();
  const wanted = pack.languages?.offered ?? shipped.shipped;
  const offered = config.env === 'production' ? signedOffLanguages(defaultLocalesDir(), wanted) : [...wanted];
  const unsigned = wanted.filter((lng) => shipped.shipped.includes(lng) && !offered.includes(lng));
  if (unsigned.length > 0) logger.warn({ languages: unsigned }, 'languages not offered: their tier 1 strings await sign-off (docs/translation.md)');
  // A pack's own words (its matrix questions) are said and shown like the shipped ones.
  const words = packWords(pack);
  const i18n = pack.languages || config.env === 'production' || Object.keys(words).length > 0 ? createTranslations({ offered, extraResources: words }) : shipped;
  return { i18n, offered };
}
