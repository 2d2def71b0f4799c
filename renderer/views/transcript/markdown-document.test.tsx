// @vitest-environment happy-dom
/** The Markdown view's bounds: pathological answers render quickly and stay readable. */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { highlightWaitingNow } from '../../lib/lazy-highlight.js';
import { MarkdownDocument } from './markdown-document.js';
import { MARKDOWN_LIMITS } from './markdown-plan.js';
import { PATHOLOGICAL } from './pathological-markdown.js';
import { buttonNamed, click, mount, type Mounted } from './test-dom.js';

/** Far below the seconds these took before, far above what they take now. */
const RENDER_BUDGET_MS = 1500;

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.useRealTimers();
});

function timed(text: string, streaming: boolean): { container: HTMLElement; ms: number } {
  const started = performance.now();
  mounted = mount(<MarkdownDocument id={`doc-${text.length}-${streaming}`} text={text} streaming={streaming} />);
  return { container: mounted.container, ms: performance.now() - started };
}

const note = (container: HTMLElement) => container.querySelector('.md-plain-note')?.textContent ?? '';

describe('pathological Markdown', () => {
  it.each(Object.keys(PATHOLOGICAL) as (keyof typeof PATHOLOGICAL)[])('%s renders within the budget, readable, with a note', (shape) => {
    const text = PATHOLOGICAL[shape];
    for (const streaming of [false, true]) {
      const { container, ms } = timed(text, streaming);
      expect(ms).toBeLessThan(RENDER_BUDGET_MS);
      expect(note(container)).toMatch(/shown as plain text: it (is too long to format|nests lists, quotes or emphasis more than 32 levels deep)/);
      // The start of the answer is there to read, as the text it is.
      expect(container.textContent).toContain(text.slice(0, 200).replace(/\n[\s\S]*/, ''));
      mounted!.unmount();
      mounted = null;
    }
  });

  it('keeps the Markdown before a too-deep part, and says where plain text starts', () => {
    const { container } = timed(`**Intro** in Markdown.\n\n${PATHOLOGICAL.nestedLists}`, false);
    expect(container.querySelector('strong')?.textContent).toBe('Intro');
    expect(note(container)).toBe('The rest of this answer is shown as plain text: it nests lists, quotes or emphasis more than 32 levels deep.');
    expect(container.querySelector('.md-rest')?.textContent).toContain('- level 0');
  });

  it('collapses a long rest and shows all of it, in chunks, on request', () => {
    vi.useFakeTimers();
    const { container } = timed(PATHOLOGICAL.hugeWord, false);
    const rest = () => container.querySelector('.md-rest .md-plain')!.textContent!.length;
    expect(rest()).toBe(2000);
    click(buttonNamed(container, /^Show all 1,048,576 characters$/));
    expect(rest()).toBeLessThan(PATHOLOGICAL.hugeWord.length);
    for (let step = 0; step < 100; step++) act(() => vi.advanceTimersByTime(20));
    expect(rest()).toBe(PATHOLOGICAL.hugeWord.length);
  });
});

describe('while an answer streams', () => {
  it('never parses a big growing block again on each update: it is plain text until finished', async () => {
    // 10,000 lines arriving in 100 updates: re-parsing the growing block each time took minutes.
    const lines = Array.from({ length: 10_000 }, (_, line) => `const v${line} = ${line};`);
    const intro = 'Here is the file:\n\n```js\n';
    const started = performance.now();
    for (let count = 100; count <= lines.length; count += 100) {
      const text = intro + lines.slice(0, count).join('\n');
      if (mounted) mounted.rerender(<MarkdownDocument id="s1" text={text} streaming />);
      else mounted = mount(<MarkdownDocument id="s1" text={text} streaming />);
      const growingPlain = text.length - 'Here is the file:\n\n'.length > MARKDOWN_LIMITS.streamingPlainChars;
      expect(mounted.container.querySelector('.code-block') === null).toBe(growingPlain);
    }
    expect(performance.now() - started).toBeLessThan(5000);
    // Finished and short enough: a code block again (too long to highlight).
    mounted!.rerender(<MarkdownDocument id="s1" text={`${intro}${lines.slice(0, 2000).join('\n')}\n\`\`\`\n\nDone.`} streaming={false} />);
    expect(mounted!.container.querySelector('.code-block pre code.language-js')).not.toBeNull();
    expect(mounted!.container.textContent).toContain('const v1999 = 1999;');
    await act(highlightWaitingNow);
    expect(mounted!.container.querySelector('.hljs-keyword')).toBeNull();
  });

  it('colours a fenced block by its language once the page is idle, invisible characters still shown', async () => {
    mounted = mount(<MarkdownDocument id="s2" text={'Look:\n\n```ts\nconst a\u200b = 1;\n```\n'} streaming={false} />);
    const code = mounted.container.querySelector('.code-block pre code.language-ts')!;
    expect(code.textContent).toContain('const a');
    await act(highlightWaitingNow);
    expect(code.querySelector('.hljs-keyword')?.textContent).toBe('const');
    expect(code.querySelector('.invisible-mark')).not.toBeNull();
  });

  it('shows a long answer in full while it streams, the newest text included, and keeps it open once complete', () => {
    vi.useFakeTimers();
    const paragraphs = Array.from({ length: 3000 }, (_, index) => `Paragraph ${index}: some text that goes on.`);
    let text = '';
    for (let count = 500; count <= paragraphs.length; count += 500) {
      text = paragraphs.slice(0, count).join('\n\n');
      if (mounted) mounted.rerender(<MarkdownDocument id="s3" text={text} streaming />);
      else mounted = mount(<MarkdownDocument id="s3" text={text} streaming />);
      for (let step = 0; step < 20; step++) act(() => vi.advanceTimersByTime(20));
      expect(mounted.container.textContent).toContain(paragraphs[count - 1]);
    }
    expect(mounted!.container.querySelector('.md-rest')).not.toBeNull();
    expect(buttonNamed(mounted!.container, /^Show/)).toBeUndefined();
    mounted!.rerender(<MarkdownDocument id="s3" text={text} streaming={false} />);
    expect(mounted!.container.textContent).toContain(paragraphs.at(-1));
    expect(buttonNamed(mounted!.container, /^Show less$/)).toBeDefined();
  });

  it('keeps finished blocks as they were rendered', () => {
    mounted = mount(<MarkdownDocument id="s2" text={'First *block*.\n\nSecond'} streaming />);
    const first = mounted.container.querySelector('em');
    mounted.rerender(<MarkdownDocument id="s2" text={'First *block*.\n\nSecond block grows'} streaming />);
    expect(mounted.container.querySelector('em')).toBe(first);
  });
});
