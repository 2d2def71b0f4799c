/**
 * Maps the Claude CLI's stream-json stdout lines (docs/claude-cli.md) to daemon events
 * (docs/protocol.md). Pure: no I/O, no seq; the session log numbers what comes out.
 */
import { CliResult, type EventBody } from '../shared/protocol.js';

interface CliContentBlock {
  type?: string;
  text?: string;
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  content?: unknown;
  is_error?: boolean;
}

interface CliLine {
  type?: string;
  subtype?: string;
  session_id?: string;
  model?: string;
  message?: { content?: CliContentBlock[] | string };
  event?: { type?: string; delta?: { type?: string; text?: string; partial_json?: string } };
  tool_use_result?: unknown;
  is_error?: boolean;
  result?: unknown;
}

/** What the runner needs to know about a line besides the events it maps to. */
export interface MappedLine {
  events: EventBody[];
  /** The line was the CLI's `result`: the turn is over. */
  endsTurn: boolean;
  sdkSessionId?: string;
  model?: string;
}

export function mapCliLine(line: unknown): MappedLine {
  if (typeof line !== 'object' || line === null) return { events: [], endsTurn: false };
  const cli = line as CliLine;
  const sdk = typeof cli.session_id === 'string' ? cli.session_id : undefined;
  const withSdk = (mapped: MappedLine): MappedLine => (sdk ? { ...mapped, sdkSessionId: sdk } : mapped);

  switch (cli.type) {
    case 'system':
      if (cli.subtype === 'init') {
        const event: EventBody = { type: 'system', subtype: 'init', raw: line };
        if (sdk) event.session_id = sdk;
        if (typeof cli.model === 'string') event.model = cli.model;
        return withSdk({ events: [event], endsTurn: false, ...(typeof cli.model === 'string' ? { model: cli.model } : {}) });
      }
      return withSdk({ events: [{ type: 'system', raw: line }], endsTurn: false });

    case 'stream_event': {
      const delta = cli.event?.type === 'content_block_delta' ? cli.event.delta : undefined;
      if (delta?.type === 'text_delta' && typeof delta.text === 'string') {
        return withSdk({ events: [{ type: 'partial', content: delta.text }], endsTurn: false });
      }
      if (delta?.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
        // Old clients treat every partial as text; `block` lets newer ones tell tool input apart.
        return withSdk({ events: [{ type: 'partial', content: delta.partial_json, block: 'tool_input' }], endsTurn: false });
      }
      return withSdk({ events: [{ type: 'system', raw: line }], endsTurn: false });
    }

    case 'assistant':
      return withSdk({ events: assistantEvents(cli, line), endsTurn: false });

    case 'user':
      return withSdk({ events: userEvents(cli, line), endsTurn: false });

    case 'result': {
      const event: EventBody = { type: 'result', raw: line as Record<string, unknown> };
      if (sdk) event.session_id = sdk;
      return withSdk({ events: [event], endsTurn: true });
    }

    default:
      return withSdk({ events: [{ type: 'system', raw: line }], endsTurn: false });
  }
}

function contentBlocks(cli: CliLine): CliContentBlock[] {
  const content = cli.message?.content;
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content : [];
}

/** The CLI prints one assistant line per content block; each becomes its own event. */
function assistantEvents(cli: CliLine, line: unknown): EventBody[] {
  const events: EventBody[] = [];
  for (const block of contentBlocks(cli)) {
    if (block.type === 'text' && typeof block.text === 'string') {
      events.push({ type: 'text', content: block.text, raw: line });
    } else if (block.type === 'tool_use' && typeof block.name === 'string') {
      const event: EventBody = { type: 'tool_use', tool: block.name, input: block.input ?? {}, raw: line };
      if (typeof block.id === 'string') event.tool_use_id = block.id;
      events.push(event);
    } else {
      events.push({ type: 'system', raw: line });
    }
  }
  return events.length > 0 ? events : [{ type: 'system', raw: line }];
}

/** User lines carry tool results; anything else there (interrupt notes) travels as `system`. */
function userEvents(cli: CliLine, line: unknown): EventBody[] {
  const events: EventBody[] = [];
  for (const block of contentBlocks(cli)) {
    if (block.type === 'tool_result' && typeof block.tool_use_id === 'string') {
      const event: EventBody = {
        type: 'tool_result',
        tool_use_id: block.tool_use_id,
        content: block.content ?? '',
        is_error: block.is_error === true,
      };
      if (cli.tool_use_result !== undefined) event.tool_use_result = cli.tool_use_result;
      events.push(event);
    }
  }
  return events.length > 0 ? events : [{ type: 'system', raw: line }];
}

/** The CLI's result line of a `result` event (is_error, the final text, ...). */
export function cliResultOf(event: EventBody): CliResult | undefined {
  if (event.type !== 'result') return undefined;
  const parsed = CliResult.safeParse(event.raw);
  return parsed.success ? parsed.data : undefined;
}
