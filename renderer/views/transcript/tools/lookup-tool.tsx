/**
 * Calls that read or search (Read, Grep, Glob, LS) as one line: what was read or searched and
 * how much came back, the output on request. WebFetch and WebSearch add the first lines of
 * their answer, the rest on request.
 */
import { firstLines } from './code-lines.js';
import { readLineCount, searchCount } from '../../../lib/tool-text.js';
import { useRowToggle } from '../../../state/row-ui.js';
import { VisibleText } from '../visible-text.js';
import { inputText, ToolFrame, ToolOutput, type ToolViewProps } from './tool-frame.js';

const WEB_EXCERPT_LINES = 3;
const WEB_EXCERPT_CHARS = 600;

/** What the call looked at, and where. */
function subjectOf(tool: string, input: unknown): { subject: string; where: string } {
  switch (tool) {
    case 'Read': {
      const offset = (input as { offset?: unknown }).offset;
      const limit = (input as { limit?: unknown }).limit;
      const from = typeof offset === 'number' ? offset : 1;
      const range = typeof limit === 'number' ? `lines ${from}–${from + limit - 1}` : typeof offset === 'number' ? `from line ${from}` : '';
      return { subject: inputText(input, 'file_path'), where: range };
    }
    case 'Grep':
    case 'Glob': {
      const where = inputText(input, 'path');
      const glob = inputText(input, 'glob');
      return { subject: inputText(input, 'pattern'), where: [where && `in ${where}`, glob && `(${glob})`].filter(Boolean).join(' ') };
    }
    case 'LS':
      return { subject: inputText(input, 'path'), where: '' };
    case 'WebFetch':
      return { subject: inputText(input, 'url'), where: '' };
    default:
      return { subject: inputText(input, 'query'), where: '' };
  }
}

/** How much came back: lines read, files or lines found. */
function countOf(tool: string, input: unknown, text: string): string {
  switch (tool) {
    case 'Read': {
      const lines = readLineCount(text);
      return `${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'}`;
    }
    case 'Grep':
      return searchCount(text, inputText(input, 'output_mode') === 'content' ? 'line' : 'file');
    case 'Glob':
      return searchCount(text, 'file');
    case 'LS':
      return searchCount(text, 'entry');
    default:
      return '';
  }
}

export function LookupTool({ row, outcome, approval }: ToolViewProps) {
  const [open, setOpen] = useRowToggle(`${row.id}:lookup-output`);
  const { subject, where } = subjectOf(row.tool, row.input ?? {});
  const done = outcome.state === 'done';
  const web = row.tool === 'WebFetch' || row.tool === 'WebSearch';
  const facts = [where, done ? countOf(row.tool, row.input ?? {}, outcome.text) : ''].filter(Boolean).join(' · ');
  const excerpt = web && done && !open ? firstLines(outcome.text, WEB_EXCERPT_LINES).slice(0, WEB_EXCERPT_CHARS) : '';
  const more = web ? excerpt.length < outcome.text.length : outcome.text !== '';
  const toggle = done && more && (
    <button type="button" className="link-button tool-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
      {open ? 'Hide output' : web ? 'Show all' : 'Show output'}
    </button>
  );
  return (
    <ToolFrame row={row} outcome={outcome} approval={approval} subject={subject} facts={facts} extra={toggle} className="tool-compact">
      {excerpt && (
        <p className="tool-excerpt">
          <VisibleText text={excerpt} />
        </p>
      )}
      {done && open && <ToolOutput id={row.id} text={outcome.text} isError={false} />}
    </ToolFrame>
  );
}
