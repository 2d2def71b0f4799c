/**
 * The message box grows with its text up to half the window's height, then scrolls; it shrinks
 * back as the text gets shorter (after sending, the box is empty again).
 */
import { useCallback, useEffect, useLayoutEffect, type RefObject } from 'react';

/** The share of the window's height the box may take before it scrolls. */
export const GROWTH_LIMIT = 0.5;

/**
 * The box's height for text of `contentHeight` (its scroll height at its smallest) inside a
 * frame (borders) of `frame`, at most `limit`; `scrolls` once the text does not fit.
 */
export function grownHeight(contentHeight: number, frame: number, limit: number): { height: number; scrolls: boolean } {
  const wanted = Math.ceil(contentHeight + frame);
  const most = Math.max(0, Math.floor(limit));
  return wanted > most ? { height: most, scrolls: true } : { height: wanted, scrolls: false };
}

/** Fits the box to `value` on every change, and again when the window is resized. */
export function useGrowingBox(box: RefObject<HTMLTextAreaElement | null>, value: string): void {
  const fit = useCallback(() => {
    const element = box.current;
    if (!element) return;
    const scrolled = element.scrollTop;
    // At its smallest first (its rows and min-height), so the scroll height is the text's own.
    element.style.height = 'auto';
    const frame = element.offsetHeight - element.clientHeight;
    const { height, scrolls } = grownHeight(element.scrollHeight, frame, window.innerHeight * GROWTH_LIMIT);
    element.style.height = `${height}px`;
    element.style.overflowY = scrolls ? 'auto' : 'hidden';
    element.scrollTop = scrolled;
  }, [box]);
  useLayoutEffect(fit, [fit, value]);
  useEffect(() => {
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [fit]);
}
