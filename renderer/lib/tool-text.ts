/**
 * What a tool's result says to the user. The Claude CLI writes results for the model: errors in
 * `<tool_use_error>` tags, reminders in `<system-reminder>` blocks, notes that the file state is
 * current. Those are its words to Claude; the user reads what the tool did.
 */

const ERROR_TAG = /^\s*<tool_use_error>([\s\S]*)<\/tool_use_error>\s*$/;
const REMINDER = /<system-reminder>[\s\S]*?(?:<\/system-reminder>|$)/g;
/** The CLI's note after an Edit or Write: " (file state is current in your context — no need to Read it back)". */
const FILE_STATE_NOTE = /[ \t]*\(file state is current in your context[^)\n]*\)/g;

/** A result as the user should read it: the CLI's notes to the model gone, an error's own words kept. */
export function resultForUser(text: string): string {
  return text.replace(REMINDER, '').replace(ERROR_TAG, '$1').replace(FILE_STATE_NOTE, '').replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

/**
 * The CLI's words when a permission rule, its sandbox or the user refused a call (the daemon's
 * default deny message is the last). A denied call never ran: it did not fail.
 */
const DENIED = [
  /^Permission to use \S+[^\n]* has been denied/,
  /^Permission for this action (?:was|has been) denied/,
  /^\S[^\n]* was blocked\. For security, Claude Code may only/,
  /^\S[^\n]* was blocked by a deny rule/,
  /^The user denied this tool call/,
];

export function isDeniedText(text: string): boolean {
  const start = text.replace(/^Error: /, '');
  return DENIED.some((pattern) => pattern.test(start));
}

/** A failed command's result starts with "Exit code N" (the CLI's Bash tool): the code, and the output after it. */
export function exitCodeOf(text: string): { code: number | null; output: string } {
  const match = /^Exit code (\d+)(?:\r?\n|$)/.exec(text);
  return match ? { code: Number(match[1]), output: text.slice(match[0].length) } : { code: null, output: text };
}

/** Lines of text, a trailing line end not counting as one more. */
export function countTextLines(text: string): number {
  if (text === '') return 0;
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < text.length - 1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/**
 * Lines a Read returned. The CLI numbers each line ("12\tcode") and, for a file that ends with a
 * line end, one more empty line after it: that one is not a line of the file.
 */
export function readLineCount(text: string): number {
  const lines = countTextLines(text);
  const last = text.slice(text.lastIndexOf('\n') + 1);
  return lines > 0 && /^\s*\d+\s*$/.test(last) ? lines - 1 : lines;
}

const PLURAL: Record<string, string> = { file: 'files', line: 'lines', match: 'matches', occurrence: 'occurrences', entry: 'entries' };
const counted = (count: number, noun: string) => `${count.toLocaleString('en-US')} ${count === 1 ? noun : (PLURAL[noun] ?? `${noun}s`)}`;

/**
 * How many things a search found, from its result: the CLI's own count where it gives one
 * ("Found 3 files"), nothing for its "No files found", otherwise one per line of output.
 */
export function searchCount(text: string, noun: 'file' | 'line' | 'entry'): string {
  const found = /^Found (\d+) (file|line|match|occurrence)/.exec(text);
  if (found) return counted(Number(found[1]), found[2]!);
  if (/^No (?:files|matches) found/.test(text)) return `no ${noun === 'line' ? 'matches' : PLURAL[noun]}`;
  return counted(text.split('\n').filter((line) => line.trim() !== '').length, noun);
}
