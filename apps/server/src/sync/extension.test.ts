import { describe, expect, it } from 'vitest';
import { Debouncer } from './extension.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Debouncer', () => {
  it('runs the work of one key one at a time, in the order started, so the newest state is written last', async () => {
    const debouncer = new Debouncer(5, () => undefined);
    const log: string[] = [];
    // The first write is slow (a loaded database), the second quick: the second still commits last.
    const slow = debouncer.run('doc', async () => {
      log.push('start old');
      await tick(50);
      log.push('commit old');
    });
    debouncer.schedule('doc', async () => {
      log.push('start new');
      log.push('commit new');
    });
    await tick(20);
    // Another key does not wait for this one.
    await debouncer.run('other', async () => void log.push('other'));
    await debouncer.flush();
    await slow;
    expect(log).toEqual(['start old', 'other', 'commit old', 'start new', 'commit new']);
  });

  it('goes on with the next work after one fails', async () => {
    const errors: unknown[] = [];
    const debouncer = new Debouncer(5, (err) => errors.push(err));
    const failed = debouncer.run('doc', () => Promise.reject(new Error('database gone')));
    let ran = false;
    await debouncer.run('doc', async () => void (ran = true));
    await failed;
    expect(ran).toBe(true);
    expect(errors).toHaveLength(1);
  });
});
