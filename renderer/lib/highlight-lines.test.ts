/** Code highlighted line by line as data: the language from the file name, highlight.js classes only, plain past the budget. */
import { describe, expect, it } from 'vitest';
import { HIGHLIGHT_MAX_CHARS, languageOfPath } from './code-tokens.js';
import { highlightLines } from './highlight-lines.js';

const text = (line: { text: string }[]) => line.map((token) => token.text).join('');

describe('languageOfPath', () => {
  it('knows a language by extension or name, and none for unknown files', () => {
    expect(languageOfPath('/src/app.tsx')).toBe('typescript');
    expect(languageOfPath('C:\\proj\\main.py')).toBe('python');
    expect(languageOfPath('/proj/Makefile')).toBe('makefile');
    expect(languageOfPath('/proj/notes.txt')).toBeNull();
    expect(languageOfPath('/proj/.env')).toBeNull();
  });
});

describe('highlightLines', () => {
  it('keeps every line and its text, with highlight.js classes on the tokens', () => {
    const lines = highlightLines('const a = "x";\n/* one\ntwo */\n', 'javascript');
    expect(lines.map(text)).toEqual(['const a = "x";', '/* one', 'two */', '']);
    expect(lines[0]!.find((token) => token.text === 'const')?.className).toBe('hljs-keyword');
    // A comment across lines is a comment on each of them.
    expect(lines[2]![0]).toEqual({ text: 'two */', className: 'hljs-comment' });
  });

  it('gives plain lines without a language, for an unknown one, and past the budget', () => {
    expect(highlightLines('a\nb', null)).toEqual([[{ text: 'a' }], [{ text: 'b' }]]);
    expect(highlightLines('a', 'no-such-language')).toEqual([[{ text: 'a' }]]);
    const big = `const x = 1;\n`.repeat(Math.ceil(HIGHLIGHT_MAX_CHARS / 13) + 1);
    expect(highlightLines(big, 'javascript').every((line) => line.every((token) => token.className === undefined))).toBe(true);
  });

  it('passes markup in the code on as text', () => {
    const lines = highlightLines('<img src=x onerror=alert(1)>', 'typescript');
    expect(text(lines[0]!)).toBe('<img src=x onerror=alert(1)>');
  });
});
