// What happened: the pack's categories, picked or described in the person's own words (the interpretation
// step weighs the pack's synonyms with its own words; one category is confirmed, two close ones are both
// offered), subcategories, the pack's category responses, hate-crime motivations and, for domestic abuse, the
// forms it takes (gently, with the National Domestic Abuse Helpline). A category the first message already
// made clear is confirmed straight away instead of asked again. In discreet mode the lists and lines that name
// abuse or hate are not sent here.
import { and } from 'xstate';
import { intake } from './intake.setup';
import { question } from './intake.questions';
import { DONE_CHOICE, YES_NO, YES_NO_DONT_KNOW } from './intake.context';

/**
 * Pick one or several (`asking<One>`), then more (`askingMore<Many>`) until That's all or Skip: hate-crime
 * motivations and the forms domestic abuse takes. The list is the same at every step, so "6" always means
 * the sixth, and what has been recorded is read back in words after each pick.
 */
function pickSeveral(
  one: string,
  many: string,
  list: { field: 'incident.hateMotivations' | 'incident.domesticAbuseForms'; choices: 'motivationChoices' | 'abuseFormChoices' },
  after: 'sayFormHelplines'[] = [],
) {
  const [first, checking, more] = [`asking${one}`, `checking${many}`, `askingMore${many}`];
  const add = {
    guard: 'hasChoice' as const,
    target: checking,
    actions: [{ type: 'addToList' as const, params: list }, { type: 'readBackList' as const, params: list }, ...after],
  };
  return {
    [first]: intake.createStateConfig({
      ...question(first, { choicesFrom: list.choices, optional: true, several: true }),
      on: { 'user.message': add, 'user.skip': { target: 'done' } },
    }),
    [checking]: intake.createStateConfig({ always: [{ guard: { type: 'hasChoicesLeft', params: list }, target: more }, { target: 'done' }] }),
    [more]: intake.createStateConfig({
      ...question(more, { choicesFrom: list.choices, choices: [DONE_CHOICE], optional: true, several: true }),
      on: { 'user.message': [{ guard: { type: 'choiceIs', params: { id: 'done' } }, target: 'done' }, add], 'user.skip': { target: 'done' } },
    }),
  };
}

/**
 * "Do you think this happened because of who you are?" (or, for a witness or someone reporting for another, who
 * the person affected is). Yes goes on to the pack's grounds; the answer itself is kept, so a yes with no ground
 * picked still counts as hate (perception-based).
 */
function perceivedHate(id: string, key?: string) {
  const record = { type: 'recordAnswer' as const, params: { field: 'incident.perceivedHate' as const } };
  return intake.createStateConfig({
    ...question(id, { choices: YES_NO_DONT_KNOW, ...(key ? { key } : {}) }),
    on: {
      'user.message': [
        {
          guard: { type: 'choiceIs', params: { id: 'yes' } },
          target: 'askingMotivation',
          actions: [record, { type: 'resetList', params: { field: 'incident.hateMotivations', choices: 'motivationChoices' } }],
        },
        { guard: 'hasChoice', target: 'done', actions: record },
      ],
    },
  });
}

export const what = intake.createStateConfig({
  initial: 'checkingHints',
  states: {
    checkingHints: {
      always: [
        { guard: 'hintsTwoCategories', target: 'choosingCategory', actions: 'offerCategories' },
        { guard: 'hintsOneCategory', target: 'confirmingCategory', actions: 'suggestCategory' },
        { target: 'askingCategory' },
      ],
    },
    askingCategory: {
      ...question('askingCategory', { choicesFrom: 'categoryChoices', freeText: true, expects: 'category', exampleKey: 'intake:askingCategory.example' }),
      on: {
        'user.message': [
          { guard: 'hasChoice', target: 'checkingSubcategory', actions: 'chooseCategory' },
          { guard: 'guessedOneCategory', target: 'confirmingCategory', actions: ['appendDescription', 'noteYoung', 'suggestCategory'] },
          { guard: 'guessedTwoCategories', target: 'choosingCategory', actions: ['appendDescription', 'noteYoung', 'offerCategories'] },
          { guard: 'hasText', target: 'pickingCategory', actions: ['appendDescription', 'noteYoung'] },
        ],
      },
    },
    choosingCategory: {
      ...question('choosingCategory', { choicesFrom: 'suggestionChoices' }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'other' } }, target: 'pickingCategory' },
          { guard: 'hasChoice', target: 'checkingSubcategory', actions: 'chooseCategory' },
        ],
      },
    },
    confirmingCategory: {
      ...question('confirmingCategory', { choices: YES_NO, paramsFrom: { categoryKey: 'params.categoryKey' } }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'yes' } }, target: 'checkingSubcategory', actions: 'acceptSuggestion' },
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: 'pickingCategory' },
        ],
      },
    },
    pickingCategory: {
      ...question('pickingCategory', { choicesFrom: 'categoryChoices' }),
      on: { 'user.message': { guard: 'hasChoice', target: 'checkingSubcategory', actions: 'chooseCategory' } },
    },
    checkingSubcategory: {
      always: [
        { guard: 'subcategoryKnown', target: 'checkingResponse' },
        { guard: 'categoryHasSubcategories', target: 'askingSubcategory', actions: 'offerSubcategories' },
        { target: 'checkingResponse' },
      ],
    },
    askingSubcategory: {
      ...question('askingSubcategory', { choicesFrom: 'subcategoryChoices', optional: true }),
      on: {
        'user.message': { guard: 'hasChoice', target: 'checkingResponse', actions: 'recordSubcategory' },
        'user.skip': { target: 'checkingResponse' },
      },
    },
    checkingResponse: {
      always: [
        // A pack's response names the police, crime and helplines: in discreet mode staff give it at a safe time.
        { guard: 'isDiscreet', target: 'checkingKind' },
        { guard: 'responsePointsElsewhere', target: 'askingStillReport', actions: 'sayCategoryResponse' },
        { guard: 'hasCategoryResponse', target: 'checkingKind', actions: 'sayCategoryResponse' },
        { target: 'checkingKind' },
      ],
    },
    askingStillReport: {
      ...question('askingStillReport', { choices: YES_NO }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'yes' } }, target: 'checkingKind' },
          // Finishing here is still recorded; it becomes a case if what was said means a person must read it.
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: '#submitting', actions: [{ type: 'finishEarly', params: { why: 'elsewhere' } }, 'requestSubmit'] },
        ],
      },
    },
    checkingKind: {
      always: [
        // Lists that name forms of abuse or hate are left to the safe call or the web chat (docs/discreet-mode.md).
        { guard: 'isDiscreet', target: 'done' },
        {
          guard: 'isHateCrime',
          target: 'askingMotivation',
          actions: { type: 'resetList', params: { field: 'incident.hateMotivations', choices: 'motivationChoices' } },
        },
        // A referring professional is not told "we are sorry this is happening" nor given the helpline (OVH 2.6).
        {
          guard: and(['isDomesticAbuse', 'isProfessional']),
          target: 'askingAbuseForm',
          actions: { type: 'resetList', params: { field: 'incident.domesticAbuseForms', choices: 'abuseFormChoices' } },
        },
        {
          guard: 'isDomesticAbuse',
          target: 'askingAbuseForm',
          actions: [
            { type: 'say', params: { key: 'intake:askingAbuseForm.helpline' } },
            { type: 'resetList', params: { field: 'incident.domesticAbuseForms', choices: 'abuseFormChoices' } },
          ],
        },
        // Every other category: did it happen because of who they are? (OVH 1.5.4.1, 1.8; SLH Context harassment grounds)
        { guard: 'asksPerceivedHate', target: 'checkingPerceivedHate' },
        { target: 'done' },
      ],
    },
    checkingPerceivedHate: { always: [{ guard: 'reportsForSomeoneElse', target: 'askingPerceivedHate_other' }, { target: 'askingPerceivedHate' }] },
    askingPerceivedHate: perceivedHate('askingPerceivedHate'),
    askingPerceivedHate_other: perceivedHate('askingPerceivedHate_other', 'intake:askingPerceivedHate.promptOther'),
    ...pickSeveral('Motivation', 'Motivations', { field: 'incident.hateMotivations', choices: 'motivationChoices' }),
    // Forced marriage, honour-based abuse, FGM: the specialist line as soon as it is picked (OVH 1.5.3.1).
    ...pickSeveral('AbuseForm', 'AbuseForms', { field: 'incident.domesticAbuseForms', choices: 'abuseFormChoices' }, ['sayFormHelplines']),
    done: { type: 'final' },
  },
});
