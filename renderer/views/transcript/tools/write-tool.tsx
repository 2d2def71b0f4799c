/** Write: the file's path, the size of what was written, and a highlighted preview of it (its first lines, all on request). */
import { useMemo } from 'react';
import { formatBytes } from '../../../lib/format.js';
import { languageOfPath } from '../../../lib/code-tokens.js';
import { countTextLines } from '../../../lib/tool-text.js';
import { CodePreview } from './code-lines.js';
import { inputText, ToolFrame, type ToolViewProps } from './tool-frame.js';

/** Bytes of `text` in UTF-8, counted without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && at + 1 < text.length) {
      bytes += 4;
      at++;
    } else bytes += 3;
  }
  return bytes;
}

export function WriteTool({ row, outcome, approval }: ToolViewProps) {
  const path = inputText(row.input, 'file_path');
  const content = inputText(row.input, 'content');
  const facts = useMemo(() => {
    const lines = countTextLines(content);
    return `${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'} · ${formatBytes(utf8Length(content))}`;
  }, [content]);
  const written = outcome.state === 'done' || outcome.state === 'running';
  return (
    <ToolFrame row={row} outcome={outcome} approval={approval} subject={path} facts={facts} className="tool-wide">
      {written && <CodePreview id={`${row.id}:content`} text={content} language={languageOfPath(path)} label={`Content of ${path || 'the file'}`} />}
    </ToolFrame>
  );
}
