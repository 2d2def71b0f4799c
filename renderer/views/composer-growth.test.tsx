// @vitest-environment happy-dom
/** The message box grows with its text up to half the window, then scrolls, and shrinks back. */
import { act, useRef, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { grownHeight, useGrowingBox } from './composer-growth.js';
import { mount, type Mounted } from './transcript/test-dom.js';

describe('the height of the message box', () => {
  it('fits the text and its frame while it is under the limit', () => {
    expect(grownHeight(60, 2, 450)).toEqual({ height: 62, scrolls: false });
    expect(grownHeight(447.4, 2, 450)).toEqual({ height: 450, scrolls: false });
  });

  it('stops at the limit and scrolls past it', () => {
    expect(grownHeight(449, 2, 450)).toEqual({ height: 450, scrolls: true });
    expect(grownHeight(5000, 2, 450.6)).toEqual({ height: 450, scrolls: true });
  });
});

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

/** happy-dom lays nothing out: the box's scroll height is given as 20 px a line, its frame 2 px. */
function Box({ initial }: { initial: string }) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(initial);
  useGrowingBox(ref, text);
  return <textarea ref={ref} value={text} onChange={(event) => setText(event.target.value)} />;
}

describe('useGrowingBox', () => {
  it('sets the height from the text on each change, up to half the window, and scrolls only past it', () => {
    const lines = (element: HTMLTextAreaElement) => element.value.split('\n').length;
    Object.defineProperty(HTMLTextAreaElement.prototype, 'scrollHeight', { configurable: true, get(this: HTMLTextAreaElement) { return Math.max(3, lines(this)) * 20; } });
    Object.defineProperty(HTMLTextAreaElement.prototype, 'offsetHeight', { configurable: true, get: () => 62 });
    Object.defineProperty(HTMLTextAreaElement.prototype, 'clientHeight', { configurable: true, get: () => 60 });
    try {
      window.innerHeight = 400;
      mounted = mount(<Box initial="one" />);
      const box = mounted.container.querySelector('textarea')!;
      expect(box.style.height).toBe('62px');
      expect(box.style.overflowY).toBe('hidden');
      const type = (text: string) =>
        act(() => {
          Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(box, text);
          box.dispatchEvent(new Event('input', { bubbles: true }));
        });
      type('1\n2\n3\n4\n5\n6');
      expect(box.style.height).toBe('122px');
      type(Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'));
      expect(box.style.height).toBe('200px');
      expect(box.style.overflowY).toBe('auto');
      type('');
      expect(box.style.height).toBe('62px');
      expect(box.style.overflowY).toBe('hidden');
    } finally {
      for (const name of ['scrollHeight', 'offsetHeight', 'clientHeight']) delete (HTMLTextAreaElement.prototype as unknown as Record<string, unknown>)[name];
    }
  });
});
