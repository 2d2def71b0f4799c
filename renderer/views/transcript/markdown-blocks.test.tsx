// @vitest-environment happy-dom
/** Code blocks: a bar above the code with the fence's language (as text, bounded) and Copy, never over the code. */
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MarkdownDocument } from './markdown-document.js';
import { activeContent, mount, type Mounted } from './test-dom.js';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  vi.restoreAllMocks();
});

const show = (text: string) => {
  mounted = mount(<MarkdownDocument id="m" text={text} streaming={false} />);
  return mounted.container;
};

describe('code blocks', () => {
  it('carry their language and Copy in a bar above the code, outside it', () => {
    const container = show('Run:\n\n```ts\nconst x: number = 1;\n```\n\n```\nplain\n```');
    const [typed, plain] = [...container.querySelectorAll('.code-block')];
    expect(typed!.querySelector('.code-head .code-language')?.textContent).toBe('ts');
    expect(plain!.querySelector('.code-head .code-language')?.textContent).toBe('code');
    const copy = typed!.querySelector('.code-head button')!;
    expect(copy.getAttribute('aria-label')).toBe('Copy code');
    expect(typed!.querySelector('pre button')).toBeNull();
    // The bar comes before the code, not on top of it.
    expect(typed!.firstElementChild).toBe(typed!.querySelector('.code-head'));
    expect(typed!.lastElementChild?.tagName).toBe('PRE');
  });

  it('Copy copies the code', async () => {
    const copied: string[] = [];
    vi.spyOn(navigator.clipboard, 'writeText').mockImplementation(async (text: string) => void copied.push(text));
    const container = show('```sh\necho "<b>hi</b>"\n```');
    await act(async () => (container.querySelector('.code-head button') as HTMLButtonElement).click());
    expect(copied).toEqual(['echo "<b>hi</b>"']);
  });

  it('shows a hostile language name as bounded text, never as markup', () => {
    const container = show('```<img/src=x/onerror=alert(1)>\u202Eabcdefghijklmnopqrstuvwxyz0123456789\nx\n```');
    const label = container.querySelector('.code-language')!;
    expect(activeContent(container)).toEqual([]);
    expect(label.querySelector('img')).toBeNull();
    expect(label.textContent!.length).toBeLessThanOrEqual(25 + 'U+202E'.length);
    expect(label.textContent).toMatch(/…$/);
  });
});

describe('the type scale', () => {
  it('keeps each heading level and quotes as their own elements', () => {
    const container = show('# One\n\n## Two\n\n### Three\n\n> quoted **words**');
    expect([...container.querySelectorAll('h1, h2, h3')].map((heading) => heading.tagName)).toEqual(['H1', 'H2', 'H3']);
    expect(container.querySelector('blockquote strong')?.textContent).toBe('words');
  });
});
