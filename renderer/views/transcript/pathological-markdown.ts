/** Test documents: the pathological shapes that froze the window (issue 11), and their relatives. */
export const PATHOLOGICAL = {
  nestedEmphasis: '*a '.repeat(2700) + 'x' + ' b*'.repeat(2700),
  nestedStrong: '**a '.repeat(2000) + 'x' + ' b**'.repeat(2000),
  nestedUnderscore: '_a '.repeat(2700) + 'x' + ' b_'.repeat(2700),
  emphasisRun: '*'.repeat(8000) + 'a' + '*'.repeat(8000),
  nestedLinks: '!['.repeat(3000) + 'a' + '](x)'.repeat(3000),
  nestedLists: Array.from({ length: 1000 }, (_, level) => `${'  '.repeat(level)}- level ${level}`).join('\n'),
  listsOnOneLine: '- '.repeat(4000) + 'x',
  nestedQuotes: '>'.repeat(4000) + ' deep',
  hugeWord: 'a'.repeat(1024 * 1024),
  longCodeBlock: '```js\n' + Array.from({ length: 10_000 }, (_, line) => `const v${line} = ${line};`).join('\n') + '\n```',
  manyEmphases: '*a* '.repeat(40_000),
  manyTableRows: '|a|b|c|d|\n|-|-|-|-|\n' + '|c|d|e|f|\n'.repeat(20_000),
  backtickRuns: Array.from({ length: 1000 }, (_, i) => '`'.repeat(i + 1)).join(' '),
};
