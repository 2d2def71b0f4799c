/**
 * What the reader opened in a row (a tool's input, its full output), kept by row id: the
 * virtualised transcript unmounts rows that scroll away, and they come back as they were.
 */
import { useState } from 'react';
import { useSessionRowKey } from '../views/transcript/session-key.js';

const opened = new Map<string, boolean>();
const MAX_REMEMBERED = 2000;

export function useRowToggle(rowKey: string): [boolean, (open: boolean) => void] {
  const id = useSessionRowKey(rowKey);
  const [open, setOpen] = useState(() => opened.get(id) ?? false);
  const set = (value: boolean) => {
    opened.delete(id);
    if (value) opened.set(id, true);
    if (opened.size > MAX_REMEMBERED) opened.delete(opened.keys().next().value!);
    setOpen(value);
  };
  return [open, set];
}
