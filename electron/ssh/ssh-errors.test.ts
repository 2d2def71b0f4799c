import { describe, expect, it } from 'vitest';
import { classifySshError } from './ssh-errors.js';

// Each line is what this machine's OpenSSH (9.2) printed in that situation.
const samples: [string, string, boolean][] = [
  ['No ED25519 host key is known for [127.0.0.1]:41731 and you have requested strict checking.\nHost key verification failed.', 'host_key_unknown', false],
  ['@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@@@@@\nIT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!', 'host_key_changed', false],
  ['root@127.0.0.1: Permission denied (publickey).', 'auth_failed', false],
  ['ssh: connect to host 127.0.0.1 port 1: Connection refused', 'connection_refused', true],
  ['ssh: Could not resolve hostname nonexistent.invalid: Name or service not known', 'name_not_resolved', false],
  ['ssh: connect to host 10.255.255.1 port 22: Connection timed out', 'timeout', true],
  ['bind [127.0.0.1]:45999: Address already in use\nchannel_setup_fwd_listener_tcpip: cannot listen to port: 45999\nCould not request local forwarding.', 'forward_failed', true],
  ['Connection closed by 127.0.0.1 port 2222', 'closed', true],
  ['something nobody expected', 'unknown', true],
];

describe('classifySshError', () => {
  it.each(samples)('recognises %j', (stderr, kind, retryable) => {
    const error = classifySshError(stderr, 'devbox');
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(error.message).toContain('devbox');
  });

  it('tells the user what to do about a changed host key and never to ignore it', () => {
    expect(classifySshError(samples[1]![0], 'devbox').message).toMatch(/refuses to connect.*ssh-keygen -R/);
  });
});
