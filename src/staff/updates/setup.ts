// Keeping the reporter informed, put together from what the composition root built: officers' updates (the
// service, its case-page section and route). Reporter words come from locales/<lng>/common.json, staff words
// from staff.json.
import type { CaseRepository } from '../../cases/case.repository';
import type { FieldCipher } from '../../crypto/field-cipher';
import type { Outbound } from '../../outbound/outbound.service';
import type { PolicyPack } from '../../policy/pack.schema';
import type { CaseReader } from '../cases/case-reader';
import { createLabels } from '../web/labels';
import { createReporterUpdates } from './reporter-updates';
import { reporterUpdatePages } from './updates.routes';

type T = (key: string, params?: Record<string, unknown>) => string;

export interface ReporterUpdatesSetup {
  repository: Pick<CaseRepository, 'change'>;
  /** Built after the console (when Twilio is configured). */
  outbound: () => Outbound | undefined;
  reader: CaseReader;
  cipher: FieldCipher;
  hashSecret: string;
  pack: PolicyPack;
  /** Translations (`staff:…`, `common:…`); the reporter's words are looked up in the case's language. */
  t: T;
  now: () => Date;
}

export function setUpReporterUpdates(deps: ReporterUpdatesSetup) {
  const staffT: T = (key, params) => deps.t(key.includes(':') ? key : `staff:${key}`, params);
  const words = (locale: string, key: string, params: Record<string, string> = {}) => deps.t(key, { ...params, lng: locale });
  const updates = createReporterUpdates({ repository: deps.repository, outbound: deps.outbound, cipher: deps.cipher, hashSecret: deps.hashSecret, organisationName: deps.pack.organisation.name, words, now: deps.now });
  const pages = reporterUpdatePages({ updates, reader: deps.reader, labels: createLabels(deps.pack, staffT), t: staffT });
  return { updates, section: pages.section, extend: pages.extend };
}
