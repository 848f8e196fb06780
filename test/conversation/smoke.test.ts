import { openTranscript, runTable } from '../support/transcript';
import { fixtureDialog, fixturePolicy, fixtureResources } from '../support/fixture-dialogs';

test('a fixture conversation from hello to a submitted report', async () => {
  const t = await openTranscript({ dialogs: [fixtureDialog], policy: fixturePolicy, resources: fixtureResources });
  await runTable(t, [
    ['hello', ['fixture:askingColour.prompt']],
    ['scarlet', ['fixture:collectingWords.prompt']],
    ['a noise', ['fixture:collectingWords.prompt']],
    ['done', ['fixture:submitted.thanks']],
  ]);
  expect(t.submitted).toHaveLength(1);
  expect(t.last()?.prompts[0]?.text).toBe('Thank you. Your reference is TEST-0001.');
  expect(await t.sessionDoc()).toBeNull();
  await t.close();
});
