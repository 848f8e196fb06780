// What happened: the pack's categories, picked or described in the person's own words (matched with the
// pack's synonyms and confirmed), subcategories, the pack's category responses, hate-crime motivations
// and, for domestic abuse, the forms it takes (gently, with the National Domestic Abuse Helpline).
import { intake, question } from './intake.setup';
import { YES_NO } from './intake.context';

/**
 * Pick one (`asking<One>`), then more from what is left (`askingMore<Many>`) until Done or Skip:
 * hate-crime motivations and the forms domestic abuse takes.
 */
function pickSeveral(
  one: string,
  many: string,
  list: { field: 'incident.hateMotivations' | 'incident.domesticAbuseForms'; choices: 'motivationChoices' | 'abuseFormChoices' },
  hasLeft: 'hasMotivationsLeft' | 'hasAbuseFormsLeft',
) {
  const [first, checking, more] = [`asking${one}`, `checking${many}`, `askingMore${many}`];
  const add = { guard: 'hasChoice' as const, target: checking, actions: { type: 'addToList' as const, params: list } };
  return {
    [first]: intake.createStateConfig({
      ...question(first, { choicesFrom: list.choices, optional: true }),
      on: { 'user.message': add, 'user.skip': { target: 'done' } },
    }),
    [checking]: intake.createStateConfig({ always: [{ guard: hasLeft, target: more }, { target: 'done' }] }),
    [more]: intake.createStateConfig({
      ...question(more, { choicesFrom: list.choices, optional: true }),
      on: { 'user.message': [{ guard: { type: 'choiceIs', params: { id: 'done' } }, target: 'done' }, add], 'user.skip': { target: 'done' } },
    }),
  };
}

export const what = intake.createStateConfig({
  initial: 'askingCategory',
  states: {
    askingCategory: {
      ...question('askingCategory', { choicesFrom: 'categoryChoices', freeText: true, exampleKey: 'intake:askingCategory.example' }),
      on: {
        'user.message': [
          { guard: 'hasChoice', target: 'checkingSubcategory', actions: 'chooseCategory' },
          { guard: 'textMatchesCategory', target: 'confirmingCategory', actions: ['appendDescription', 'suggestCategory'] },
          { guard: 'hasText', target: 'pickingCategory', actions: 'appendDescription' },
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
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: '#closedWithAdvice' },
        ],
      },
    },
    checkingKind: {
      always: [
        {
          guard: 'isHateCrime',
          target: 'askingMotivation',
          actions: { type: 'resetList', params: { field: 'incident.hateMotivations', choices: 'motivationChoices' } },
        },
        {
          guard: 'isDomesticAbuse',
          target: 'askingAbuseForm',
          actions: [
            { type: 'say', params: { key: 'intake:askingAbuseForm.helpline' } },
            { type: 'resetList', params: { field: 'incident.domesticAbuseForms', choices: 'abuseFormChoices' } },
          ],
        },
        { target: 'done' },
      ],
    },
    ...pickSeveral('Motivation', 'Motivations', { field: 'incident.hateMotivations', choices: 'motivationChoices' }, 'hasMotivationsLeft'),
    ...pickSeveral('AbuseForm', 'AbuseForms', { field: 'incident.domesticAbuseForms', choices: 'abuseFormChoices' }, 'hasAbuseFormsLeft'),
    done: { type: 'final' },
  },
});
