/** Code as lines of tokens (what highlighting makes of it), and which language a file is in. */
export interface CodeToken {
  text: string;
  /** highlight.js classes (`hljs-keyword`...), nothing else. */
  className?: string;
}
export type CodeLine = CodeToken[];

/** More than this is shown plain: highlighting is for reading a change, not for megabytes. */
export const HIGHLIGHT_MAX_CHARS = 200_000;

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

export const plainLines = (text: string): CodeLine[] => text.split('\n').map((line) => (line ? [{ text: line }] : []));

