// The noise report of sms-reporter.ts as a Welsh or Polish speaker answers it: each row reads the question in
// that language (accents optional: a long SMS may come in plain letters) and answers as people text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NOISE_REPORT, type Answer, type AnswerRow } from './sms-reporter';

export const WELSH_NOISE_REPORT: AnswerRow[] = [
  [/mewn perygl ar hyn o bryd/, { pick: /^Na$/ }],
  [/ddiogel i chi anfon neges/, { pick: /^Ie$/ }],
  [/rhywun arall ddarllen y negeseuon/, { pick: /^Na$/ }],
  [/Am bwy mae'r adroddiad/, { pick: /Digwyddodd i mi/ }],
  [/Faint yw eich oed/, { pick: /^18 neu/ }],
  [/swnio fel bod hyn am/, { pick: /^Ie$/ }],
  [/Am beth mae hyn/, { pick: /gwrthgymdeithasol/ }],
  [/disgrifio orau/, { pick: /^S[ŵw]n$/ }],
  [/oherwydd pwy ydych chi/, { pick: /^Na$/ }],
  [/disgrifio.ch cartref|cartref y person yr effeithir arno/, { pick: /rhent cymdeithasol/ }],
  [/Pryd ddigwyddodd hyn/, 'Bob nos ar ôl hanner nos.'],
  [/Ble ddigwyddodd hyn/, { pick: /Yn fy nghartref/ }],
  [/Dywedwch wrthym beth ddigwyddodd/, "Mae'r gerddoriaeth drws nesaf yn uchel iawn ac maen nhw'n gweiddi arna i."],
  [/Anfonwch ragor os ydych am ychwanegu/, { pick: /gorffen/ }],
  [/dal i ddigwydd/, { pick: /^Ie$/ }],
  [/wedi cael ei frifo/, { pick: /^Na$/ }],
  [/difrodi eich cartref/, { pick: /^Na$/ }],
  [/gwybod pwy sy'n gwneud/, { pick: /^Ie$/ }],
  [/pwy ydyn nhw neu sut maen nhw/, 'Cymydog fflat 3'],
  [/rhentu eu cartref gennym/, { pick: /^Ie$/ }],
  [/lant yn cael eu heffeithio/, { pick: /^Na$/ }],
  [/anodd amddiffyn ei hun/, { pick: /^Na$/ }],
  [/heddlu wedi cael gwybod/, { pick: /^Na$/ }],
  [/gyfeirnod trosedd/, 'HEPGOR'],
  [/effeithio arnoch yn ein helpu/, { pick: /^Dim diolch/ }],
  [/luniau, negeseuon llais neu fideos/, { pick: /Does gen i ddim/ }],
  [/rydym wedi ychwanegu hynny/, { pick: /gorffen/ }],
  [/effeithio arnoch chi neu eich teulu/, 'hepgor'],
  [/Sut hoffech chi roi gwybod/, { pick: /^Cyfrinachol/ }],
  [/Beth yw eich enw/, 'HEPGOR'],
  [/ddiogel i ni gysylltu/, { pick: /^Neges destun$/ }],
  [/Unrhyw ffordd ddiogel arall/, { pick: /Dyna'r cyfan/ }],
  [/Pa rif ff.n, e-bost/, 'HEPGOR'],
  [/Pryd mae'n ddiogel cysylltu/, { pick: /Unrhyw bryd/ }],
  [/neges llais/, { pick: /^Na$/ }],
  [/air cod/, 'HEPGOR'],
  [/anfon eich adroddiad/, { pick: /Anfon fy adroddiad/ }],
];

export const POLISH_NOISE_REPORT: AnswerRow[] = [
  [/grozi Ci teraz niebezpiecze/, { pick: /^Nie$/ }],
  [/bezpiecznie do nas pisa/, { pick: /^Tak$/ }],
  [/inny mo.e czyta. wiadomo/, { pick: /^Nie$/ }],
  [/Kogo dotyczy to zg/, { pick: /Przydarzy.o si. mnie/ }],
  [/Ile masz lat/, { pick: /^18 lub/ }],
  [/chodzi o:/, { pick: /^Tak$/ }],
  [/Czego to dotyczy/, { pick: /antyspo/ }],
  [/Co najlepiej to opisuje/, { pick: /^Ha.as$/ }],
  [/z powodu tego, kim jeste/, { pick: /^Nie$/ }],
  [/opisuje Twoje mieszkanie|mieszkanie osoby, kt.rej to dotyczy/, { pick: /czynsz socjalny/ }],
  [/Kiedy to si. sta/, 'Co noc po północy.'],
  [/Gdzie to si. sta/, { pick: /W moim domu/ }],
  [/Opisz w.asnymi s.owami/, 'Muzyka u sąsiada jest bardzo głośna i krzyczą na mnie.'],
  [/Napisz wi.cej, je.li chcesz co. doda/, { pick: /To ju. wszystko/ }],
  [/to nadal si. dzieje/, { pick: /^Tak$/ }],
  [/zosta. ranny/, { pick: /^Nie$/ }],
  [/celowo zniszczy/, { pick: /^Nie$/ }],
  [/wiesz, kto to robi/, { pick: /^Tak$/ }],
  [/kim s. albo jak wygl/, 'Sąsiad z mieszkania 3'],
  [/Czy wynajmuj. mieszkanie od nas/, { pick: /^Tak$/ }],
  [/jakich. dzieci/, { pick: /^Nie$/ }],
  [/trudno si. obroni/, { pick: /^Nie$/ }],
  [/policja zosta.a powiadomiona/, { pick: /^Nie$/ }],
  [/numer sprawy/, 'POMIŃ'],
  [/jak to na Ciebie wp.ywa, pomo/, { pick: /^Nie, dzi/ }],
  [/wiadomo.ci g.osowe lub filmy/, { pick: /Nic nie mam/ }],
  [/dodali.my to\./, { pick: /To ju. wszystko/ }],
  [/Twoj. rodzin/, 'pomin'],
  [/Jak chcesz to zg/, { pick: /^Poufnie/ }],
  [/Jak si. nazywasz/, 'POMIŃ'],
  [/mo.emy si. z Tob. bezpiecznie kontaktowa/, { pick: /^SMS$/ }],
  [/Inny bezpieczny spos.b/, { pick: /To wszystko/ }],
  [/Jakiego numeru telefonu/, 'POMIŃ'],
  [/Kiedy mo.na si. z Tob. bezpiecznie/, { pick: /O ka.dej porze/ }],
  [/poczcie g.osowej/, { pick: /^Nie$/ }],
  [/wybierz has.o/, 'POMIŃ'],
  [/aby wys.a. zg.oszenie/, { pick: /Wy.lij zg.oszenie/ }],
];

export const ROMANIAN_NOISE_REPORT: AnswerRow[] = [
  [/sunte.i .n pericol chiar acum/, { pick: /^Nu$/ }],
  [/ne scrie.i acum .n siguran/, { pick: /^Da$/ }],
  [/altcineva s. citeasc. mesajele/, { pick: /^Nu$/ }],
  [/Despre cine este acest raport/, { pick: /Mi s-a .nt.mplat mie/ }],
  [/C.\S* ani ave.i/, { pick: /^18 sau/ }],
  [/Se pare c. este vorba despre/, { pick: /^Da$/ }],
  [/Despre ce este vorba/, { pick: /antisocial/ }],
  [/Ce descrie cel mai bine situa/, { pick: /^Zgomot$/ }],
  [/din cauza a ceea ce sunte/, { pick: /^Nu$/ }],
  [/locuin.a (persoanei afectate|dumneavoastr.)/, { pick: /chirie social/ }],
  [/C.nd s-a .nt.mplat/, 'În fiecare noapte după miezul nopții.'],
  [/Unde s-a .nt.mplat/, { pick: /Acas. la mine/ }],
  [/Spune.i-ne ce s-a .nt.mplat, cu propriile/, 'Muzica de la vecini este foarte tare și țipă la mine.'],
  [/Trimite.i mai mult dac. vre.i s. ad.uga.i/, { pick: /Am terminat/ }],
  [/Se .nt.mpl. .n continuare/, { pick: /^Da$/ }],
  [/A fost r.nit cineva/, { pick: /^Nu$/ }],
  [/stricat cineva inten.ionat/, { pick: /^Nu$/ }],
  [/.ti.i cine face asta/, { pick: /^Da$/ }],
  [/cine sunt sau cum arat./, 'Vecinul de la apartamentul 3'],
  [/^.nchiriaz. locuin.a de la noi/m, { pick: /^Da$/ }],
  [/afecta.i sau implica.i copii/, { pick: /^Nu$/ }],
  [/greu s. se apere/, { pick: /^Nu$/ }],
  [/fost anun.at. poli.ia/, { pick: /^Nu$/ }],
  [/num.r de referin.. de la poli/, 'SARI'],
  [/cum v. afecteaz. asta ne ajut/, { pick: /^Nu, mul/ }],
  [/fotografii, mesaje vocale sau clipuri/, { pick: /Nu am nimic/ }],
  [/am ad.ugat\. Trimite/, { pick: /Am terminat/ }],
  [/Cum v. afecteaz. asta pe dumneavoastr./, 'sari'],
  [/Cum vre.i s. raporta.i/, { pick: /^Confiden/ }],
  [/Cum v. numi.i/, 'SARI'],
  [/Cum v. putem contacta .n siguran/, { pick: /^SMS$/ }],
  [/Alt mod sigur/, { pick: /Asta e tot/ }],
  [/Ce num.r de telefon, e-mail/, 'SARI'],
  [/C.nd v. putem contacta .n siguran/, { pick: /Oric.nd/ }],
  [/mesaj vocal/, { pick: /^Nu$/ }],
  [/cuv.nt-cod/, 'SARI'],
  [/ca s. trimite.i raportul/, { pick: /Trimite.i raportul/ }],
];

/** Every string of a namespace, flattened: `ns:a.b` → text. */
function strings(lng: string, ns: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown, path: string): void => {
    if (typeof node === 'string') out.set(`${ns}:${path}`, node);
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(JSON.parse(readFileSync(path.join(__dirname, '../../locales', lng, `${ns}.json`), 'utf8')), '');
  return out;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The longest run of a string with no placeholder, nesting or quote in it: what an SMS shows of it as written. */
const fragmentOf = (text: string) => text.split(/\{\{[^}]*\}\}|\$t\([^)]*\)|["'«»“”‘’()]/).map((s) => s.trim()).sort((a, b) => b.length - a.length)[0] ?? '';

/**
 * The noise report of sms-reporter.ts as read in another language: each English row's question and option are
 * found among the English strings (intake, common and the pack's policy words) and read in `lng`'s own words for the same keys, so the
 * person answers exactly as the English reporter does, from what their phone shows in their language. `texts`
 * are the answers in words, written in the language.
 */
export function noiseReportIn(lng: string, texts: { when: string; what: string; who: string }): AnswerRow[] {
  const namespaces = ['intake', 'common', 'policy'];
  const en = new Map(namespaces.flatMap((ns) => [...strings('en', ns)]));
  const own = new Map(namespaces.flatMap((ns) => [...strings(lng, ns)]));
  const translated = (english: RegExp, asWhole: boolean): RegExp => {
    const matches = (text: string) => english.test(text);
    // Web wordings (`_web`) too, so that the same table answers web chat's buttons.
    const keys = [...en].filter(([, text]) => matches(text)).map(([key]) => key);
    const words = [...new Set(keys.map((key) => own.get(key)).filter((t): t is string => t !== undefined).map((t) => (asWhole ? t : fragmentOf(t))).filter((t) => t.length > 0))];
    if (words.length === 0) throw new Error(`no ${lng} words for the English ${english}`);
    return new RegExp(asWhole ? `^(${words.map(escape).join('|')})$` : words.map(escape).join('|'));
  };
  const free: Record<string, string> = { 'Every night after midnight.': texts.when, 'The music next door is very loud and they shout at me.': texts.what, 'Flat 3 neighbour': texts.who };
  const rows = NOISE_REPORT.map(([question, answer]): AnswerRow => {
    const reads = translated(question, false);
    const inLanguage = (a: Answer): Answer => (a === 'PHOTO' ? a : typeof a === 'string' ? (free[a] ?? a) : { pick: translated(a.pick, true) });
    return [reads, typeof answer === 'function' ? (channel) => inLanguage(answer(channel)) : inLanguage(answer)];
  });
  // A question added to the dialog since NOISE_REPORT was written: "No", as sms-reporter.ts answers it.
  // Web chat's review asks to press the button rather than to reply with its number.
  const review: AnswerRow = [translated(/^Press Send my report/, false), { pick: translated(/^Send my report$/, true) }];
  return [...rows, review, [/[\s\S]/, { pick: translated(/^No$/, true) }]];
}
