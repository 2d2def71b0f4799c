import { createContext, useContext } from 'react';

/** The session a transcript belongs to, for the rows that act on it (answering a request). */
export const SessionKeyContext = createContext<string | null>(null);

/** A row's id made unique across sessions (row ids count from r0 in each): for what is remembered per row. */
export function useSessionRowKey(rowId: string): string {
  return `${useContext(SessionKeyContext) ?? ''}\u0000${rowId}`;
}
