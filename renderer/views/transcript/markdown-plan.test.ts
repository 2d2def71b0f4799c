import { describe, expect, it } from 'vitest';
import { MARKDOWN_LIMITS, planMarkdown, streamingSegments } from './markdown-plan.js';
import { PATHOLOGICAL } from './pathological-markdown.js';

/** The blocks of a message as strings, whatever the limits. */
function markdownBlocks(text: string): string[] {
  const plan = planMarkdown(text, { ...MARKDOWN_LIMITS, maxChars: Infinity, budget: Infinity, maxNesting: Infinity });
  return plan.blocks.map((block) => text.slice(block.start, block.end));
}

describe('markdown blocks for streaming', () => {
  it('splits at blank lines but never inside a code fence', () => {
    const text = 'Intro line\nsecond line\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\n- item\n- item\n\nTail';
    expect(markdownBlocks(text)).toEqual(['Intro line\nsecond line', '```js\nconst a = 1;\n\nconst b = 2;\n```', '- item\n- item', 'Tail']);
  });

  it('keeps an unclosed fence (still streaming) in one growing block', () => {
    expect(markdownBlocks('Look:\n\n```\nline 1\n\nline 2')).toEqual(['Look:', '```\nline 1\n\nline 2']);
  });
});

describe('how far a message is parsed as Markdown', () => {
  it('parses an ordinary answer whole', () => {
    const answer = '# Plan\n\nSome *emphasis*, **strong**, `code` and a [link](https://example.com).\n\n- one\n  - nested\n    - deeper\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```ts\nconst x = 1;\n```\n\n';
    const plan = planMarkdown(answer.repeat(20));
    expect(plan.restReason).toBeNull();
    expect(plan.restStart).toBe(answer.length * 20);
    expect(plan.blocks).toHaveLength(6 * 20);
  });

  it('stops before nesting deeper than the bound, keeping the blocks before it', () => {
    const text = `Intro paragraph.\n\n${PATHOLOGICAL.nestedLists}\n\nAfter.`;
    const plan = planMarkdown(text);
    expect(plan).toMatchObject({ restReason: 'nested', restStart: 'Intro paragraph.\n\n'.length });
    expect(plan.blocks).toHaveLength(1);
  });

  it('allows nesting up to the bound', () => {
    const lists = Array.from({ length: 12 }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n');
    const emphasis = '*a '.repeat(10) + 'x' + ' b*'.repeat(10);
    expect(planMarkdown(`${lists}\n\n${emphasis}\n\n${'> '.repeat(20)}quote`).restReason).toBeNull();
  });

  it.each(['nestedEmphasis', 'nestedStrong', 'nestedUnderscore', 'emphasisRun', 'nestedLinks', 'nestedLists', 'listsOnOneLine', 'nestedQuotes'] as const)('finds %s too deep', (shape) => {
    expect(planMarkdown(PATHOLOGICAL[shape])).toMatchObject({ restReason: 'nested', restStart: 0, blocks: [] });
  });

  it.each(['hugeWord', 'longCodeBlock', 'manyEmphases', 'manyTableRows', 'backtickRuns'] as const)('finds %s too long', (shape) => {
    expect(planMarkdown(PATHOLOGICAL[shape])).toMatchObject({ restReason: 'long', restStart: 0 });
  });

  it('charges code lightly: a long code block full of brackets, stars and pipes is still Markdown', () => {
    const python = ['def call(*args, **kwargs):', '    grid[i][j] = a_b_c | mask  # [note]', '    return {k: v for k, v in kwargs.items()}', '', ''].join('\n');
    expect(planMarkdown('```python\n' + python.repeat(150) + '```').restReason).toBeNull();
    expect(planMarkdown('snake_case_name '.repeat(100)).restReason).toBeNull();
  });

  it.each([
    ['an info string with a backtick (no fence at all)', '``` ```\n\n'],
    ['a fence inside an HTML comment', '<!--\n```\n-->\n\n'],
    ['an indented fence continuing a paragraph', 'text\n    ```\n'],
    ['a fence whose quote ended', '> ```\n> code\n'],
    ['a fence whose list item ended', '- ```\n  code\n'],
  ])('is not fooled by %s', (_, prefix) => {
    expect(planMarkdown(prefix + PATHOLOGICAL.nestedEmphasis).restReason).toBe('nested');
    expect(planMarkdown(prefix + PATHOLOGICAL.listsOnOneLine).restReason).toBe('nested');
  });

  it('cuts a long message at a block boundary, within the character limit', () => {
    const paragraph = 'word '.repeat(200);
    const text = Array.from({ length: 200 }, () => paragraph).join('\n\n');
    const plan = planMarkdown(text);
    expect(plan.restReason).toBe('long');
    expect(plan.restStart).toBeLessThanOrEqual(MARKDOWN_LIMITS.maxChars);
    expect(text.slice(plan.restStart).startsWith('word ')).toBe(true);
    expect(plan.blocks.at(-1)!.end).toBeLessThan(plan.restStart);
  });

  it('scans at most the character limit, however long the text', () => {
    const text = 'x'.repeat(50 * 1024 * 1024);
    expect(text.includes('\n')).toBe(false); // made flat here, not in the timed part
    const started = performance.now();
    expect(planMarkdown(text).restReason).toBe('long');
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('segments of a streaming message', () => {
  it('group finished blocks, and a closed segment never changes as the message grows', () => {
    const paragraphs = Array.from({ length: 100 }, (_, index) => `Paragraph ${index} with *some* text.`);
    const segmentsOf = (count: number) => streamingSegments(planMarkdown(paragraphs.slice(0, count).join('\n\n')).blocks);
    const early = segmentsOf(40);
    const later = segmentsOf(100);
    expect(early.length).toBeLessThan(40 / 4);
    expect(later.slice(0, early.length - 1)).toEqual(early.slice(0, -1));
    expect(later.at(-1)!.end).toBe(paragraphs.join('\n\n').length);
  });
});
