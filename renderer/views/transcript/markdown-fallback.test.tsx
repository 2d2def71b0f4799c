// @vitest-environment happy-dom
/** When the Markdown view fails on a text, the text still shows: as plain text, with a note, never a blank error. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarkdownDocument } from './markdown-document.js';
import { mount, type Mounted } from './test-dom.js';

vi.mock('./markdown.js', () => ({
  MarkdownText: ({ text }: { text: string }) => {
    if (text.includes('BOOM')) throw new RangeError('Maximum call stack size exceeded');
    return <div className="markdown">{text}</div>;
  },
}));

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

describe('a failing Markdown view', () => {
  it('shows the answer as plain text with a note', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    mounted = mount(<MarkdownDocument id="f1" text={'Answer that goes BOOM\u202E here'} streaming={false} />);
    quiet.mockRestore();
    const { container } = mounted;
    expect(container.querySelector('[role="note"]')?.textContent).toBe('This part could not be formatted; it is shown as plain text.');
    expect(container.querySelector('.md-plain')?.textContent).toBe('Answer that goes BOOMU+202E here');
  });

  it('fails only the block it failed on while streaming, and tries again when the text changes', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    mounted = mount(<MarkdownDocument id="f2" text={'Fine block\n\nBOOM block'} streaming />);
    expect(mounted.container.querySelectorAll('.md-plain')).toHaveLength(1);
    expect(mounted.container.textContent).toContain('Fine block');
    mounted.rerender(<MarkdownDocument id="f2" text={'Fine block\n\nrecovered block'} streaming />);
    quiet.mockRestore();
    expect(mounted.container.querySelectorAll('.md-plain')).toHaveLength(0);
    expect(mounted.container.textContent).toBe('Fine blockrecovered block');
  });
});
