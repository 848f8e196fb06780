// Opening a stored case: its sealed fields decrypted, and identity fields (names, addresses, contact details)
// opened only when the reader may see them. Who may see them is decided by the caller (src/staff for staff).
import type { SafeContact } from '../../dialogs/shared/report';
import type { FieldCipher } from '../crypto/field-cipher';
import type { CaseRecord, Sealed } from './case.repository';
import { strip } from './case-record';

export interface PersonDetails {
  name?: string;
  address?: string;
}
export interface ContactDetails {
  phone?: string;
  email?: string;
  safeTimes?: string;
  codeWord?: string;
}

/** A case with its sealed fields opened. Identity fields are absent when the viewer may not see them. */
export type CaseView = Omit<CaseRecord, 'incident' | 'perpetrator' | 'reporter' | 'victim' | 'safeContact' | 'police' | 'evidence' | 'vulnerability' | 'risk'> & {
  incident: Omit<CaseRecord['incident'], 'description' | 'when' | 'where'> & { description: string; when?: string; where?: string };
  perpetrator: Omit<CaseRecord['perpetrator'], 'description'> & { description?: string };
  reporter: Omit<CaseRecord['reporter'], 'identity' | 'contact'> & { identity?: PersonDetails; contact?: SafeContact };
  victim?: Omit<NonNullable<CaseRecord['victim']>, 'identity' | 'contact'> & { identity?: PersonDetails; contact?: SafeContact };
  safeContact?: Omit<NonNullable<CaseRecord['safeContact']>, 'details'> & { details?: ContactDetails };
  police: Omit<CaseRecord['police'], 'crimeReference'> & { crimeReference?: string };
  evidence: Omit<CaseRecord['evidence'], 'description'> & { description?: string };
  vulnerability: Omit<CaseRecord['vulnerability'], 'impact'> & { impact?: string };
  risk: Omit<CaseRecord['risk'], 'answers'> & { answers?: { dash?: Record<string, string>; harm?: Record<string, string> } };
  /** True when identity fields exist but were not opened for this reader. */
  identityWithheld: boolean;
};

export function openCase(record: CaseRecord, cipher: FieldCipher, options: { withIdentity: boolean }): CaseView {
  const open = (value: Sealed | undefined) => (value === undefined ? undefined : cipher.decrypt(value));
  const openJson = <T>(value: Sealed | undefined): T | undefined => (value === undefined ? undefined : (JSON.parse(cipher.decrypt(value)) as T));
  const withheld = !options.withIdentity;
  const who = <T>(value: Sealed | undefined) => (withheld ? undefined : openJson<T>(value));
  const { identity: ri, contact: rc, ...reporter } = record.reporter;
  const reporterIdentity = who<PersonDetails>(ri);
  const reporterContact = who<SafeContact>(rc);
  let victim: CaseView['victim'];
  if (record.victim) {
    const { identity, contact, ...rest } = record.victim;
    const vi = who<PersonDetails>(identity);
    const vc = who<SafeContact>(contact);
    victim = { ...rest, ...(vi ? { identity: vi } : {}), ...(vc ? { contact: vc } : {}) };
  }
  let safeContact: CaseView['safeContact'];
  if (record.safeContact) {
    const { details, ...rest } = record.safeContact;
    const d = who<ContactDetails>(details);
    safeContact = { ...rest, ...(d ? { details: d } : {}) };
  }
  const { answers, ...risk } = record.risk;
  const opened = openJson<{ dash?: Record<string, string>; harm?: Record<string, string> }>(answers);
  const { victim: _v, safeContact: _s, ...plain } = record;
  return {
    ...plain,
    incident: strip({ ...record.incident, description: open(record.incident.description) ?? '', when: open(record.incident.when), where: open(record.incident.where) }) as CaseView['incident'],
    perpetrator: strip({ ...record.perpetrator, description: open(record.perpetrator.description) }),
    reporter: { ...reporter, ...(reporterIdentity ? { identity: reporterIdentity } : {}), ...(reporterContact ? { contact: reporterContact } : {}) },
    ...(victim ? { victim } : {}),
    ...(safeContact ? { safeContact } : {}),
    police: strip({ ...record.police, crimeReference: open(record.police.crimeReference) }),
    evidence: strip({ ...record.evidence, description: open(record.evidence.description) }) as CaseView['evidence'],
    vulnerability: strip({ ...record.vulnerability, impact: open(record.vulnerability.impact) }),
    risk: { ...risk, ...(opened ? { answers: opened } : {}) },
    identityWithheld: withheld && record.identityFields.length > 0,
  };
}
