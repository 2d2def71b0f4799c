/**
 * Code highlighted line by line, as data: highlight.js's grammars through lowlight, whose
 * output is a tree of class names and text, never HTML. The highlighter is made on first use;
 * text past a budget stays plain. The page loads this (and the grammars) only when it first
 * highlights something (lazy-highlight.ts).
 */
import type { ElementContent, RootContent } from 'hast';
import { common, createLowlight } from 'lowlight';
import { HIGHLIGHT_MAX_CHARS, plainLines, type CodeLine } from './code-tokens.js';

let highlighter: ReturnType<typeof createLowlight> | null = null;
const lowlight = () => (highlighter ??= createLowlight(common));

/** `text` as lines of tokens, highlighted as `language` where it has one and the text is within the budget. */
export function highlightLines(text: string, language: string | null): CodeLine[] {
  if (!language || text.length > HIGHLIGHT_MAX_CHARS) return plainLines(text);
  let tree;
  try {
    tree = lowlight().highlight(language, text);
  } catch {
    return plainLines(text);
  }
  const lines: CodeLine[] = [[]];
  const add = (piece: string, className: string) => {
    const parts = piece.split('\n');
    parts.forEach((part, at) => {
      if (at > 0) lines.push([]);
      if (part) lines.at(-1)!.push(className ? { text: part, className } : { text: part });
    });
  };
  const walk = (nodes: readonly (RootContent | ElementContent)[], className: string) => {
    for (const node of nodes) {
      if (node.type === 'text') add(node.value, className);
      else if (node.type === 'element') walk(node.children, hljsClasses(node.properties?.className) || className);
    }
  };
  walk(tree.children, '');
  return lines;
}

/** Only highlight.js's own class names reach the page. */
function hljsClasses(value: unknown): string {
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(' ') : [];
  return names.filter((name): name is string => typeof name === 'string' && /^hljs-[\w-]+$/.test(name)).join(' ');
}
