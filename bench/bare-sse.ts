/** The floor a reader of SSE is compared with: undici and eventsource-parser, no checks, no timers. */
import { createParser } from 'eventsource-parser';
import type { Pool } from 'undici';

/** POSTs `body` to /rpc and hands each frame's data to `onData` until `[DONE]`. */
export async function bareSseLoop(pool: Pool, body: string, onData: (data: string) => void): Promise<void> {
  let done = false;
  const parser = createParser({
    onEvent: (message) => {
      if (message.data === '[DONE]') done = true;
      else onData(message.data);
    },
  });
  const decoder = new TextDecoder();
  const response = await pool.request({ path: '/rpc', method: 'POST', headers: { 'content-type': 'application/json' }, body });
  for await (const chunk of response.body) {
    parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    if (done) break;
  }
}
