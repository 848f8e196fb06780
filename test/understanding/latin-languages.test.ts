// Welsh, Polish and Romanian as people text them, with and without their accents (ŵ, ą, ł, ș), read in a
// conversation held in that language: yes / no / don't know, the words that work everywhere, danger and
// self-harm with their denials, someone else's words kept apart. Each row: the question, what was typed, what it means.
import { interpret } from '../../src/conversation/interpret/interpret';
import { shippedTranslations } from '../../src/conversation/i18n';
import { createLexicons } from '../../src/conversation/understanding';
import { policy, questions } from './support/evaluate';

const lexicons = createLexicons(shippedTranslations());

function meaning(lng: string, question: string, text: string): string {
  const got = interpret({ text, hasMedia: false, question: questions.get(question)! }, lexicons.forLocale(lng, policy.categories));
  if (got.danger) return 'danger';
  if (got.selfHarm) return 'selfHarm';
  if (got.command) return `cmd:${got.command}`;
  if (got.ask) return `ask:${got.ask}`;
  return got.meaning.kind === 'choice' ? got.meaning.ids.join('+') : got.meaning.kind;
}

const ROWS: Record<string, [question: string, text: string, means: string][]> = {
  cy: [
    ['askingChildren', 'ie', 'yes'],
    ['askingChildren', 'Oes', 'yes'],
    ['askingChildren', 'ydw', 'yes'],
    ['askingChildren', 'na', 'no'],
    ['askingChildren', 'Nac oes', 'no'],
    ['askingChildren', 'naddo', 'no'],
    ['askingChildren', 'dwi ddim yn gwybod', 'dont_know'],
    ['askingChildren', "sa i'n gwybod", 'dont_know'],
    ['askingChildren', 'wn i ddim', 'dont_know'],
    ['askingChildren', 'yes', 'yes'],
    ['askingChildren', '2', 'no'],
    ['askingWhen', 'DILEU', 'cmd:exit'],
    ['askingWhen', 'help', 'cmd:help'],
    ['askingWhen', 'nôl', 'cmd:back'],
    ['askingWhen', 'nol', 'cmd:back'],
    ['askingWhen', 'hepgor', 'cmd:skip'],
    ['askingWhen', 'PERSON', 'cmd:person'],
    ['askingWhen', 'iaith', 'cmd:language'],
    ['askingWhen', 'Dwi mewn perygl', 'danger'],
    ['askingWhen', "dwi ddim mewn perygl", 'text'],
    ['askingWhen', "Mae e'n mynd i fy lladd i", 'danger'],
    ['askingWhen', 'mae en mynd i fy lladd', 'danger'],
    ['askingWhen', 'ffoniwch yr heddlu', 'danger'],
    ['askingWhen', 'mae ganddo gyllell', 'danger'],
    ['askingWhen', "dwi'n meddwl am ladd fy hun", 'selfHarm'],
    ['askingWhen', 'dwi eisiau marw', 'selfHarm'],
    ['askingWhen', 'mae swn drws nesaf bob nos', 'text'],
    ['addingDescription', "dyna'r cyfan", 'done'],
    ['askingSafeTimes', 'unrhyw bryd', 'anytime'],
    ['askingWhere', 'yn fy nghartref', 'home'],
    ['inDanger', "dwi'n ddiogel nawr", 'carryOn'],
  ],
  pl: [
    ['askingChildren', 'tak', 'yes'],
    ['askingChildren', 'Tak', 'yes'],
    ['askingChildren', 'nie', 'no'],
    ['askingChildren', 'nie wiem', 'dont_know'],
    ['askingChildren', 'nwm', 'dont_know'],
    ['askingChildren', 'nie mam pojęcia', 'dont_know'],
    ['askingChildren', 'nie mam pojecia', 'dont_know'],
    ['askingChildren', 'no', 'no'],
    ['askingChildren', '1', 'yes'],
    ['askingWhen', 'USUŃ', 'cmd:exit'],
    ['askingWhen', 'usun', 'cmd:exit'],
    ['askingWhen', 'CZŁOWIEK', 'cmd:person'],
    ['askingWhen', 'czlowiek', 'cmd:person'],
    ['askingWhen', 'wstecz', 'cmd:back'],
    ['askingWhen', 'pomiń', 'cmd:skip'],
    ['askingWhen', 'język', 'cmd:language'],
    ['askingWhen', 'jestem w niebezpieczeństwie', 'danger'],
    ['askingWhen', 'jestem w niebezpieczenstwie', 'danger'],
    ['askingWhen', 'nie jestem w niebezpieczeństwie', 'text'],
    ['askingWhen', 'on chce mnie zabić', 'danger'],
    ['askingWhen', 'zabije mnie', 'danger'],
    ['askingWhen', 'ratunku', 'danger'],
    ['askingWhen', 'zadzwońcie na policję', 'danger'],
    ['askingWhen', 'on ma nóż', 'danger'],
    ['askingWhen', 'chcę się zabić', 'selfHarm'],
    ['askingWhen', 'chce sie zabic', 'selfHarm'],
    ['askingWhen', 'nie chcę już żyć', 'selfHarm'],
    ['askingWhen', 'mój syn chce się zabić', 'text'],
    ['askingWhen', 'ten hałas mnie zabija', 'text'],
    ['askingWhen', 'sąsiad co noc głośno puszcza muzykę', 'text'],
    // "od" is Polish for "from", not English "OD": the tenure button and everyday words stay a report.
    ['askingWhen', 'Wynajmuję od tego towarzystwa mieszkaniowego (czynsz socjalny)', 'text'],
    ['askingWhen', 'hałas od tygodnia, od północy do rana', 'text'],
    ['askingWhen', 'wzięłam za dużo tabletek', 'selfHarm'],
    ['addingDescription', 'to wszystko', 'done'],
    ['askingSafeTimes', 'o każdej porze', 'anytime'],
    ['askingWhere', 'w domu', 'home'],
    ['inDanger', 'jestem bezpieczna', 'carryOn'],
  ],
  ro: [
    ['askingChildren', 'da', 'yes'],
    ['askingChildren', 'Da', 'yes'],
    ['askingChildren', 'nu', 'no'],
    ['askingChildren', 'nu știu', 'dont_know'],
    ['askingChildren', 'nu stiu', 'dont_know'],
    ['askingChildren', 'habar n-am', 'dont_know'],
    ['askingChildren', '2', 'no'],
    ['askingWhen', 'ȘTERGE', 'cmd:exit'],
    ['askingWhen', 'sterge', 'cmd:exit'],
    ['askingWhen', 'PERSOANA', 'cmd:person'],
    ['askingWhen', 'înapoi', 'cmd:back'],
    ['askingWhen', 'sari', 'cmd:skip'],
    ['askingWhen', 'limba', 'cmd:language'],
    ['askingWhen', 'sunt în pericol', 'danger'],
    ['askingWhen', 'sunt in pericol', 'danger'],
    ['askingWhen', 'nu sunt în pericol', 'text'],
    ['askingWhen', 'vrea să mă omoare', 'danger'],
    ['askingWhen', 'sunați la poliție', 'danger'],
    ['askingWhen', 'el are un cuțit', 'danger'],
    ['askingWhen', 'vreau să mor', 'selfHarm'],
    ['askingWhen', 'ma sinucid', 'selfHarm'],
    ['askingWhen', 'nu mai vreau să trăiesc', 'selfHarm'],
    ['askingWhen', 'am nevoie de ajutor cu vecinul', 'text'],
    ['askingWhen', 'zgomotul mă omoară', 'text'],
    ['askingWhen', 'vecinul pune muzică tare în fiecare noapte', 'text'],
    ['addingDescription', 'asta e tot', 'done'],
    ['askingSafeTimes', 'oricând', 'anytime'],
    ['askingWhere', 'acasă', 'home'],
    ['inDanger', 'sunt în siguranță', 'carryOn'],
  ],
};

describe.each(Object.keys(ROWS))('%s', (lng) => {
  test.each(ROWS[lng]!)('at %s, "%s" means %s', (question, text, means) => {
    expect(meaning(lng, question, text)).toBe(means);
  });
});

test('danger typed in Welsh, Polish or Romanian is danger in an English conversation too', () => {
  for (const text of ['dwi mewn perygl', 'jestem w niebezpieczeństwie', 'sunt în pericol']) expect(meaning('en', 'askingWhen', text)).toBe('danger');
  for (const text of ['dwi ddim mewn perygl', 'nie jestem w niebezpieczeństwie', 'nu sunt în pericol']) expect(meaning('en', 'askingWhen', text)).toBe('text');
});
