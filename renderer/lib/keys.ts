/** The app's key chords, which differ on macOS where Option alone types characters and moves the caret. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Alt+key elsewhere; Ctrl+Option+key on macOS. */
export function isAppChord(event: KeyboardEvent): boolean {
  return IS_MAC ? event.ctrlKey && event.altKey && !event.metaKey : event.altKey && !event.ctrlKey && !event.metaKey;
}

export const APP_CHORD_LABEL = IS_MAC ? 'Ctrl+Option' : 'Alt';
export const PALETTE_LABEL = IS_MAC ? '⌘K' : 'Ctrl+K';

export function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
