/** Renders React into the test's DOM (happy-dom) and lets a test act on it; for this folder's tests. */
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Mounted {
  container: HTMLElement;
  rerender(element: ReactNode): void;
  unmount(): void;
}

export function mount(element: ReactNode): Mounted {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(element));
  return {
    container,
    rerender: (next) => act(() => root.render(next)),
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

export function click(element: Element | null | undefined): void {
  if (!element) throw new Error('nothing to click');
  act(() => (element as HTMLElement).click());
}

export function buttonNamed(container: HTMLElement, name: RegExp): HTMLButtonElement | undefined {
  return [...container.querySelectorAll('button')].find((button) => name.test(button.textContent ?? ''));
}

/** Every element's attributes that could run code or load something. */
export function activeContent(container: HTMLElement): string[] {
  const found: string[] = [];
  for (const element of container.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    if (['script', 'iframe', 'object', 'embed', 'svg', 'img', 'style', 'link', 'meta', 'form', 'base'].includes(tag)) found.push(`<${tag}>`);
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) found.push(`${tag}[${attribute.name}]`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attribute.name) && !/^https?:/i.test(attribute.value)) found.push(`${tag}[${attribute.name}=${attribute.value}]`);
    }
  }
  return found;
}
