// @vitest-environment happy-dom
/**
 * Property: the Markdown view renders any document, random or adversarial, within a time budget,
 * never throws, leaves nothing active in the page and no invisible character acting in the text.
 */
import fc from 'fast-check';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownDocument } from './markdown-document.js';
import { activeContent } from './test-dom.js';

/**
 * Per document. The pathological cases took 9.8 s, 153 s and 12.6 s before (tens of seconds here,
 * or a stack overflow); bounded, the worst document takes a few hundred ms alone, up to about two
 * seconds on a two-core machine busy with the rest of the suite (React's development build).
 */
const BUDGET_MS = 5000;

const INVISIBLE = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u001B'];
const ACTING_IN_TEXT = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\u2060\uFEFF\u00AD\u001B]/;
const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)><circle r=1 /></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">x</a>',
  '[click](javascript:alert(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![img](javascript:alert(1))',
  '[ref]: javascript:alert(1)\n\n[ref]',
  '<details open ontoggle=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '`<b onmouseover=alert(1)>`',
  '<<script>script>alert(1)<</script>/script>',
  'www.example.com/<script>',
];
const SYNTAX = ['*', '**', '_', '__', '~', '~~', '`', '```', '~~~', '[', ']', '(', ')', '![', '](', '<', '>', '> ', '- ', '+ ', '* ', '1. ', '#', '# ', '|', '|-|', '\\', '&amp;', '&#x202E;', ':', '[^1]', '[^1]: n', '- [ ] ', 'http://a.b', ' ', '  ', '    ', '\t', '\n', '\n\n', 'word', 'a', '.'];

const soup = fc.array(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...SYNTAX) }, { weight: 1, arbitrary: fc.constantFrom(...INVISIBLE) }, { weight: 1, arbitrary: fc.constantFrom(...XSS) }, { weight: 2, arbitrary: fc.string({ maxLength: 12 }) }), { maxLength: 600 }).map((parts) => parts.join(''));

const NESTERS: Record<string, (depth: number) => string> = {
  emphasis: (depth) => '*a '.repeat(depth) + 'x' + ' b*'.repeat(depth),
  strong: (depth) => '**a '.repeat(depth) + 'x' + ' b**'.repeat(depth),
  underscore: (depth) => '_a '.repeat(depth) + 'x' + ' b_'.repeat(depth),
  alternating: (depth) => '*_'.repeat(depth) + 'a' + '_*'.repeat(depth),
  strike: (depth) => '~~a '.repeat(depth) + 'x' + ' b~~'.repeat(depth),
  links: (depth) => '['.repeat(depth) + 'a' + '](x)'.repeat(depth),
  images: (depth) => '!['.repeat(depth) + 'a' + '](x)'.repeat(depth),
  indentedList: (depth) => Array.from({ length: depth }, (_, level) => `${'  '.repeat(level)}- item`).join('\n'),
  orderedList: (depth) => Array.from({ length: depth }, (_, level) => `${'   '.repeat(level)}1. item`).join('\n'),
  inlineLists: (depth) => '- '.repeat(depth) + 'x',
  quotes: (depth) => '>'.repeat(depth) + ' x',
  quoteLines: (depth) => Array.from({ length: Math.min(depth, 600) }, (_, level) => `${'> '.repeat(level + 1)}q`).join('\n'),
  mixed: (depth) => Array.from({ length: depth }, (_, level) => ['> ', '- ', '1. '][level % 3]).join('') + 'x',
};
const nested = fc.tuple(fc.constantFrom(...Object.keys(NESTERS)), fc.integer({ min: 1, max: 3000 })).map(([kind, depth]) => NESTERS[kind]!(depth));

const hugeWord = fc.tuple(fc.constantFrom('a', '*', '_', '`', '[', '|', '\u202E', '界', '😀', 'ab '), fc.integer({ min: 1000, max: 1_100_000 })).map(([unit, size]) => unit.repeat(Math.ceil(size / unit.length)));

const UNITS = ['*a* ', '**a** ', '[a](b) ', '`c` ', '|c|d|e|f|\n', '- item\n', '- a\n  - b\n', '# h\n\n', 'para\n\n', '```js\nconst a = 1;\n```\n\n', '> q\n', 'line\n', '<b>x</b> ', 'www.a.com ', '[^1] ', '&amp; '];
const repeated = fc.tuple(fc.constantFrom(...UNITS), fc.integer({ min: 1, max: 30_000 })).map(([unit, count]) => (unit.startsWith('|') ? '|a|b|c|d|\n|-|-|-|-|\n' : '') + unit.repeat(count));

const bigCode = fc.integer({ min: 100, max: 12_000 }).map((lines) => '```ts\n' + Array.from({ length: lines }, (_, line) => `const value${line} = compute(${line}); // line ${line}`).join('\n') + '\n```');

/** Starts that make a scanner believe in a code block the parser does not see (or the reverse). */
const FENCE_TRICKS = ['', '```\n', '~~~~\n', '``` ```\n\n', '<!--\n```\n-->\n\n', '<div>\n```\n\n', 'text\n    ```\n', '> ```\n> code\n', '- ```\n  code\n', '```\n```\n', '````\n```\n'];

const documents = fc
  .tuple(fc.constantFrom(...FENCE_TRICKS), fc.array(fc.oneof(soup, nested, hugeWord, repeated, bigCode), { minLength: 1, maxLength: 3 }), fc.constantFrom('\n\n', '\n'))
  .map(([trick, parts, between]) => trick + parts.join(between));

describe('Markdown view fuzz', () => {
  it('renders random and adversarial documents within the budget, inert and readable', () => {
    const times: number[] = [];
    const container = document.createElement('div');
    // Compiled code, not the first run's interpreter, is what the budget is for.
    for (const streaming of [false, true]) renderToString(<MarkdownDocument id="warm-up" text={'# Title\n\nSome *text*, a [link](https://a.b) and `code`.\n\n- a\n- b\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nconst a = 1;\n```\n\n'.repeat(40)} streaming={streaming} />);
    fc.assert(
      fc.property(documents, fc.boolean(), (text, streaming) => {
        const started = performance.now();
        const html = renderToString(<MarkdownDocument id="fuzz" text={text} streaming={streaming} />);
        const ms = performance.now() - started;
        times.push(ms);
        expect(ms, `${text.length} characters, streaming ${streaming}`).toBeLessThan(BUDGET_MS);
        container.innerHTML = html;
        expect(activeContent(container)).toEqual([]);
        const shown = container.textContent ?? '';
        expect(shown).not.toMatch(ACTING_IN_TEXT);
        // Link definitions show nothing in any Markdown; everything else shows something.
        const content = text.replace(/^ {0,3}\[(?!\^)[^\]\n]*\]:.*$/gm, '');
        if (/[^\s*_~`#>|\-+.[\]()!:]/u.test(content)) expect(shown.trim()).not.toBe('');
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
    times.sort((a, b) => a - b);
    const at = (quantile: number) => Math.round(times[Math.floor(quantile * (times.length - 1))]!);
    console.log(`[figure] markdown fuzz: ${times.length} documents, max ${at(1)} ms, p95 ${at(0.95)} ms, median ${at(0.5)} ms (budget ${BUDGET_MS} ms)`);
  }, 300_000);
});
