/**
 * The renderer's one way to the desk. In Electron the preload exposes `window.desk`; in a
 * browser the same API goes over HTTP (`POST /api/<method>`) and the window's event stream
 * over SSE (`GET /api/events`), authorised by the cookie browser mode set on the first visit.
 * Either way a stream opens with its `hello`, and a stream that reconnects is a new stream.
 */
import type { DeskApi, DeskBridge, DeskEvent, StreamHello } from '../shared/desk-api.js';
import { DESK_METHOD_NAMES, functionName } from '../shared/desk-method-names.js';

/** A failed desk call, with the desk's own readable message and its code. */
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

export interface StreamHandlers {
  /** A stream opened (the first, or after a reconnect): state must be read afresh and watches made again. */
  onHello: (hello: StreamHello) => void;
  onEvent: (event: DeskEvent) => void;
  onState: (state: EventStreamState) => void;
}

export interface RendererApi {
  desk: DeskApi;
  subscribe(handlers: StreamHandlers): () => void;
}

declare global {
  interface Window {
    desk?: DeskBridge;
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
  return {
    desk: desk as DeskApi,
    subscribe({ onHello, onEvent, onState }) {
      let source: EventSource | undefined;
      let retry: ReturnType<typeof setTimeout> | undefined;
      let failures = 0;
      let stopped = false;
      const open = () => {
        onState('connecting');
        // EventSource reconnects by itself after a drop; each connection is a new stream with its own hello.
        source = new EventSource('/api/events', { withCredentials: true });
        source.addEventListener('hello', (message: MessageEvent<string>) => {
          failures = 0;
          onState('open');
          onHello(JSON.parse(message.data) as StreamHello);
        });
        source.onmessage = (message: MessageEvent<string>) => onEvent(JSON.parse(message.data) as DeskEvent);
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
        retry = setTimeout(open, Math.min(15_000, 1000 * 2 ** (failures - 1)));
      };
      open();
      return () => {
        stopped = true;
        clearTimeout(retry);
        source?.close();
      };
    },
  };
}

function electronApi(bridge: DeskBridge): RendererApi {
  const wrapped: Record<string, unknown> = {};
  for (const method of DESK_METHOD_NAMES) {
    const name = functionName(method);
    const call = (bridge as unknown as Record<string, (params: unknown) => Promise<unknown>>)[name]!;
    wrapped[name] = (params: unknown) =>
      call(params ?? {}).catch((error: Error & { code?: string }) => {
        throw new DeskCallFailed(error.message, error.code ?? 'failed');
      });
  }
  return {
    desk: wrapped as DeskApi,
    subscribe({ onHello, onEvent, onState }) {
      onState('connecting');
      return bridge.openEvents({
        onHello: (hello) => {
          onState('open');
          onHello(hello);
        },
        onEvent,
      });
    },
  };
}

export function createRendererApi(): RendererApi {
  return window.desk ? electronApi(window.desk) : httpApi();
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
