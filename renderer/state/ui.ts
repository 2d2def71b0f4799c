/** Which dialog is open: one at a time, opened from buttons, the palette and shortcuts alike. */
import { createContext, useContext } from 'react';

export type Dialog =
  | { kind: 'new-session'; hostId?: string }
  | { kind: 'add-host' }
  | { kind: 'destroy-session'; key: string }
  | { kind: 'remove-host'; hostId: string }
  | { kind: 'trust-host-key'; hostId: string }
  | { kind: 'palette' };

export interface Ui {
  dialog: Dialog | null;
  open(dialog: Dialog): void;
  close(): void;
}

export const UiContext = createContext<Ui>({ dialog: null, open: () => undefined, close: () => undefined });

export const useUi = () => useContext(UiContext);
