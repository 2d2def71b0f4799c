#!/usr/bin/env node
// A stand-in for the Claude CLI as `claude-status` asks it, answering as 2.1.197 does:
//   `--version`    prints "2.1.197 (Claude Code)";
//   `auth status`  prints the login state as JSON, decided by the file $STANDIN_AUTH_FILE:
//                  missing → logged out (and exit 1, as the real CLI does), "in" → logged in
//                  with claude.ai, anything else → that text as it is (not JSON), exit 0;
//   anything else (a turn) exits 1 before any output, as a CLI that refuses to start.
// With $STANDIN_LOG, each run appends "start <args>" and "end <args>" lines there, and
// $STANDIN_DELAY_MS makes each run take that long, so a test sees whether runs overlap.
import { appendFileSync, readFileSync } from 'node:fs';

const args = process.argv.slice(2).join(' ');
const log = (what) => process.env.STANDIN_LOG && appendFileSync(process.env.STANDIN_LOG, `${what} ${args}\n`);

function authAnswer() {
  let state;
  try {
    state = readFileSync(process.env.STANDIN_AUTH_FILE ?? '', 'utf8').trim();
  } catch {
    return { text: JSON.stringify({ loggedIn: false, authMethod: 'none', apiProvider: 'firstParty' }, null, 2), code: 1 };
  }
  if (state === 'in') return { text: JSON.stringify({ loggedIn: true, authMethod: 'claude.ai', apiProvider: 'firstParty' }, null, 2), code: 0 };
  return { text: state, code: 0 };
}

log('start');
setTimeout(() => {
  log('end');
  if (args === '--version') {
    process.stdout.write('2.1.197 (Claude Code)\n');
    return;
  }
  if (args === 'auth status') {
    const { text, code } = authAnswer();
    process.stdout.write(`${text}\n`);
    process.exitCode = code;
    return;
  }
  process.stderr.write('Error: this stand-in only answers --version and auth status\n');
  process.exitCode = 1;
}, Number(process.env.STANDIN_DELAY_MS ?? 0));
