/** How a turn ended, judged from the CLI's recorded output. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapCliLine } from './cli-mapping.js';
import { judgeTurn, type SeenTurn } from './turn-verdict.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./testing/fixtures/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);

function seen(name: string): SeenTurn {
  const turn: SeenTurn = { interrupting: false, result: undefined, sawInit: false, held: [] };
  for (const line of fixture(name)) {
    for (const event of mapCliLine(line).events) {
      if (event.type === 'system' && event.subtype === 'init') turn.sawInit = true;
      if (event.type === 'result') turn.result = event;
    }
  }
  return turn;
}

describe('judgeTurn on recorded turns', () => {
  it('a CLI interrupted from outside (SIGINT the daemon did not send) ends interrupted, not failed', () => {
    for (const name of ['sigint-sample.jsonl', 'interrupt-sample.jsonl']) {
      const verdict = judgeTurn(seen(name), undefined, false, true);
      expect(verdict, name).toEqual({ outcome: 'interrupted', events: [{ type: 'interrupted' }] });
    }
  });

  it('an API error is a failed turn that says what the CLI said', () => {
    const verdict = judgeTurn(seen('api-error-400-sample.jsonl'), undefined, false, true);
    expect(verdict).toMatchObject({ outcome: 'failed', events: [{ type: 'error', message: expect.stringContaining('Claude reported an error') }] });
  });

  it('a completed turn adds nothing', () => {
    expect(judgeTurn(seen('sample.jsonl'), undefined, false, true)).toEqual({ outcome: 'completed', events: [] });
  });
});
