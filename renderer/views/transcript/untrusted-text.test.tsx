// @vitest-environment happy-dom
/** Claude's text in the transcript: invisible characters visible, terminal colours kept as elements, nothing active. */
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import type { TranscriptRow } from '../../../shared/transcript.js';
import { TranscriptRowView } from './rows.js';
import { activeContent, buttonNamed, click, mount, type Mounted } from './test-dom.js';

const RLO = '\u202E';
const ZWSP = '\u200B';
const ESC = '\u001B';
const INVISIBLE_OR_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200B-\u200F\u061C\u2060\uFEFF\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function show(row: TranscriptRow): HTMLElement {
  mounted = mount(<TranscriptRowView row={row} />);
  return mounted.container;
}

const marks = (container: HTMLElement) => [...container.querySelectorAll('.invisible-mark')].map((mark) => mark.textContent);

describe('invisible characters show as markers', () => {
  it('in Markdown text, link text, inline code, code blocks, headings, tables and image text', () => {
    const text = [
      `# Title${RLO}`,
      '',
      `Pay ${RLO}gnp.exe to ${ZWSP}someone and see [safe${RLO}link](https://example.com/a) and \`co${RLO}de\` and ![al${RLO}t](https://example.com/i.png)`,
      '',
      '| a | b |',
      '|---|---|',
      `| ${RLO} | x |`,
      '',
      '```js',
      `const access = "user${RLO} \u2066// admin\u2069";`,
      '```',
    ].join('\n');
    const container = show({ id: 'a1', kind: 'assistant', text, streaming: false });
    expect(marks(container)).toEqual(['U+202E', 'U+202E', 'U+200B', 'U+202E', 'U+202E', 'U+202E', 'U+202E', 'U+202E', 'U+2066', 'U+2069']);
    expect(container.textContent).not.toMatch(INVISIBLE_OR_CONTROL);
    const mark = container.querySelector('a .invisible-mark')!;
    expect(mark.getAttribute('role')).toBe('img');
    expect(mark.getAttribute('aria-label')).toBe('invisible character U+202E, right-to-left override');
    expect(container.querySelector('pre .invisible-mark')).not.toBeNull();
  });

  it('while streaming, in finished blocks and in the growing one', () => {
    const container = show({ id: 'a2', kind: 'assistant', text: `first${RLO}\n\nsecond ${ZWSP}`, streaming: true });
    expect(marks(container)).toEqual(['U+202E', 'U+200B']);
  });

  it('in the user message, tool card and status rows', () => {
    expect(marks(show({ id: 'u', kind: 'user', text: `please ${RLO}run`, confirmed: true, queuedPosition: null }))).toEqual(['U+202E']);
    mounted!.unmount();
    const tool = show({ id: 't', kind: 'tool', toolUseId: 'x', tool: 'Bash', input: { command: `echo ${RLO}hi` }, result: { content: `out${ZWSP}put`, isError: false, stopped: false } } as TranscriptRow);
    // The command shows in the card's header and as code: every place marks it.
    expect(new Set(marks(tool))).toEqual(new Set(['U+202E', 'U+200B']));
    mounted!.unmount();
    expect(marks(show({ id: 'e', kind: 'error', message: `bad ${RLO}` }))).toEqual(['U+202E']);
  });
});

describe('tool output with terminal colours', () => {
  const toolRow = (content: string): TranscriptRow => ({ id: `t-${content.length}`, kind: 'tool', toolUseId: 'x', tool: 'Bash', input: { command: 'ls --color' }, result: { content, isError: false, stopped: false } }) as TranscriptRow;

  it('keeps colours as span elements with allow-listed classes, and no escape character', () => {
    const container = show(toolRow(`${ESC}[1;31merror:${ESC}[0m file ${ESC}[38;5;33mblue${ESC}[0m ${ESC}]0;title${'\u0007'}${ESC}[2Kdone`));
    const output = container.querySelector('pre[aria-label="Tool output"]')!;
    expect(output.textContent).toBe('error: file blue done');
    expect(output.querySelector('span.ansi-red-fg.ansi-bold')?.textContent).toBe('error:');
    // A program's own colour, made of its numbers only, its lightness kept readable per theme
    // (as React writes it: this DOM does not know the syntax, Chromium does, see e2e/untrusted-text).
    const html = renderToString(<TranscriptRowView row={toolRow(`${ESC}[38;5;33mblue`)} />);
    expect(html).toContain('style="color:light-dark(oklch(from rgb(0, 135, 255) min(l, 0.5) c h), oklch(from rgb(0, 135, 255) max(l, 0.72) c h))">blue</span>');
    expect(output.textContent).not.toContain(ESC);
  });

  it('cannot inject HTML through escape sequences or text', () => {
    const container = show(toolRow(`${ESC}[31m<img src=x onerror=alert(1)>${ESC}[0m<script>alert(2)</script>${ESC}]8;;javascript:alert(3)${ESC}\\click${ESC}]8;;${ESC}\\<svg onload=alert(4)>`));
    expect(activeContent(container)).toEqual([]);
    expect(container.querySelector('pre[aria-label="Tool output"]')!.textContent).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>click<svg onload=alert(4)>');
  });

  it('stays collapsed when long, and shows all of it on request', () => {
    const lines = Array.from({ length: 40 }, (_, index) => `${ESC}[32mline ${index}${ESC}[0m`).join('\n');
    const container = show(toolRow(lines));
    const output = () => container.querySelector('pre[aria-label="Tool output"]')!;
    expect(output().textContent!.split('\n')).toHaveLength(12);
    click(buttonNamed(container, /^Show all 40 lines$/));
    expect(output().textContent!.split('\n')).toHaveLength(40);
    expect(output().querySelectorAll('span.ansi-green-fg')).toHaveLength(40);
    click(buttonNamed(container, /^Show less$/));
    expect(output().textContent!.split('\n')).toHaveLength(12);
  });
});

describe('nothing in Claude text is hidden', () => {
  it('a footnote definition nothing refers to shows as text; a referenced one as a footnote', () => {
    const container = show({ id: 'f1', kind: 'assistant', text: 'Visible[^used].\n\n[^used]: the note\n\n[^orphan]: hidden instructions\nspanning lines', streaming: false });
    expect(container.textContent).toContain('[^orphan]: hidden instructions\nspanning lines');
    expect(container.querySelector('sup')?.textContent).toBe('1');
    expect(container.textContent).toContain('the note');
  });
});

describe('markup in Claude text stays inert', () => {
  it('raw HTML, event handlers, scripts and unsafe links', () => {
    const text = [
      '<script>alert(1)</script> <img src=x onerror=alert(2)> <svg onload=alert(3)><circle/></svg> <iframe src="javascript:alert(4)"></iframe>',
      '',
      '[js](javascript:alert(5)) [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==) [vb](vbscript:x) ![img](javascript:alert(7)) <a href="javascript:alert(8)">a</a>',
      '',
      '[ok](https://example.com/)',
    ].join('\n');
    const container = show({ id: 'x1', kind: 'assistant', text, streaming: false });
    expect(activeContent(container)).toEqual([]);
    expect([...container.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://example.com/']);
    expect(container.textContent).toContain('<script>alert(1)</script>');
    expect(container.textContent).toContain('<svg onload=alert(3)>');
  });
});
