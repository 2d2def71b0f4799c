// @vitest-environment happy-dom
/** The first row of a transcript whose earlier part is still being read: how far it has got, or why it stopped. */
import { afterEach, describe, expect, it } from 'vitest';
import { EarlierRow } from './earlier-row.js';
import { buttonNamed, click, mount, type Mounted } from './test-dom.js';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

describe('the earlier part of a transcript', () => {
  it('says how much of it has been read', () => {
    mounted = mount(<EarlierRow partial={{ id: 1, start: 8000, tail: [], loaded: 2000, error: null }} onRetry={() => undefined} />);
    expect(mounted.container.querySelector('[role="status"]')?.textContent).toBe('Loading earlier messages… 25%');
  });

  it('says why it could not be read, and reads again on Try again', () => {
    let retried = 0;
    mounted = mount(<EarlierRow partial={{ id: 1, start: 8000, tail: [], loaded: 1500, error: 'the host went away' }} onRetry={() => retried++} />);
    expect(mounted.container.querySelector('[role="alert"]')?.textContent).toContain('Earlier messages could not be loaded: the host went away');
    click(buttonNamed(mounted.container, /Try again/));
    expect(retried).toBe(1);
  });
});
