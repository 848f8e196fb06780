// A tenant reporting loud music from next door, answering whatever the intake dialog asks the way a
// person would: by pressing the button that fits, or typing. Keyed on the question, not on its
// position, so the test follows the dialog as its wording and order evolve.
export interface Reply {
  /** Press the button with this label. */
  button?: string;
  /** Or type this. */
  type?: string;
}

const BY_QUESTION: [RegExp, Reply][] = [
  [/in danger right now/i, { button: 'No' }],
  [/safe for you to (message|talk)/i, { button: 'Yes' }],
  [/who is this report about/i, { button: 'It happened to me' }],
  [/what is it about/i, { button: 'Anti-social behaviour' }],
  [/best describes it/i, { button: 'Noise' }],
  [/when did it happen/i, { type: 'Every night after midnight.' }],
  [/where did it happen/i, { button: 'At my home' }],
  [/what happened, in your own words/i, { type: 'The music next door is very loud and they shout at me.' }],
  [/do you know who/i, { button: 'No' }],
  [/answer them now/i, { button: 'No thanks' }],
];

const PREFERRED_BUTTONS = [/^I have finished$/i, /^I have none$/i, /^send( my)? report/i, /^anonymous/i, /^skip this$/i, /^no thanks$/i, /^no$/i, /^I don't know$/i];

export function answer(question: string, buttons: string[]): Reply {
  for (const [pattern, reply] of BY_QUESTION) {
    if (pattern.test(question) && (!reply.button || buttons.includes(reply.button))) return reply;
  }
  for (const preferred of PREFERRED_BUTTONS) {
    const found = buttons.find((b) => preferred.test(b));
    if (found) return { button: found };
  }
  if (buttons[0]) return { button: buttons[0] };
  return { type: 'SKIP' };
}

export const REFERENCE = /reference is ([A-Z0-9-]+)/i;
