import { describe, expect, it } from 'vitest';
import type { TranscriptItem } from '../../shared/desk-api.js';
import { joinPartials } from './event-batcher.js';

const partial = (n: number, content: string, block?: 'tool_input'): TranscriptItem => ({ n, kind: 'event', event: { type: 'partial', content, seq: n + 100, ...(block ? { block } : {}) } });

describe('joinPartials', () => {
  it('joins runs of text deltas into one item that says which items it covers', () => {
    const joined = joinPartials([partial(4, 'a'), partial(5, 'b'), partial(6, 'c'), { n: 7, kind: 'event', event: { type: 'text', content: 'abc' } }, partial(8, 'x', 'tool_input'), partial(9, 'y')]);
    expect(joined).toEqual([
      { n: 6, from: 4, kind: 'event', event: { type: 'partial', content: 'abc', seq: 106 } },
      { n: 7, kind: 'event', event: { type: 'text', content: 'abc' } },
      partial(8, 'x', 'tool_input'),
      partial(9, 'y'),
    ]);
  });
});
