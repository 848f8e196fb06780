// Long messages and uploads from every conversation take turns (issue 13's flood): one at a time in arrival
// order, a full queue refused at once, and a failure never holds up the ones behind it.
import { createHeavyWork } from '../../../src/channels/webchat/heavy-work';

const tick = () => new Promise((resolve) => setImmediate(resolve));

it('runs one at a time, in the order they came, and refuses at once when too many wait', async () => {
  const heavy = createHeavyWork({ concurrency: 1, waiting: 2 });
  const log: string[] = [];
  const releases: (() => void)[] = [];
  const job = (name: string) => () =>
    new Promise<string>((resolve) => {
      log.push(`start ${name}`);
      releases.push(() => {
        log.push(`end ${name}`);
        resolve(name);
      });
    });
  const a = heavy.run(job('a'));
  const b = heavy.run(job('b'));
  const c = heavy.run(job('c'));
  // One running and two waiting: the fourth is refused without waiting.
  expect(heavy.run(job('d'))).toBeUndefined();
  await tick();
  expect(log).toEqual(['start a']);
  releases.shift()!();
  await expect(a).resolves.toBe('a');
  await tick();
  releases.shift()!();
  await expect(b).resolves.toBe('b');
  await tick();
  releases.shift()!();
  await expect(c).resolves.toBe('c');
  expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
});

it('a failure is passed back to its caller and the next one still runs', async () => {
  const heavy = createHeavyWork();
  const failed = heavy.run(() => Promise.reject(new Error('database away')));
  const next = heavy.run(() => Promise.resolve('answered'));
  await expect(failed).rejects.toThrow('database away');
  await expect(next).resolves.toBe('answered');
});
