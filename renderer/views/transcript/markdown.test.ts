import { describe, expect, it } from 'vitest';
import { markdownBlocks, safeHref } from './markdown.js';

describe('markdown blocks for streaming', () => {
  it('splits at blank lines but never inside a code fence', () => {
    const text = 'Intro line\nsecond line\n\n```js\nconst a = 1;\n\nconst b = 2;\n```\n\n- item\n- item\n\nTail';
    expect(markdownBlocks(text)).toEqual(['Intro line\nsecond line', '```js\nconst a = 1;\n\nconst b = 2;\n```', '- item\n- item', 'Tail']);
  });

  it('keeps an unclosed fence (still streaming) in one growing block', () => {
    expect(markdownBlocks('Look:\n\n```\nline 1\n\nline 2')).toEqual(['Look:', '```\nline 1\n\nline 2']);
  });
});

describe('links in Claude output', () => {
  it('keeps http(s) and refuses every other scheme', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHref('http://localhost:3000/')).toBe('http://localhost:3000/');
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>', 'file:///etc/passwd', 'vbscript:x', '/relative', 'app://switchyard/index.html']) expect(safeHref(url)).toBe('');
  });
});
