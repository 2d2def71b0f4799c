/** An SSE response as an EventSink: frames `data: <json>`, pings, `[DONE]`, and a bound on slow readers. */
import type { ServerResponse } from 'node:http';
import type { StreamEvent } from '../shared/protocol.js';
import { serializedEvent } from './event-log.js';
import type { EventSink } from './session.js';
import type { BudgetedClient, SseBudget } from './sse-budget.js';

/** A client that lets this much pile up unread is cut off; it can re-attach from its last seq. */
const MAX_UNSENT_BYTES = 32 * 1024 * 1024;
const PING_FRAME = 'data: {"type":"ping"}\n\n';
const FRAME_START = Buffer.from('data: ');
const FRAME_END = Buffer.from('\n\n');

export class SseSink implements EventSink, BudgetedClient {
  private closed = false;
  private readonly listeners: (() => void)[] = [];
  private readonly pingTimer: NodeJS.Timeout;

  constructor(
    private readonly res: ServerResponse,
    pingIntervalMs: number,
    private readonly budget: SseBudget,
    readonly label: string,
  ) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    this.pingTimer = setInterval(() => this.write(PING_FRAME), pingIntervalMs);
    this.pingTimer.unref();
    res.on('close', () => this.markClosed());
    res.on('drain', () => this.budget.update(this, res.writableLength));
  }

  get open(): boolean {
    return !this.closed;
  }

  send(events: readonly StreamEvent[]): void {
    if (this.closed || events.length === 0) return;
    let frames = '';
    for (const event of events) frames += `data: ${serializedEvent(event)}\n\n`;
    this.write(frames);
  }

  sendLines(lines: readonly Buffer[]): void {
    if (this.closed || lines.length === 0) return;
    const parts: Buffer[] = [];
    for (const line of lines) parts.push(FRAME_START, line, FRAME_END);
    this.write(Buffer.concat(parts));
  }

  whenWritable(): Promise<void> {
    if (this.closed || !this.res.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        resolve();
      };
      this.res.once('drain', done);
      this.onClose(done);
    });
  }

  finish(): void {
    if (this.closed) return;
    this.res.end('data: [DONE]\n\n');
    this.markClosed();
  }

  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }

  cut(): void {
    // Closed now: 'close' comes later, and nothing may be written or counted meanwhile.
    this.markClosed();
    this.res.destroy();
  }

  private write(text: string | Buffer): void {
    if (this.closed) return;
    this.res.write(text);
    if (this.res.writableLength > MAX_UNSENT_BYTES) this.cut();
    else this.budget.update(this, this.res.writableLength);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.budget.remove(this);
    clearInterval(this.pingTimer);
    for (const listener of this.listeners.splice(0)) listener();
  }
}
