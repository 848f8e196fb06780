// Right-to-left text with left-to-right fragments in it (Urdu, Arabic). The Unicode bidi algorithm reads the
// digits of "0808 2000 247" inside Arabic as right-to-left groups and shows "247 2000 0808": a helpline that
// reads backwards. Each run of Latin letters and digits (a phone number, a reference, "Stop Hate UK") goes
// between a left-to-right isolate (U+2066) and its pop (U+2069), so it reads as written and moves nothing
// around it. Screen readers and copy-and-paste ignore the two marks.

const RTL = new Set(['ar', 'ur', 'fa', 'he', 'ps']);
export const LRI = '\u2066';
export const PDI = '\u2069';

/** Whether a language (a code like "ar" or "ur-PK") is written right to left. */
export function isRightToLeft(locale: string | undefined): boolean {
  return RTL.has((locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '');
}

/** Latin letters and digits, with the spaces, dots, hyphens and slashes between them, never at either end. */
const LTR_RUN = /[A-Za-z0-9](?:[A-Za-z0-9 .,:/@+'&-]*[A-Za-z0-9])?/g;

/** The text with each left-to-right run isolated. */
export function isolateLeftToRight(text: string): string {
  return text.replace(LTR_RUN, (run) => `${LRI}${run}${PDI}`);
}
