/**
 * The transcript's last row while Claude works and nothing streams: "Claude is thinking… 4 s" or
 * "Running Bash… 12 s". The seconds count from when this wait began (the message's time, or when
 * this window first saw the wait; a tool's from when its card first showed), and tick here only.
 */
import { useSessionRowKey } from './session-key.js';
import { useRef } from 'react';
import { formatElapsed } from '../../lib/format.js';
import { runningSince } from '../../lib/running-since.js';
import { useNow } from '../../lib/use-now.js';
import type { LiveStatus } from './live-status.js';
import { VisibleText } from './visible-text.js';
import './messages.css';

/** A tool's name is the CLI's (an MCP server's own, say): shown as text, and not at any length. */
const MAX_TOOL_NAME = 60;

export function LiveStatusRow({ status }: { status: LiveStatus }) {
  const now = useNow(1000);
  const firstSeen = useRef<{ phase: string; at: number } | null>(null);
  if (firstSeen.current?.phase !== status.phase) firstSeen.current = { phase: status.phase, at: Date.now() };
  // A tool counts from when its card first showed (remembered while the row is scrolled away); a wait for an answer from when the message was sent, where known.
  const toolKey = useSessionRowKey(status.kind === 'tool' ? status.rowId : '');
  const seen = status.kind === 'tool' ? runningSince(toolKey) : firstSeen.current.at;
  const sent = status.since ? Date.parse(status.since) : NaN;
  const began = Number.isFinite(sent) ? Math.min(seen, sent) : seen;
  const elapsed = Math.max(0, now - began);
  const tool = status.kind === 'tool' ? (status.tool.length > MAX_TOOL_NAME ? `${status.tool.slice(0, MAX_TOOL_NAME)}…` : status.tool) : null;
  return (
    <div className="live-status" role="status">
      <span className="live-status-dot" aria-hidden="true" />
      {tool === null ? (
        <span>Claude is thinking…</span>
      ) : (
        <span>
          Running <VisibleText text={tool} />…
        </span>
      )}
      {/* The seconds are for the eye: a screen reader hears what Claude does, not every tick. */}
      {elapsed >= 1000 && (
        <span className="live-status-time" aria-hidden="true">
          {formatElapsed(elapsed)}
        </span>
      )}
    </div>
  );
}
