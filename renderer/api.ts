/**
 * The renderer's one way to the desk. In Electron the preload exposes `window.desk`; in a
 * browser the same API goes over HTTP (`POST /api/<method>`) and push events over SSE
 * (`GET /api/events`), authorised by the cookie browser mode set on the first visit.
 */
import { DESK_METHOD_NAMES, functionName, type DeskApi, type DeskEvent } from '../shared/desk-api.js';

/** A failed desk call, with the desk's own readable message. */
export class DeskCallFailed extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'DeskCallFailed';
  }
}

export type EventStreamState = 'connecting' | 'open' | 'lost' | 'unauthorized';

export interface RendererApi {
  desk: DeskApi;
  /** Push events; `onResync` runs when events were missed and state must be reloaded. */
  subscribe(handlers: { onEvent: (event: DeskEvent) => void; onResync: () => void; onState: (state: EventStreamState) => void }): () => void;
}

declare global {
  interface Window {
    desk?: DeskApi;
  }
}

async function post(method: string, params: unknown): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params ?? {}),
      credentials: 'same-origin',
    });
  } catch {
    throw new DeskCallFailed(`${method}: the Switchyard backend did not answer; is \`npm start\` still running?`, 'unreachable');
  }
  const body = (await response.json().catch(() => null)) as { result?: unknown; error?: { message: string; code: string } } | null;
  if (response.ok && body && 'result' in body) return body.result;
  if (response.status === 401) throw new DeskCallFailed('This page is no longer signed in to Switchyard: open the SWITCHYARD_URL that `npm start` printed.', 'unauthorized');
  throw new DeskCallFailed(body?.error?.message ?? `${method}: the backend answered HTTP ${response.status}`, body?.error?.code ?? 'failed');
}

function httpApi(): RendererApi {
  const desk: Record<string, unknown> = {};
  for (const method of DESK_METHOD_NAMES) desk[functionName(method)] = (params: unknown) => post(method, params);
  desk.onEvent = () => () => undefined;
  return {
    desk: desk as DeskApi,
    subscribe({ onEvent, onResync, onState }) {
      let source: EventSource | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let failures = 0;
      let stopped = false;
      const open = (fresh: boolean) => {
        onState('connecting');
        // EventSource reconnects by itself after a drop and sends Last-Event-ID: the server
        // replays what was missed, or answers `resync`. Only a new EventSource starts blind.
        source = new EventSource('/api/events', { withCredentials: true });
        source.onopen = () => {
          failures = 0;
          onState('open');
          if (fresh) onResync();
          fresh = false;
        };
        source.onmessage = (message: MessageEvent<string>) => onEvent(JSON.parse(message.data) as DeskEvent);
        source.addEventListener('resync', () => onResync());
        source.onerror = () => {
          if (source?.readyState !== EventSource.CLOSED) return onState('connecting');
          // The browser gave up (an error status): find out why, then try again with a new source.
          source = undefined;
          onState('lost');
          void post('app.info', {}).then(
            () => schedule(),
            (error: unknown) => (error instanceof DeskCallFailed && error.code === 'unauthorized' ? onState('unauthorized') : schedule()),
          );
        };
      };
      const schedule = () => {
        if (stopped) return;
        failures++;
        retry = setTimeout(() => open(true), Math.min(15_000, 1000 * 2 ** (failures - 1)));
      };
      open(false);
      return () => {
        stopped = true;
        clearTimeout(retry);
        source?.close();
      };
    },
  };
}

function electronApi(desk: DeskApi): RendererApi {
  const wrapped: Record<string, unknown> = {};
  for (const method of DESK_METHOD_NAMES) {
    const name = functionName(method);
    const call = (desk as unknown as Record<string, (params: unknown) => Promise<unknown>>)[name]!;
    wrapped[name] = (params: unknown) =>
      call(params ?? {}).catch((error: Error & { code?: string }) => {
        throw new DeskCallFailed(error.message, error.code ?? 'failed');
      });
  }
  wrapped.onEvent = desk.onEvent;
  return {
    desk: wrapped as DeskApi,
    subscribe({ onEvent, onState }) {
      onState('open');
      return desk.onEvent(onEvent);
    },
  };
}

export function createRendererApi(): RendererApi {
  return window.desk ? electronApi(window.desk) : httpApi();
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
