/**
 * Code highlighted line by line, as data: highlight.js's grammars through lowlight (the same
 * pair rehype-highlight uses for Markdown), whose output is a tree of class names and text,
 * never HTML. The highlighter is made on first use; text past a budget stays plain.
 */
import type { ElementContent, RootContent } from 'hast';
import { common, createLowlight } from 'lowlight';

export interface CodeToken {
  text: string;
  /** highlight.js classes (`hljs-keyword`...), nothing else. */
  className?: string;
}
export type CodeLine = CodeToken[];

/** More than this is shown plain: highlighting is for reading a change, not for megabytes. */
export const HIGHLIGHT_MAX_CHARS = 200_000;

let highlighter: ReturnType<typeof createLowlight> | null = null;
const lowlight = () => (highlighter ??= createLowlight(common));

const BY_EXTENSION: Record<string, string> = {
  ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript',
  js: 'javascript', jsx: 'javascript', mjs: 'javascript', cjs: 'javascript',
  json: 'json', jsonc: 'json', jsonl: 'json',
  py: 'python', pyi: 'python', rb: 'ruby', rs: 'rust', go: 'go', java: 'java', kt: 'kotlin', kts: 'kotlin', swift: 'swift',
  c: 'c', h: 'c', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', cs: 'csharp', m: 'objectivec', mm: 'objectivec',
  php: 'php', pl: 'perl', pm: 'perl', lua: 'lua', r: 'r', sql: 'sql', vb: 'vbnet',
  sh: 'bash', bash: 'bash', zsh: 'bash',
  css: 'css', scss: 'scss', less: 'less', html: 'xml', htm: 'xml', xml: 'xml', svg: 'xml', vue: 'xml',
  md: 'markdown', markdown: 'markdown', yml: 'yaml', yaml: 'yaml', toml: 'ini', ini: 'ini', cfg: 'ini', conf: 'ini',
  graphql: 'graphql', gql: 'graphql', diff: 'diff', patch: 'diff', mk: 'makefile',
};
const BY_NAME: Record<string, string> = { makefile: 'makefile', gnumakefile: 'makefile', '.bashrc': 'bash', '.zshrc': 'bash', '.profile': 'bash' };

/** The highlight.js language of a file, from its name; null when there is none to use. */
export function languageOfPath(path: string): string | null {
  const name = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  const dot = name.lastIndexOf('.');
  return BY_NAME[name] ?? (dot > 0 ? BY_EXTENSION[name.slice(dot + 1)] : undefined) ?? null;
}

const plainLines = (text: string): CodeLine[] => text.split('\n').map((line) => (line ? [{ text: line }] : []));

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
