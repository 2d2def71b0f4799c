/**
 * The desk's open windows, one event stream (DeskChannel) each: opened and closed by the
 * transport (Electron IPC, browser mode's SSE), found by id for a watch, and told what every
 * window hears or what a watched session adds.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/clock.js';
import type { DeskEvent, TranscriptItem } from '../../shared/desk-api.js';
import { DeskChannel, type ChannelSink } from './desk-channel.js';
import { DeskError } from './desk-error.js';

export class WindowChannels {
  private readonly channels = new Map<string, DeskChannel>();

  constructor(private readonly options: { flushMs: number; clock: Clock }) {}

  /** A window's event stream; closed by the transport when the window goes, or here when it falls too far behind. */
  open(sink: ChannelSink): DeskChannel {
    const channel = new DeskChannel(randomUUID(), sink, { ...this.options, onOverflow: (closed) => this.close(closed.id) });
    this.channels.set(channel.id, channel);
    return channel;
  }

  close(id: string): void {
    this.channels.get(id)?.close();
    this.channels.delete(id);
  }

  get(id: string): DeskChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new DeskError('not_found', `No event stream "${id}": the window reconnected; watch again on its new stream.`);
    return channel;
  }

  /** Tells every window. */
  send(event: DeskEvent): void {
    for (const channel of this.channels.values()) channel.send(event);
  }

  /** New items of a session, for the windows that watch it. */
  push(key: string, items: readonly TranscriptItem[]): void {
    for (const channel of this.channels.values()) channel.push(key, items);
  }

  unwatchEverywhere(key: string): void {
    for (const channel of this.channels.values()) channel.unwatch(key);
  }

  closeAll(): void {
    for (const channel of this.channels.values()) channel.close();
  }
}
