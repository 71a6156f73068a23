import { describe, expect, it } from 'vitest';
import { pipelineOnUpgrade, withStages } from './mapping.js';

/** Ids in the order they are made, so a test can tell which stages are new. */
const ids = () => {
  let n = 0;
  return () => `s${++n}`;
};

describe('stage mapping on upgrade (issue 17.2)', () => {
  it('maps the suggested stages with their meaning when no case uses another', () => {
    expect(pipelineOnUpgrade('deal', ['lead', 'won'], ids())).toEqual([
      { id: 's1', name: 'lead', outcome: 'open' },
      { id: 's2', name: 'qualified', outcome: 'open' },
      { id: 's3', name: 'proposal', outcome: 'open' },
      { id: 's4', name: 'negotiation', outcome: 'open' },
      { id: 's5', name: 'won', outcome: 'won' },
      { id: 's6', name: 'lost', outcome: 'lost' },
    ]);
    // "closed" was counted as closed before pipelines: it is a solved stage now.
    expect(pipelineOnUpgrade('support', [], ids()).map((s) => `${s.name}:${s.outcome}`)).toEqual([
      'new:open',
      'open:open',
      'pending:open',
      'solved:solved',
      'closed:solved',
    ]);
  });

  it('adds every free-text stage in use, exactly as the cases have it, as open stages before the closing ones', () => {
    const stages = pipelineOnUpgrade('deal', ['Discovery', 'proposal', 'qualify', 'Won', 'Discovery'], ids());
    expect(stages.map((s) => s.name)).toEqual(['lead', 'qualified', 'proposal', 'negotiation', 'Discovery', 'qualify', 'Won', 'won', 'lost']);
    // A value differing only in case is a value of its own ("Won" is not "won"): kept, and open until an owner marks it.
    expect(stages.find((s) => s.name === 'Won')?.outcome).toBe('open');
    expect(new Set(stages.map((s) => s.id)).size).toBe(stages.length);
  });

  it('keeps every value in use even past the most a save accepts, and leaves a complete list as it is', () => {
    const many = Array.from({ length: 40 }, (_, i) => `stage ${i}`);
    const stages = pipelineOnUpgrade('support', many, ids());
    expect(stages).toHaveLength(45);
    for (const name of many) expect(stages.some((s) => s.name === name)).toBe(true);
    expect(withStages(stages, ['new', 'stage 3'], ids())).toEqual(stages);
  });

  it('places a stage added later after the last open stage, whatever order the owner chose', () => {
    const custom = [
      { id: 'a', name: 'Won early', outcome: 'won' as const },
      { id: 'b', name: 'Talking', outcome: 'open' as const },
      { id: 'c', name: 'Lost', outcome: 'lost' as const },
    ];
    expect(withStages(custom, ['  Trial  ', ''], ids()).map((s) => s.name)).toEqual(['Won early', 'Talking', 'Trial', 'Lost']);
  });
});
