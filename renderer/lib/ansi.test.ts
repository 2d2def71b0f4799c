import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ansiSpans, terminalText } from './ansi.js';
import { spansText } from './styled-spans.js';

const ESC = '\u001B';
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
const ALLOWED_CLASS = /^ansi-(?:(?:bright-)?(?:black|red|green|yellow|blue|magenta|cyan|white)-(?:fg|bg)|bold|dim|italic|underline|strike)$/;
const ALLOWED_COLOUR = /^rgb\(\d{1,3}, \d{1,3}, \d{1,3}\)$/;

describe('terminal colours', () => {
  it('reads SGR colours and attributes into class names from the allow-list', () => {
    expect(ansiSpans(`${ESC}[31mred${ESC}[0m plain ${ESC}[1;92mbold green${ESC}[22m not bold ${ESC}[44;4mon blue${ESC}[m`)).toEqual([
      { text: 'red', className: 'ansi-red-fg' },
      { text: ' plain ' },
      { text: 'bold green', className: 'ansi-bright-green-fg ansi-bold' },
      { text: ' not bold ', className: 'ansi-bright-green-fg' },
      { text: 'on blue', className: 'ansi-bright-green-fg ansi-blue-bg ansi-underline' },
    ]);
  });

  it('turns 256-colour and true-colour codes into rgb() colours made of numbers', () => {
    expect(ansiSpans(`${ESC}[38;5;196mpalette${ESC}[38;5;244m grey${ESC}[0m ${ESC}[48;2;10;20;30mtrue${ESC}[0m`)).toEqual([
      { text: 'palette', color: 'rgb(255, 0, 0)' },
      { text: ' grey', color: 'rgb(128, 128, 128)' },
      { text: ' ' },
      { text: 'true', background: 'rgb(10, 20, 30)' },
    ]);
    // Out of range: no colour at all.
    expect(ansiSpans(`${ESC}[38;2;999;0;0mx${ESC}[38;5;300my`)).toEqual([{ text: 'x' }, { text: 'y' }]);
  });

  it('never hides text: "hidden" is ignored', () => {
    expect(ansiSpans(`${ESC}[8msecret${ESC}[0m shown`)).toEqual([{ text: 'secret' }, { text: ' shown' }]);
  });

  it('drops every other escape sequence: cursor moves, clears, OSC titles and hyperlinks, device strings', () => {
    const raw = [
      `${ESC}[2J${ESC}[H${ESC}[1A${ESC}[2K${ESC}[?25l${ESC}[?1049h`,
      `${ESC}]0;window title${'\u0007'}`,
      `${ESC}]8;;https://evil.example/?a=b${ESC}\\link text${ESC}]8;;${ESC}\\`,
      `${ESC}P1$r0m${ESC}\\${ESC}_private${ESC}\\${ESC}(B${ESC}7${ESC}8${ESC}=${ESC}c`,
      '\u009B31m',
      ' end',
    ].join('');
    expect(terminalText(raw)).toBe('link text end');
    expect(spansText(ansiSpans(raw))).toBe('link text end');
  });

  it('drops stray controls (bell, backspace, a lone ESC) and keeps tabs and line ends', () => {
    expect(terminalText(`a\u0007b\bc${ESC}d\te\nf`)).toBe('abcd\te\nf');
  });

  it('lets a carriage return overwrite its line, keeping the colour set before it', () => {
    expect(terminalText('progress 10%\rprogress 100%\nnext\r\n')).toBe('progress 100%\nnext\n');
    expect(ansiSpans(`${ESC}[32mdownloading 1/3\rdone     ${ESC}[0m\r\nok`)).toEqual([{ text: 'done     ', className: 'ansi-green-fg' }, { text: '\nok' }]);
  });

  it('keeps markup in the output as text: escape sequences cannot make HTML', () => {
    // `"` is an intermediate byte, so the sequence ends at the `o` after it; the rest is text.
    const spans = ansiSpans(`${ESC}[31m<img src=x onerror=alert(1)>${ESC}[0m${ESC}[38;2;1;2;3;"onload="alert(1)m<script>`);
    expect(spansText(spans)).toBe('<img src=x onerror=alert(1)>nload="alert(1)m<script>');
    for (const span of spans) expect(Object.keys(span).every((key) => ['text', 'className', 'color', 'background'].includes(key))).toBe(true);
  });

  it('property: whatever the bytes, every style comes from the allow-list and no control character is left', () => {
    const fragment = fc.oneof(
      fc.string(),
      fc.constantFrom(ESC, `${ESC}[`, ']', ';', 'm', '\u0007', '\u009B', '\r', '\n', `${ESC}\\`, '38;5;', '48;2;', '<b>', '"'),
      fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 6 }).map((numbers) => `${ESC}[${numbers.join(';')}m`),
    );
    let runs = 0;
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        runs++;
        const spans = ansiSpans(parts.join(''));
        for (const span of spans) {
          expect(span.text).not.toMatch(CONTROL);
          for (const name of span.className?.split(' ') ?? []) expect(name).toMatch(ALLOWED_CLASS);
          if (span.color) expect(span.color).toMatch(ALLOWED_COLOUR);
          if (span.background) expect(span.background).toMatch(ALLOWED_COLOUR);
        }
      }),
      { numRuns: 1000 },
    );
    console.log(`[figure] ansi fuzz: ${runs} outputs`);
  });
});
