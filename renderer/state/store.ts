/**
 * The renderer's state: hosts, sessions, loaded transcripts and health series, each keyed by
 * id so switching sessions moves a pointer. Slices are replaced, never mutated, so components
 * that select a slice re-render only when that slice changes.
 */
import type { DeskEvent, HealthSample, HostView, Notice, SessionView, TranscriptItem } from '../../shared/desk-api.js';
import { applyItems, EMPTY_TRANSCRIPT, type TranscriptState } from '../../shared/transcript.js';
import type { EventStreamState } from '../api.js';

export interface LoadedTranscript {
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  state: TranscriptState;
  /** The `n` of the last item applied; later pushes at or below it are duplicates. */
  lastN: number;
  /** Items pushed while the history was loading or missed items were fetched, applied after them. */
  pending: readonly TranscriptItem[];
  /** Missed items are being fetched: the rows stay on screen, new pushes wait in `pending`. */
  holding: boolean;
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
  health: ReadonlyMap<string, readonly HealthSample[]>;
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
  health: new Map(),
  toasts: [],
};

const READY_TRANSCRIPT: LoadedTranscript = { status: 'ready', error: null, state: EMPTY_TRANSCRIPT, lastN: -1, pending: [], holding: false };

const HEALTH_WINDOW_MS = 60 * 60 * 1000;
const MAX_TOASTS = 5;

type Listener = () => void;

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

  setHealthSeries(hostId: string, samples: readonly HealthSample[]): void {
    this.update((state) => ({ ...state, health: withEntry(state.health, hostId, samples) }));
  }

  // -- transcripts -----------------------------------------------------------

  transcriptLoading(key: string): void {
    this.updateTranscript(key, () => ({ ...READY_TRANSCRIPT, status: 'loading' }));
  }

  transcriptLoaded(key: string, items: readonly TranscriptItem[]): void {
    this.updateTranscript(key, (current) => appendAfter(appendItems(READY_TRANSCRIPT, items), current?.pending ?? []));
  }

  /** Missed items are about to be fetched: pushes wait until they are in. */
  transcriptHold(key: string): void {
    this.updateTranscript(key, (current) => (current?.status === 'ready' && !current.holding ? { ...current, holding: true } : current));
  }

  /** The missed items arrived: they and the pushes that waited are applied, duplicates skipped. */
  transcriptAppended(key: string, items: readonly TranscriptItem[]): void {
    this.updateTranscript(key, (current) => (current?.status === 'ready' ? appendAfter(appendItems({ ...current, holding: false, pending: [] }, items), current.pending) : current));
  }

  transcriptFailed(key: string, message: string): void {
    this.updateTranscript(key, (current) => current && { ...current, status: 'error', error: message });
  }

  private updateTranscript(key: string, change: (current: LoadedTranscript | undefined) => LoadedTranscript | undefined): void {
    this.update((state) => {
      const current = state.transcripts.get(key);
      const next = change(current);
      return next === undefined || next === current ? state : { ...state, transcripts: withEntry(state.transcripts, key, next) };
    });
  }

  forgetTranscript(key: string): void {
    this.update((state) => (state.transcripts.has(key) ? { ...state, transcripts: withoutEntry(state.transcripts, key) } : state));
  }

  // -- toasts ----------------------------------------------------------------

  toast(level: Toast['level'], message: string, context: string | null = null): void {
    const toast = { id: this.nextToast++, level, message, context };
    this.update((state) => ({ ...state, toasts: withToast(state.toasts, toast) }));
  }

  dismissToast(id: number): void {
    this.update((state) => ({ ...state, toasts: state.toasts.filter((toast) => toast.id !== id) }));
  }

  // -- push events -----------------------------------------------------------

  apply(event: DeskEvent): void {
    this.update((state) => reduceEvent(state, event, (notice) => this.noticeToast(state, notice)));
  }

  private noticeToast(state: AppState, notice: Notice): Toast {
    const session = notice.key ? state.sessions.get(notice.key) : undefined;
    const host = notice.hostId ? state.hosts.get(notice.hostId) : session ? state.hosts.get(session.hostId) : undefined;
    const context = [host?.name, session?.name].filter(Boolean).join(' · ') || null;
    return { id: this.nextToast++, level: notice.level, message: notice.message, context };
  }
}

function reduceEvent(state: AppState, event: DeskEvent, toToast: (notice: Notice) => Toast): AppState {
  switch (event.type) {
    case 'host.changed':
      return { ...state, hosts: withEntry(state.hosts, event.host.id, event.host) };
    case 'host.removed':
      return { ...state, hosts: withoutEntry(state.hosts, event.hostId) };
    case 'session.changed':
      return { ...state, sessions: withEntry(state.sessions, event.session.key, event.session) };
    case 'session.removed':
      return { ...state, sessions: withoutEntry(state.sessions, event.key), transcripts: withoutEntry(state.transcripts, event.key) };
    case 'session.items': {
      const current = state.transcripts.get(event.key);
      if (!current) return state;
      const next = current.status === 'loading' || current.holding ? { ...current, pending: [...current.pending, ...event.items] } : appendItems(current, event.items);
      return next === current ? state : { ...state, transcripts: withEntry(state.transcripts, event.key, next) };
    }
    case 'health.sample': {
      const series = state.health.get(event.hostId);
      if (!series) return state;
      const cutoff = event.sample.t - HEALTH_WINDOW_MS;
      const kept = series.filter((sample) => sample.t >= cutoff);
      return { ...state, health: withEntry(state.health, event.hostId, [...kept, event.sample]) };
    }
    case 'notice':
      return { ...state, toasts: withToast(state.toasts, toToast(event.notice)) };
  }
}

/** Progress (info) replaces the info shown before it; warnings and errors stay until dismissed, the newest five. */
function withToast(toasts: readonly Toast[], toast: Toast): readonly Toast[] {
  const kept = toast.level === 'info' ? toasts.filter((other) => other.level !== 'info') : toasts;
  return [...kept, toast].slice(-MAX_TOASTS);
}

/**
 * Applies pushes that waited while items were fetched. The fetch read every item up to the
 * newest that waited (the controller sees to it), so a waiting item that starts at or before
 * what was fetched is already in: a joined run must not be applied twice in part.
 */
function appendAfter(transcript: LoadedTranscript, waited: readonly TranscriptItem[]): LoadedTranscript {
  return appendItems(transcript, waited.filter((item) => firstN(item) > transcript.lastN));
}

/** The first item an item covers: a joined run of text deltas covers `from`..`n`. */
export function firstN(item: TranscriptItem): number {
  return item.kind === 'event' && item.from !== undefined ? item.from : item.n;
}

/** Applies items in order, skipping any already applied (a replayed push, an overlap with history). */
export function appendItems(transcript: LoadedTranscript, items: readonly TranscriptItem[]): LoadedTranscript {
  const fresh: TranscriptItem[] = [];
  let lastN = transcript.lastN;
  for (const item of items) {
    if (item.n <= lastN) continue;
    fresh.push(item);
    lastN = item.n;
  }
  if (fresh.length === 0) return transcript;
  return { ...transcript, state: applyItems(transcript.state, fresh), lastN };
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
