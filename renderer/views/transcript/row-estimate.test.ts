import { describe, expect, it } from 'vitest';
import { estimateRowHeight } from './row-estimate.js';

describe('a row’s height before it is measured', () => {
  it('grows with the lines a message holds, wrapped lines counted', () => {
    const short = estimateRowHeight({ id: 'a', kind: 'assistant', text: 'Done.', streaming: false } as never);
    const tenLines = estimateRowHeight({ id: 'b', kind: 'assistant', text: Array.from({ length: 10 }, () => 'line').join('\n'), streaming: false } as never);
    const oneLongLine = estimateRowHeight({ id: 'c', kind: 'assistant', text: 'x'.repeat(1100), streaming: false } as never);
    expect(tenLines).toBeGreaterThan(short);
    expect(oneLongLine).toBe(tenLines + 21);
  });

  it('sizes an Edit by the lines of its change, and stays bounded for a huge one', () => {
    const edit = (lines: number) => estimateRowHeight({ id: `e${lines}`, kind: 'tool', tool: 'Edit', toolUseId: null, input: { old_string: 'a\n'.repeat(lines), new_string: 'b\n'.repeat(lines) }, result: null, request: null } as never);
    expect(edit(20)).toBeGreaterThan(edit(2));
    expect(edit(1_000_000)).toBeLessThan(20_000);
  });
});
