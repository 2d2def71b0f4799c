/**
 * Terminal output (a Bash tool's result) as styled runs. Colours and text attributes (SGR
 * sequences) are read by `anser` into data and mapped through an allow-list to class names and
 * numeric colours; every other escape sequence (cursor moves, screen clears, OSC titles and
 * hyperlinks, device controls) is found by `ansi-regex` and dropped, and so is every other
 * control character. A carriage return overwrites its line, as in a terminal.
 */
import Anser from 'anser';
import ansiRegex from 'ansi-regex';
import type { StyledSpan } from './styled-spans.js';

const ESCAPE_SEQUENCE = ansiRegex();
/** The only sequences kept for the parser: SGR with plain numeric parameters. */
const SGR = /^\u001B\[[\d;]*m$/;
const SGR_ALL = /\u001B\[[\d;]*m/g;
/** Controls left after the sequences are gone: stray ESC, BEL, backspace, C1 controls, ... (not tab or line feed). */
const STRAY_CONTROL = /\u001B(?!\[[\d;]*m)|[\u0000-\u0008\u000B-\u001A\u001C-\u001F\u007F-\u009F]/g;

/** A line as a terminal leaves it after carriage returns: the last thing written, in the colours set before. */
function overwrite(line: string): string {
  const parts = line.replace(/\r+$/, '').split('\r');
  if (parts.length === 1) return line.replace(/\r+$/, '');
  let lastWritten = parts.length - 1;
  while (lastWritten > 0 && parts[lastWritten]!.replace(SGR_ALL, '') === '') lastWritten--;
  const colours = parts.slice(0, lastWritten).flatMap((part) => part.match(SGR_ALL) ?? []);
  return colours.join('') + parts.slice(lastWritten).join('');
}

/** The output with only its SGR sequences left, as the text a terminal would show. */
export function terminalText(raw: string): string {
  const kept = raw.replace(ESCAPE_SEQUENCE, (sequence) => (SGR.test(sequence) ? sequence : ''));
  const lines = kept.includes('\r') ? kept.split('\n').map(overwrite).join('\n') : kept;
  return lines.replace(STRAY_CONTROL, '');
}

const BASIC_COLOUR = /^ansi-((?:bright-)?(?:black|red|green|yellow|blue|magenta|cyan|white))$/;
const PALETTE_COLOUR = /^ansi-palette-(\d{1,3})$/;
const TRUE_COLOUR = /^(\d{1,3}), (\d{1,3}), (\d{1,3})$/;
const DECORATIONS: Partial<Record<string, string>> = { bold: 'ansi-bold', dim: 'ansi-dim', italic: 'ansi-italic', underline: 'ansi-underline', strikethrough: 'ansi-strike' };
const CUBE_LEVELS = [0, 95, 135, 175, 215, 255];

function rgb(r: number, g: number, b: number): string | undefined {
  return [r, g, b].every((value) => Number.isInteger(value) && value >= 0 && value <= 255) ? `rgb(${r}, ${g}, ${b})` : undefined;
}

/** xterm's 256-colour palette above the 16 named colours: a 6×6×6 cube, then 24 greys. */
function paletteColour(index: number): string | undefined {
  if (index < 16 || index > 255) return undefined;
  if (index >= 232) return rgb(8 + 10 * (index - 232), 8 + 10 * (index - 232), 8 + 10 * (index - 232));
  const cube = index - 16;
  return rgb(CUBE_LEVELS[Math.floor(cube / 36)]!, CUBE_LEVELS[Math.floor(cube / 6) % 6]!, CUBE_LEVELS[cube % 6]!);
}

/** One of anser's colour values as a class name (named colours) or an rgb() colour (the rest). */
function colour(value: string | null, trueColour: string | null, layer: 'fg' | 'bg'): { className?: string; css?: string } {
  if (!value) return {};
  const basic = BASIC_COLOUR.exec(value);
  if (basic) return { className: `ansi-${basic[1]}-${layer}` };
  const palette = PALETTE_COLOUR.exec(value);
  if (palette) return { css: paletteColour(Number(palette[1])) };
  const channels = value === 'ansi-truecolor' && trueColour ? TRUE_COLOUR.exec(trueColour) : null;
  if (channels) return { css: rgb(Number(channels[1]), Number(channels[2]), Number(channels[3])) };
  return {};
}

/** Terminal output as styled runs: colours kept as data, every escape sequence gone. */
export function ansiSpans(raw: string): StyledSpan[] {
  const text = terminalText(raw);
  if (!text.includes('\u001B')) return text ? [{ text }] : [];
  const spans: StyledSpan[] = [];
  for (const entry of Anser.ansiToJson(text, { json: true, remove_empty: true, use_classes: true })) {
    const fg = colour(entry.fg, entry.fg_truecolor, 'fg');
    const bg = colour(entry.bg, entry.bg_truecolor, 'bg');
    const classes = [fg.className, bg.className, ...new Set(entry.decorations.map((name) => DECORATIONS[name]))].filter(Boolean);
    const span: StyledSpan = { text: entry.content };
    if (classes.length > 0) span.className = classes.join(' ');
    if (fg.css) span.color = fg.css;
    if (bg.css) span.background = bg.css;
    spans.push(span);
  }
  return spans;
}
