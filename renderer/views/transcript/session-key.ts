import { createContext } from 'react';

/** The session a transcript belongs to, for the rows that act on it (answering a request). */
export const SessionKeyContext = createContext<string | null>(null);
