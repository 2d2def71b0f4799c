/**
 * Slash commands in the composer, as plain functions: when the box asks for suggestions, which
 * of the host's commands match, and what picking one puts in the box.
 */
import type { SlashCommand } from '../../shared/protocol.js';

/** At most this many suggestions are shown at once; typing narrows them. */
export const MAX_SUGGESTIONS = 50;

/**
 * What is typed after `/` while the box holds only a command name being typed (`/`, `/com`);
 * null otherwise (a space, a new line, a path such as `/usr/bin`, or not starting with `/`).
 */
export function slashQuery(text: string): string | null {
  const match = /^\/([^\s/]*)$/.exec(text);
  return match ? match[1]! : null;
}

/** The commands whose name starts with the query, then those that contain it, each in the CLI's order. */
export function matchingCommands(commands: readonly SlashCommand[], query: string): SlashCommand[] {
  const wanted = query.toLowerCase();
  const starting: SlashCommand[] = [];
  const containing: SlashCommand[] = [];
  for (const command of commands) {
    const name = command.name.toLowerCase();
    if (name.startsWith(wanted)) starting.push(command);
    else if (name.includes(wanted)) containing.push(command);
  }
  return [...starting, ...containing].slice(0, MAX_SUGGESTIONS);
}

/** What picking a command puts in the box: its name, ready for its arguments. */
export function commandText(command: SlashCommand): string {
  return `/${command.name} `;
}

/** The command the box holds, picked and with nothing typed after it yet, when it takes arguments. */
export function awaitingArguments(text: string, commands: readonly SlashCommand[]): SlashCommand | null {
  const match = /^\/(\S+) $/.exec(text);
  if (!match) return null;
  const command = commands.find((each) => each.name === match[1]);
  return command?.argumentHint ? command : null;
}

/** A description's first line: the list shows one line per command. */
export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}
