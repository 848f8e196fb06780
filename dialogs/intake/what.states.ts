// What happened: the pack's categories, picked or described in the person's own words (matched with the
// pack's synonyms and confirmed), subcategories, the pack's category responses, hate-crime motivations
// and, for domestic abuse, the forms it takes (gently, with the National Domestic Abuse Helpline).
import { intake, question } from './intake.setup';
import { YES_NO } from './intake.context';

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
    askingMotivation: {
      ...question('askingMotivation', { choicesFrom: 'motivationChoices', optional: true }),
      on: {
        'user.message': {
          guard: 'hasChoice',
          target: 'checkingMotivations',
          actions: { type: 'addToList', params: { field: 'incident.hateMotivations', choices: 'motivationChoices' } },
        },
        'user.skip': { target: 'done' },
      },
    },
    checkingMotivations: { always: [{ guard: 'hasMotivationsLeft', target: 'askingMoreMotivations' }, { target: 'done' }] },
    askingMoreMotivations: {
      ...question('askingMoreMotivations', { choicesFrom: 'motivationChoices', optional: true }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'done' } }, target: 'done' },
          {
            guard: 'hasChoice',
            target: 'checkingMotivations',
            actions: { type: 'addToList', params: { field: 'incident.hateMotivations', choices: 'motivationChoices' } },
          },
        ],
        'user.skip': { target: 'done' },
      },
    },
    askingAbuseForm: {
      ...question('askingAbuseForm', { choicesFrom: 'abuseFormChoices', optional: true }),
      on: {
        'user.message': {
          guard: 'hasChoice',
          target: 'checkingAbuseForms',
          actions: { type: 'addToList', params: { field: 'incident.domesticAbuseForms', choices: 'abuseFormChoices' } },
        },
        'user.skip': { target: 'done' },
      },
    },
    checkingAbuseForms: { always: [{ guard: 'hasAbuseFormsLeft', target: 'askingMoreAbuseForms' }, { target: 'done' }] },
    askingMoreAbuseForms: {
      ...question('askingMoreAbuseForms', { choicesFrom: 'abuseFormChoices', optional: true }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'done' } }, target: 'done' },
          {
            guard: 'hasChoice',
            target: 'checkingAbuseForms',
            actions: { type: 'addToList', params: { field: 'incident.domesticAbuseForms', choices: 'abuseFormChoices' } },
          },
        ],
        'user.skip': { target: 'done' },
      },
    },
    done: { type: 'final' },
  },
});
