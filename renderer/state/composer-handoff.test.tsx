// @vitest-environment happy-dom
/** "Edit and resend" hands text to the composer of the same session, once, without losing what is typed there. */
import { act, useCallback, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { mount, type Mounted } from '../views/transcript/test-dom.js';
import { handToComposer, takeHandedText, useHandedText, withHandedText } from './composer-handoff.js';

let mounted: Mounted | null = null;
afterEach(() => {
  mounted?.unmount();
  mounted = null;
  takeHandedText('a');
  takeHandedText('b');
});

function Receiver({ sessionKey }: { sessionKey: string }) {
  const [got, setGot] = useState<string[]>([]);
  const take = useCallback((text: string) => setGot((before) => [...before, text]), []);
  useHandedText(sessionKey, take);
  return <output>{got.join('|')}</output>;
}

describe('handing text to a session’s composer', () => {
  it('reaches the composer of that session only, once', () => {
    mounted = mount(
      <>
        <Receiver sessionKey="a" />
        <Receiver sessionKey="b" />
      </>,
    );
    const [a, b] = [...mounted.container.querySelectorAll('output')];
    act(() => handToComposer('a', 'fix the tests'));
    expect(a!.textContent).toBe('fix the tests');
    expect(b!.textContent).toBe('');
    expect(takeHandedText('a')).toEqual([]);
  });

  it('waits for a composer that is not on screen yet', () => {
    handToComposer('b', 'later');
    mounted = mount(<Receiver sessionKey="b" />);
    expect(mounted.container.textContent).toBe('later');
  });

  it('keeps what the box holds: an empty box takes the text, a full one gets it below, the same text is not added twice', () => {
    expect(withHandedText('', 'retry this')).toBe('retry this');
    expect(withHandedText('  \n', 'retry this')).toBe('retry this');
    expect(withHandedText('half a thought\n', 'retry this')).toBe('half a thought\n\nretry this');
    expect(withHandedText('note\n\nretry this', 'retry this')).toBe('note\n\nretry this');
  });
});
