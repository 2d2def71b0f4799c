/**
 * The renderer's state: hosts, sessions, the transcripts of watched sessions, messages being
 * sent, and health, each keyed by id so switching sessions moves a pointer. Slices are
 * replaced, never mutated, so components that select a slice re-render only when it changes.
 */
import type { DeskEvent, HealthNow, HealthSample, HostTestView, HostView, Notice, SessionView, TranscriptItem } from '../../shared/desk-api.js';
import { applyItems, EMPTY_TRANSCRIPT, type TranscriptState } from '../../shared/transcript.js';
import type { EventStreamState } from '../api.js';

export interface LoadedTranscript {
  /** `loading` until the watch's catch-up has arrived. */
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  state: TranscriptState;
  /** The `n` of the last item applied: the cursor a watch resumes from. */
  lastN: number;
  /**
   * Set while only the newest part is held (a watch with `tail`): `start` is its first item,
   * `tail` what has been applied since (kept to build the whole transcript on once the earlier
   * part is read; earlier-history.ts), `loaded` how many earlier items have been read, and
   * `error` why reading them stopped.
   */
  partial: PartialHistory | null;
}

export interface PartialHistory {
  /** This newest part's own number: a later one (a reset) may start at the same item. */
  id: number;
  start: number;
  tail: readonly (readonly TranscriptItem[])[];
  loaded: number;
  error: string | null;
}

/** A message on its way to the daemon: shown until the transcript holds it, or given back. */
export interface OutboxEntry {
  id: string;
  text: string;
}

export interface Toast {
  id: number;
  level: Notice['level'];
  message: string;
  /** Where it happened, for the reader: a host name, a session name. */
  context: string | null;
}

export interface AppState {
  phase: 'loading' | 'ready' | 'error';
  loadError: string | null;
  eventStream: EventStreamState;
  appInfo: { version: string; mode: 'electron' | 'browser'; dataDir: string } | null;
  hosts: ReadonlyMap<string, HostView>;
  sessions: ReadonlyMap<string, SessionView>;
  transcripts: ReadonlyMap<string, LoadedTranscript>;
  outbox: ReadonlyMap<string, readonly OutboxEntry[]>;
  health: ReadonlyMap<string, readonly HealthSample[]>;
  healthNow: ReadonlyMap<string, HealthNow>;
  /** Connection tests of hosts not added yet (`hosts.test`), by test id, as they go. */
  hostTests: ReadonlyMap<string, HostTestView>;
  toasts: readonly Toast[];
}

export const INITIAL_STATE: AppState = {
  phase: 'loading',
  loadError: null,
  eventStream: 'connecting',
  appInfo: null,
  hosts: new Map(),
  sessions: new Map(),
  transcripts: new Map(),
  outbox: new Map(),
  health: new Map(),
  healthNow: new Map(),
  hostTests: new Map(),
  toasts: [],
};

let nextPartialId = 1;

const EMPTY: LoadedTranscript = { status: 'loading', error: null, state: EMPTY_TRANSCRIPT, lastN: -1, partial: null };

const HEALTH_WINDOW_MS = 60 * 60 * 1000;
const MAX_TOASTS = 5;

type Listener = () => void;
type ItemsEvent = Extract<DeskEvent, { type: 'session.items' }>;

export class Store {
  private state: AppState = INITIAL_STATE;
  private readonly listeners = new Set<Listener>();
  private nextToast = 1;

  getState = (): AppState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(change: (state: AppState) => AppState): void {
    const next = change(this.state);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  // -- snapshots -------------------------------------------------------------

  loaded(snapshot: { hosts: HostView[]; sessions: SessionView[]; appInfo: AppState['appInfo'] }): void {
    this.update((state) => ({
      ...state,
      phase: 'ready',
      loadError: null,
      appInfo: snapshot.appInfo,
      hosts: new Map(snapshot.hosts.map((host) => [host.id, host])),
      sessions: new Map(snapshot.sessions.map((session) => [session.key, session])),
    }));
  }

  loadFailed(message: string): void {
    this.update((state) => ({ ...state, phase: state.phase === 'ready' ? 'ready' : 'error', loadError: message }));
  }

  setEventStream(eventStream: EventStreamState): void {
    this.update((state) => (state.eventStream === eventStream ? state : { ...state, eventStream }));
  }

  setHealth(hostId: string, samples: readonly HealthSample[], now: HealthNow): void {
    this.update((state) => ({ ...state, health: withEntry(state.health, hostId, samples), healthNow: withEntry(state.healthNow, hostId, now) }));
  }

  // -- transcripts -----------------------------------------------------------

  /** A watch from the start begins: the transcript shows as loading until its catch-up is in. */
  transcriptLoading(key: string): void {
    this.updateTranscript(key, () => EMPTY);
  }

  transcriptFailed(key: string, message: string): void {
    this.updateTranscript(key, (current) => ({ ...(current ?? EMPTY), status: 'error', error: message }));
  }

  forgetTranscript(key: string): void {
    this.update((state) => (state.transcripts.has(key) ? { ...state, transcripts: withoutEntry(state.transcripts, key) } : state));
  }

  /**
   * Items of a watched session. Answers `gap` when they do not follow on from what is held
   * (the watch must be made again from the cursor); they are not applied then.
   */
  receiveItems(event: ItemsEvent): 'applied' | 'gap' | 'ignored' {
    let outcome: 'applied' | 'gap' | 'ignored' = 'ignored';
    this.update((state) => {
      const current = state.transcripts.get(event.key);
      if (!current) return state;
      let base = event.reset ? EMPTY : current;
      // Only the newest part comes: it reads on from nothing, and what is before it is read apart.
      if (event.start !== undefined) base = { ...EMPTY, lastN: event.start - 1, partial: { id: nextPartialId++, start: event.start, tail: [], loaded: 0, error: null } };
      if (!followsOn(base.lastN, event.items)) {
        outcome = 'gap';
        return state;
      }
      outcome = 'applied';
      let next = appendItems(base, event.items);
      if (event.caughtUp && next.status !== 'ready') next = { ...next, status: 'ready', error: null };
      const sentIds = new Set(event.items.flatMap((item) => (item.kind === 'sent' && item.id ? [item.id] : [])));
      const outbox = sentIds.size > 0 ? withoutOutbox(state.outbox, event.key, sentIds) : state.outbox;
      return next === current && outbox === state.outbox ? state : { ...state, transcripts: withEntry(state.transcripts, event.key, next), outbox };
    });
    return outcome;
  }

  /** How much of a partial transcript's earlier part has been read, or why it could not be. */
  earlierProgress(key: string, partialId: number, progress: { loaded: number; error: string | null }): void {
    this.updateTranscript(key, (current) => (current?.partial?.id === partialId ? { ...current, partial: { ...current.partial, ...progress } } : current));
  }

  /**
   * The earlier part of a partial transcript was read and reduced to `earlier` (everything
   * before `start`): the whole transcript is that, with what the newest part held applied on
   * top. Ignored if the transcript was replaced meanwhile (a reset, forgotten, a new watch).
   */
  earlierLoaded(key: string, partialId: number, earlier: TranscriptState): boolean {
    let done = false;
    this.updateTranscript(key, (current) => {
      if (current?.partial?.id !== partialId) return current;
      done = true;
      return { ...current, state: applyItems(earlier, current.partial.tail.flat()), partial: null };
    });
    return done;
  }

  private updateTranscript(key: string, change: (current: LoadedTranscript | undefined) => LoadedTranscript | undefined): void {
    this.update((state) => {
      const current = state.transcripts.get(key);
      const next = change(current);
      return next === undefined || next === current ? state : { ...state, transcripts: withEntry(state.transcripts, key, next) };
    });
  }

  // -- messages being sent -----------------------------------------------------

  outboxAdd(key: string, entry: OutboxEntry): void {
    this.update((state) => ({ ...state, outbox: withEntry(state.outbox, key, [...(state.outbox.get(key) ?? []), entry]) }));
  }

  outboxRemove(key: string, id: string): void {
    this.update((state) => ({ ...state, outbox: withoutOutbox(state.outbox, key, new Set([id])) }));
  }

  // -- toasts ----------------------------------------------------------------

  toast(level: Toast['level'], message: string, context: string | null = null): void {
    const toast = { id: this.nextToast++, level, message, context };
    this.update((state) => ({ ...state, toasts: withToast(state.toasts, toast) }));
  }

  dismissToast(id: number): void {
    this.update((state) => ({ ...state, toasts: state.toasts.filter((toast) => toast.id !== id) }));
  }

  // -- board-level push events -------------------------------------------------

  apply(event: Exclude<DeskEvent, ItemsEvent>): void {
    this.update((state) => reduceEvent(state, event, (notice) => this.noticeToast(state, notice)));
  }

  private noticeToast(state: AppState, notice: Notice): Toast {
    const session = notice.key ? state.sessions.get(notice.key) : undefined;
    const host = notice.hostId ? state.hosts.get(notice.hostId) : session ? state.hosts.get(session.hostId) : undefined;
    const context = [host?.name, session?.name].filter(Boolean).join(' · ') || null;
    return { id: this.nextToast++, level: notice.level, message: notice.message, context };
  }
}

function reduceEvent(state: AppState, event: Exclude<DeskEvent, ItemsEvent>, toToast: (notice: Notice) => Toast): AppState {
  switch (event.type) {
    case 'host.changed':
      return { ...state, hosts: withEntry(state.hosts, event.host.id, event.host) };
    case 'host.removed':
      return { ...state, hosts: withoutEntry(state.hosts, event.hostId) };
    case 'session.changed':
      return { ...state, sessions: withEntry(state.sessions, event.session.key, event.session) };
    case 'session.removed':
      return { ...state, sessions: withoutEntry(state.sessions, event.key), transcripts: withoutEntry(state.transcripts, event.key), outbox: withoutEntry(state.outbox, event.key) };
    case 'health.changed': {
      const series = state.health.get(event.hostId);
      const healthNow = withEntry(state.healthNow, event.hostId, event.now);
      if (!series) return { ...state, healthNow };
      const cutoff = event.sample.t - HEALTH_WINDOW_MS;
      const kept = series.filter((sample) => sample.t >= cutoff);
      return { ...state, healthNow, health: withEntry(state.health, event.hostId, [...kept, event.sample]) };
    }
    case 'notice':
      return { ...state, toasts: withToast(state.toasts, toToast(event.notice)) };
    case 'host.test':
      return { ...state, hostTests: withEntry(state.hostTests, event.test.testId, event.test) };
  }
}

/** Progress (info) replaces the info shown before it; warnings and errors stay until dismissed, the newest five. */
function withToast(toasts: readonly Toast[], toast: Toast): readonly Toast[] {
  const kept = toast.level === 'info' ? toasts.filter((other) => other.level !== 'info') : toasts;
  return [...kept, toast].slice(-MAX_TOASTS);
}

/** The first item an item covers: a joined run of text deltas covers `from`..`n`. */
export function firstN(item: TranscriptItem): number {
  return item.kind === 'event' && item.from !== undefined ? item.from : item.n;
}

/**
 * Whether items continue what is held without a hole: each is either already held, or starts
 * right after what is held. A joined run that is only partly held cannot be applied either.
 */
function followsOn(lastN: number, items: readonly TranscriptItem[]): boolean {
  let held = lastN;
  for (const item of items) {
    if (item.n <= held) continue;
    if (firstN(item) !== held + 1) return false;
    held = item.n;
  }
  return true;
}

/** Applies items in order, skipping any already applied (a stream that overlaps what is held). */
export function appendItems(transcript: LoadedTranscript, items: readonly TranscriptItem[]): LoadedTranscript {
  const fresh: TranscriptItem[] = [];
  let lastN = transcript.lastN;
  for (const item of items) {
    if (item.n <= lastN) continue;
    fresh.push(item);
    lastN = item.n;
  }
  if (fresh.length === 0) return transcript;
  const partial = transcript.partial && { ...transcript.partial, tail: [...transcript.partial.tail, fresh] };
  return { ...transcript, state: applyItems(transcript.state, fresh), lastN, partial };
}

function withoutOutbox(outbox: ReadonlyMap<string, readonly OutboxEntry[]>, key: string, ids: ReadonlySet<string>): ReadonlyMap<string, readonly OutboxEntry[]> {
  const entries = outbox.get(key);
  if (!entries?.some((entry) => ids.has(entry.id))) return outbox;
  const kept = entries.filter((entry) => !ids.has(entry.id));
  return kept.length > 0 ? withEntry(outbox, key, kept) : withoutEntry(outbox, key);
}

function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  const next = new Map(map);
  next.set(key, value);
  return next;
}

function withoutEntry<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map;
  const next = new Map(map);
  next.delete(key);
  return next;
}
