/**
 * Text handed to a session's composer from elsewhere in its view ("Edit and resend" on a failed
 * turn). Held per session until that composer takes it, so text handed while no composer of the
 * session is on screen waits for the next one; each hand-off is taken once.
 */
import { useEffect } from 'react';

const waiting = new Map<string, string[]>();
const listeners = new Set<(key: string) => void>();

export function handToComposer(key: string, text: string): void {
  if (!text) return;
  waiting.set(key, [...(waiting.get(key) ?? []), text]);
  for (const listener of listeners) listener(key);
}

/** Everything handed to this session's composer and not taken yet, oldest first; taking it empties it. */
export function takeHandedText(key: string): string[] {
  const texts = waiting.get(key) ?? [];
  waiting.delete(key);
  return texts;
}

/** Calls `take` with each text handed to this session's composer: what waits now, then each new one. */
export function useHandedText(key: string, take: (text: string) => void): void {
  useEffect(() => {
    const deliver = (handedTo: string) => {
      if (handedTo === key) for (const text of takeHandedText(key)) take(text);
    };
    listeners.add(deliver);
    deliver(key);
    return () => void listeners.delete(deliver);
  }, [key, take]);
}

/**
 * The composer's text with handed text added: nothing already typed is lost. An empty box takes
 * it as it is; text the box already holds is not added twice; otherwise it goes below a blank line.
 */
export function withHandedText(current: string, handed: string): string {
  if (!current.trim()) return handed;
  if (current.includes(handed)) return current;
  return `${current.replace(/\s+$/, '')}\n\n${handed}`;
}
