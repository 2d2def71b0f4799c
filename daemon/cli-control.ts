/**
 * The permission side of the CLI's control messages (docs/claude-cli.md, "Control messages"):
 * a `can_use_tool` request read as a `permission` event, a `control_cancel_request`, and the
 * answers the CLI takes. Pure: no I/O, no seq.
 */
import type { EventBody, Mode, PermissionEvent } from '../shared/protocol.js';

/** What the persistent CLI is told for each mode; `auto` asks like `ask`, and the daemon answers. */
export const CLI_PERMISSION_MODES: Record<Mode, string> = {
  auto: 'default',
  code: 'acceptEdits',
  plan: 'plan',
  ask: 'default',
};

/** A `permission` event before the log numbers it. */
export type PermissionBody = Extract<EventBody, { type: 'permission' }>;

export type CliControl = { kind: 'request'; permission: PermissionBody } | { kind: 'cancel'; requestId: string } | { kind: 'other-request'; requestId: string; subtype: string };

interface CanUseTool {
  subtype?: unknown;
  tool_name?: unknown;
  display_name?: unknown;
  input?: unknown;
  description?: unknown;
  title?: unknown;
  blocked_path?: unknown;
  permission_suggestions?: unknown;
  tool_use_id?: unknown;
}

const KINDS: Record<string, PermissionEvent['kind']> = { ExitPlanMode: 'plan', AskUserQuestion: 'question' };
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** A control line the CLI sent to the daemon, or undefined for every other line. */
export function readCliControl(line: unknown): CliControl | undefined {
  if (typeof line !== 'object' || line === null) return undefined;
  const { type, request_id: requestId, request } = line as { type?: unknown; request_id?: unknown; request?: CanUseTool };
  if (typeof requestId !== 'string') return undefined;
  if (type === 'control_cancel_request') return { kind: 'cancel', requestId };
  if (type !== 'control_request') return undefined;
  if (request?.subtype !== 'can_use_tool') return { kind: 'other-request', requestId, subtype: String(request?.subtype) };
  const tool = text(request.tool_name) ?? 'unknown';
  const permission: PermissionBody = {
    type: 'permission',
    requestId,
    kind: KINDS[tool] ?? 'tool',
    tool,
    input: typeof request.input === 'object' && request.input !== null ? request.input : {},
  };
  const toolUseId = text(request.tool_use_id);
  const title = text(request.title);
  const reason = text(request.description);
  const blockedPath = text(request.blocked_path);
  if (toolUseId) permission.toolUseId = toolUseId;
  if (title) permission.title = title;
  if (reason) permission.reason = reason;
  if (blockedPath) permission.blockedPath = blockedPath;
  if (Array.isArray(request.permission_suggestions)) permission.suggestions = request.permission_suggestions;
  return { kind: 'request', permission };
}

export interface AllowChoice {
  updatedInput?: Record<string, unknown> | undefined;
  /** Do not ask again in this session for what the CLI suggested allowing. */
  remember?: boolean | undefined;
  /** The permission mode the CLI goes on in, as part of the same answer. */
  cliMode?: string | undefined;
}

/** The `response` of an allow: the input to run with, and the permissions it adds for this session. */
export function allowResponse(permission: PermissionBody, choice: AllowChoice = {}): Record<string, unknown> {
  const updates: unknown[] = [];
  if (choice.remember) updates.push(...sessionRules(permission.suggestions));
  // In the same answer, not a set_permission_mode after it: an approved plan switches the CLI to
  // `default` by itself as the tool runs, which would race a separate request.
  if (choice.cliMode) updates.push({ type: 'setMode', mode: choice.cliMode, destination: 'session' });
  return {
    behavior: 'allow',
    updatedInput: choice.updatedInput ?? permission.input ?? {},
    ...(updates.length > 0 ? { updatedPermissions: updates } : {}),
  };
}

/** The `response` of a deny: Claude reads the message; `interrupt` ends the turn too. */
export function denyResponse(message: string, interrupt: boolean): Record<string, unknown> {
  return { behavior: 'deny', message, ...(interrupt ? { interrupt: true } : {}) };
}

/** The CLI's suggested rules, kept for this session only (never written to its settings files). */
function sessionRules(suggestions: unknown[] | undefined): unknown[] {
  return (suggestions ?? [])
    .filter((suggestion): suggestion is Record<string, unknown> => typeof suggestion === 'object' && suggestion !== null && (suggestion as { type?: unknown }).type === 'addRules')
    .map((suggestion) => ({ ...suggestion, destination: 'session' }));
}
