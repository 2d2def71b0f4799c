/**
 * Slash command suggestions for the message box: typing `/` at the start lists the host's
 * commands, narrowed as you type; ↑/↓ move, Enter or Tab picks, Esc closes, a click picks too.
 * The box stays the focus throughout (aria-activedescendant names the active option). The
 * commands' names and texts are the CLI's: they are shown as plain text with invisible
 * characters made visible, never as markup.
 */
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { SlashCommand } from '../../shared/protocol.js';
import { commandText, firstLine, matchingCommands, slashQuery } from './composer-commands.js';
import { VisibleText } from './transcript/visible-text.js';
import './composer.css';

export interface SlashSuggestions {
  open: boolean;
  options: readonly SlashCommand[];
  /** Index of the active option (meaningful while open). */
  active: number;
  pick(index: number): void;
  /** Handles a key of the box while the list is open; true when it was the list's. */
  onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean;
}

export function useSlashSuggestions(text: string, commands: readonly SlashCommand[], insert: (text: string) => void): SlashSuggestions {
  const query = slashQuery(text);
  const options = useMemo(() => (query === null ? [] : matchingCommands(commands, query)), [commands, query]);
  /** The text at which Esc closed the list: it stays closed until the text changes. */
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  /** The active option, for the query it was chosen in: typing more starts again at the first. */
  const [selection, setSelection] = useState<{ query: string | null; index: number }>({ query: null, index: 0 });
  const open = options.length > 0 && dismissedAt !== text;
  const active = selection.query === query ? Math.min(selection.index, options.length - 1) : 0;
  const move = (index: number) => setSelection({ query, index: (index + options.length) % options.length });
  const pick = (index: number) => {
    const command = options[index];
    if (command) insert(commandText(command));
  };

  return {
    open,
    options,
    active,
    pick,
    onKeyDown: (event) => {
      if (!open || event.nativeEvent.isComposing) return false;
      if (event.key === 'ArrowDown') move(active + 1);
      else if (event.key === 'ArrowUp') move(active - 1);
      else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) pick(active);
      else if (event.key === 'Escape') setDismissedAt(text);
      else return false;
      event.preventDefault();
      return true;
    },
  };
}

export const optionId = (listId: string, index: number) => `${listId}-${index}`;

export function SlashSuggestionList({ id, suggestions }: { id: string; suggestions: SlashSuggestions }) {
  const { options, active, pick } = suggestions;
  useEffect(() => {
    document.getElementById(optionId(id, active))?.scrollIntoView?.({ block: 'nearest' });
  }, [id, active]);
  return (
    <ul role="listbox" id={id} aria-label="Slash commands" className="slash-suggestions">
      {options.map((command, index) => (
        <li
          key={`${index}:${command.name}`}
          id={optionId(id, index)}
          role="option"
          aria-selected={index === active}
          className={index === active ? 'slash-option active' : 'slash-option'}
          // The box keeps the focus: a click picks without taking it away.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => pick(index)}
        >
          <span className="slash-name">
            /<VisibleText text={command.name} />
          </span>
          {command.argumentHint && (
            <span className="slash-hint">
              <VisibleText text={command.argumentHint} />
            </span>
          )}
          {command.description && (
            <span className="slash-description">
              <VisibleText text={firstLine(command.description)} />
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
