import { describe, expect, it } from 'vitest';
import { safeHref } from './markdown.js';

describe('links in Claude output', () => {
  it('keeps http(s) and refuses every other scheme', () => {
    expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(safeHref('http://localhost:3000/')).toBe('http://localhost:3000/');
    for (const url of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>', 'file:///etc/passwd', 'vbscript:x', '/relative', 'app://switchyard/index.html']) expect(safeHref(url)).toBe('');
  });
});
