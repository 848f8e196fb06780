// Whether we have a way to reach the person who reported: the only condition under which we may promise to
// contact them ("we will contact you by Thursday"). Otherwise they are told how to ask about it themselves.
import type { ReportDraft } from '../../dialogs/shared/report';

/**
 * Not anonymous, and at least one channel they chose has somewhere to go: a number or address they gave, or,
 * for a text, WhatsApp or a call, the number they are writing from (SMS and WhatsApp conversations keep it).
 * Web chat has no way back to a person once they leave the page.
 */
export function hasContactRoute(report: ReportDraft): boolean {
  if (report.anonymity === 'anonymous') return false;
  const forSomeoneElse = report.reporter.role === 'third_party' || report.reporter.role === 'professional';
  const contact = forSomeoneElse ? report.reporter.contact : report.safeContact;
  if (!contact) return false;
  const writingFromPhone = report.channel === 'sms' || report.channel === 'whatsapp';
  const given = (value: string | undefined) => value !== undefined && value.trim() !== '';
  return contact.channels.some((channel) => {
    switch (channel) {
      case 'sms':
      case 'whatsapp':
      case 'phone':
        return given(contact.phone) || writingFromPhone;
      case 'email':
        return given(contact.email);
      // A postal address is given in the same words as a number (anything that is not an email).
      case 'letter':
        return given(contact.phone);
      default:
        return false;
    }
  });
}
