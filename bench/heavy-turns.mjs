// What a heavy Claude turn looks like on the CLI's stdout, for the stand-in CLI (fake-claude.mjs):
// the stream-json lines of the pinned CLI (2.1.197, recorded against the scripted model server)
// for a Markdown answer with a fenced code block, an Edit with its structured patch, and a
// TaskCreate/TaskUpdate pair, each model call with its stream_event partials. Content is
// generated from a seed (the round number and the session's folder), so every run writes the
// same content (ids and times aside), and its size is bounded (code 24–36 lines, edits 20–40
// lines a side, about 30 KB of stream-json a round).
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { structuredPatch } from 'diff';

const MODEL = 'claude-opus-4-8';
/** Partials of a heavy round are cut this long: the real API's are a few tokens, which would make the history several times larger. */
const PARTIAL_CHARS = 160;

/** mulberry32: a small, fast seeded generator. */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text) {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

const NOUNS = ['session', 'queue', 'tunnel', 'record', 'cursor', 'host', 'event', 'batch', 'window', 'buffer', 'ledger', 'report', 'digest', 'marker', 'channel'];
const VERBS = ['load', 'merge', 'trim', 'parse', 'flush', 'index', 'replay', 'compact', 'render', 'settle', 'measure', 'check'];
const WORDS = ['the', 'daemon', 'keeps', 'each', 'line', 'until', 'its', 'turn', 'ends', 'so', 'a', 'window', 'that', 'reconnects', 'reads', 'only', 'what', 'it', 'missed', 'and', 'nothing', 'twice'];

function pickerOf(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const int = (low, high) => low + Math.floor(random() * (high - low + 1));
  const name = () => `${pick(VERBS)}${pick(NOUNS).replace(/^./, (c) => c.toUpperCase())}`;
  const sentence = (words) => {
    const text = Array.from({ length: words }, () => pick(WORDS)).join(' ');
    return `${text[0].toUpperCase()}${text.slice(1)}.`;
  };
  return { pick, int, name, sentence };
}

/** TypeScript-looking lines: small functions, loops and returns. */
function codeLines(p, count) {
  const lines = [];
  while (lines.length < count) {
    const fn = p.name();
    const arg = p.pick(NOUNS);
    lines.push(`export function ${fn}(${arg}s: readonly ${arg[0].toUpperCase()}${arg.slice(1)}[], limit = ${p.int(2, 512)}): number {`);
    lines.push(`  let total = 0;`);
    lines.push(`  for (const ${arg} of ${arg}s) {`);
    lines.push(`    if (${arg}.size > limit) continue; // ${p.sentence(5).toLowerCase()}`);
    lines.push(`    total += ${arg}.size * ${p.int(1, 9)};`);
    lines.push(`  }`);
    lines.push(`  return Math.min(total, ${p.int(1000, 99999)});`);
    lines.push(`}`);
    lines.push('');
  }
  return lines.slice(0, count);
}

/** A changed copy of `lines`: some lines rewritten, a few dropped, a few added. */
function editedLines(p, lines) {
  const out = [];
  for (const line of lines) {
    const roll = p.int(0, 9);
    if (roll === 0) continue;
    if (roll <= 2) out.push(line.replace(/\d+/, String(p.int(1, 99999))).replace('total', 'sum'));
    else out.push(line);
    if (roll === 9) out.push(`  // ${p.sentence(6).toLowerCase()}`);
  }
  return out;
}

function chunks(text, size) {
  const parts = [];
  for (let at = 0; at < text.length; at += size) parts.push(text.slice(at, at + size));
  return parts.length > 0 ? parts : [''];
}

/** Writes the lines of one CLI process: ids and the session id as the real CLI spells them. */
export class CliLines {
  constructor(sessionId) {
    this.sessionId = sessionId;
    // A session's CLI may be restarted between turns: ids must not repeat across processes.
    this.process = randomBytes(3).toString('hex');
    this.counter = 0;
  }

  id(prefix) {
    return `${prefix}_${this.process}${(this.counter++).toString(36).padStart(6, '0')}`;
  }

  line(fields) {
    return JSON.stringify({ ...fields, session_id: this.sessionId, uuid: randomUUID() });
  }

  status() {
    return this.line({ type: 'system', subtype: 'status', status: 'requesting' });
  }

  event(event) {
    return JSON.stringify({ type: 'stream_event', event, session_id: this.sessionId, parent_tool_use_id: null, uuid: randomUUID() });
  }

  assistant(messageId, requestId, block) {
    const usage = { input_tokens: 1652, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    const message = { id: messageId, type: 'message', role: 'assistant', model: MODEL, content: [block], stop_reason: null, stop_sequence: null, usage, context_management: null };
    return this.line({ type: 'assistant', message, parent_tool_use_id: null, request_id: requestId });
  }

  /**
   * One model call: each block streamed as partials of its text or input JSON, the assembled
   * assistant line of a block before its content_block_stop, as the CLI writes them. The
   * partials of the last block come apart (`partials`) when `paced`, for the caller to pace.
   */
  call(blocks, stopReason, { paced = false, partialChars = PARTIAL_CHARS } = {}) {
    const messageId = this.id('msg');
    const requestId = this.id('req');
    const usage = { input_tokens: 1652, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
    let lines = [this.status(), this.event({ type: 'message_start', message: { id: messageId, type: 'message', role: 'assistant', model: MODEL, content: [], stop_reason: null, stop_sequence: null, usage } })];
    const before = lines;
    let partials = [];
    blocks.forEach((block, index) => {
      const start = block.type === 'text' ? { type: 'text', text: '' } : { type: 'tool_use', id: block.id, name: block.name, input: {} };
      lines.push(this.event({ type: 'content_block_start', index, content_block: start }));
      const text = block.type === 'text' ? block.text : JSON.stringify(block.input);
      const delta = (part) => (block.type === 'text' ? { type: 'text_delta', text: part } : { type: 'input_json_delta', partial_json: part });
      const deltas = chunks(text, partialChars).map((part) => this.event({ type: 'content_block_delta', index, delta: delta(part) }));
      if (paced && index === blocks.length - 1) {
        partials = deltas;
        lines = [];
      } else lines.push(...deltas);
      lines.push(this.assistant(messageId, requestId, block));
      lines.push(this.event({ type: 'content_block_stop', index }));
    });
    lines.push(this.event({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 420 } }), this.event({ type: 'message_stop' }));
    return { before, partials, after: lines === before ? [] : lines };
  }

  toolResult(toolUseId, content, toolUseResult) {
    const message = { role: 'user', content: [{ tool_use_id: toolUseId, type: 'tool_result', content }] };
    return this.line({ type: 'user', message, parent_tool_use_id: null, timestamp: new Date().toISOString(), tool_use_result: toolUseResult });
  }

  result(text, numTurns, durationMs) {
    const usage = { input_tokens: 3389 * numTurns, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 420 * numTurns, server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 }, service_tier: 'standard' };
    return this.line({
      type: 'result', subtype: 'success', is_error: false, api_error_status: null, duration_ms: durationMs, duration_api_ms: durationMs, num_turns: numTurns, result: text,
      stop_reason: 'end_turn', total_cost_usd: 0.0175 * numTurns, usage, permission_denials: [], terminal_reason: 'completed',
    });
  }

  /** An Edit of a file made of `before`, `oldLines` and `after`: its tool_use block and its result line with the CLI's structuredPatch. */
  edit(filePath, before, oldLines, newLines, after) {
    const id = this.id('toolu');
    const oldString = oldLines.join('\n');
    const newString = newLines.join('\n');
    const originalFile = [...before, ...oldLines, ...after].join('\n');
    const updatedFile = [...before, ...newLines, ...after].join('\n');
    const hunks = structuredPatch(filePath, filePath, originalFile, updatedFile, '', '', { context: 3 }).hunks.map(({ oldStart, oldLines: o, newStart, newLines: n, lines }) => ({ oldStart, oldLines: o, newStart, newLines: n, lines }));
    return {
      block: { type: 'tool_use', id, name: 'Edit', input: { replace_all: false, file_path: filePath, old_string: oldString, new_string: newString } },
      result: this.toolResult(id, `The file ${filePath} has been updated successfully. (file state is current in your context — no need to Read it back)`, {
        filePath, oldString, newString, originalFile, structuredPatch: hunks, userModified: false, replaceAll: false,
      }),
    };
  }

  /** A tool call in a model call of its own, and its result. */
  tool(name, input, content, toolUseResult) {
    const id = this.id('toolu');
    return [...this.call([{ type: 'tool_use', id, name, input }], 'tool_use').before, this.toolResult(id, content, toolUseResult)];
  }
}

/**
 * One heavy round (round `n`, from 1) in the folder `cwd`: a Markdown answer with a fenced code
 * block and an Edit in one model call, the Edit's result, TaskCreate of item n and TaskUpdate
 * marking item n − 1 completed with their results, and a closing line naming the round.
 */
export function heavyRound(cli, n, cwd) {
  const tag = path.basename(cwd);
  const p = pickerOf(generator(seedOf(`${tag}:${n}`)));
  const subject = `${p.pick(VERBS)} the ${p.pick(NOUNS)} ${p.pick(NOUNS)}s (step ${n})`.replace(/^./, (c) => c.toUpperCase());
  const code = codeLines(p, p.int(24, 36));
  const file = `src/${p.pick(NOUNS)}-${n % 40}.ts`;
  const text = [
    `### Step ${n}: ${p.name()}`,
    '',
    `${p.sentence(14)} The **${p.pick(NOUNS)}** path calls \`${p.name()}()\` before \`${p.name()}()\`, ${p.sentence(9).toLowerCase()}`,
    '',
    `- ${p.sentence(7)}`,
    `- \`${p.pick(NOUNS)}.size\` ${p.sentence(6).toLowerCase()}`,
    `- ${p.sentence(8)}`,
    '',
    '```ts',
    ...code,
    '```',
    '',
    `${p.sentence(12)} Next I change \`${file}\`.`,
  ].join('\n');
  const oldLines = codeLines(p, p.int(20, 40));
  const edit = cli.edit(`${cwd}/${file}`, codeLines(p, 9), oldLines, editedLines(p, oldLines), codeLines(p, 9));
  const lines = [...cli.call([{ type: 'text', text }, edit.block], 'tool_use').before, edit.result];
  lines.push(...cli.tool('TaskCreate', { subject, description: subject, activeForm: `Working on ${subject.toLowerCase()}` }, `Task #${n} created successfully: ${subject}`, { task: { id: String(n), subject } }));
  if (n > 1) {
    const previous = String(n - 1);
    lines.push(...cli.tool('TaskUpdate', { taskId: previous, status: 'completed' }, `Updated task #${previous} status`, { success: true, taskId: previous, updatedFields: ['status'], statusChange: { from: 'pending', to: 'completed' } }));
  }
  lines.push(...cli.call([{ type: 'text', text: roundMarker(n, tag) }], 'end_turn').before);
  return lines;
}

/** The closing words of round n in folder `tag`: how the bench finds a round's rows on screen. */
export function roundMarker(n, tag) {
  return `Finished step ${n} of ${tag}.`;
}

/**
 * A streamed Edit of `count` lines a side in `cwd`: the lines before its input, the input's
 * partials (to pace), and the rest (assembled tool_use, stops, its result, a closing text).
 */
export function diffStream(cli, count, cwd, partialChars) {
  const p = pickerOf(generator(seedOf(`${path.basename(cwd)}:diff:${count}`)));
  const oldLines = codeLines(p, count);
  const newLines = editedLines(p, oldLines);
  while (newLines.length < count) newLines.push(`// ${p.sentence(5).toLowerCase()}`);
  const edit = cli.edit(`${cwd}/src/streamed-${count}.ts`, codeLines(p, 9), oldLines, newLines.slice(0, count), codeLines(p, 9));
  const call = cli.call([edit.block], 'tool_use', { paced: true, partialChars });
  const closing = cli.call([{ type: 'text', text: `Rewrote ${count} lines of \`src/streamed-${count}.ts\`.` }], 'end_turn').before;
  return { before: call.before, partials: call.partials, after: [...call.after, edit.result, ...closing] };
}
