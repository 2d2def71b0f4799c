import { describe, expect, it } from 'vitest';
import { SshError } from './ssh-errors.js';
import { assertSafeHost, assertSafeTarget, parseSshTarget } from './ssh-target.js';

const accepted: [string, ReturnType<typeof parseSshTarget>][] = [
  ['devbox', { host: 'devbox' }],
  ['build.example.com', { host: 'build.example.com' }],
  ['ada@devbox', { host: 'devbox', user: 'ada' }],
  ['devbox:2222', { host: 'devbox', port: 2222 }],
  ['ada@devbox:2222', { host: 'devbox', user: 'ada', port: 2222 }],
  ['[::1]:2222', { host: '::1', port: 2222 }],
  ['ada@[2001:db8::7]:22', { host: '2001:db8::7', user: 'ada', port: 22 }],
  ['[fe80::1%eth0]', { host: 'fe80::1%eth0' }],
  ['2001:db8::7', { host: '2001:db8::7' }],
  ['192.168.1.20:22', { host: '192.168.1.20', port: 22 }],
  ['ssh://ada@devbox:2222', { host: 'devbox', user: 'ada', port: 2222 }],
  ['ssh://devbox', { host: 'devbox' }],
  ['SSH://ada@devbox/', { host: 'devbox', user: 'ada' }],
  ['ssh://ada@[::1]:2222', { host: '::1', user: 'ada', port: 2222 }],
  ['ssh://first.last%40corp.example@devbox', { host: 'devbox', user: 'first.last@corp.example' }],
  // ssh splits at the last "@" too: user names that are mail addresses.
  ['first.last@corp.example@devbox', { host: 'devbox', user: 'first.last@corp.example' }],
  ['  ada@devbox:22\n', { host: 'devbox', user: 'ada', port: 22 }],
  ['gpu_box-2', { host: 'gpu_box-2' }],
];

const refused: [string, RegExp][] = [
  ['', /is empty/],
  ['   ', /is empty/],
  ['-oProxyCommand=touch /tmp/pwned', /"-oProxyCommand=touch \/tmp\/pwned" starts with "-", which ssh would read as an option, not as a host/],
  ['-oProxyCommand=id', /starts with "-", which ssh would read as an option/],
  ['-p2222', /starts with "-"/],
  ['-oUser=x@devbox', /"-oUser=x@devbox" starts with "-"/],
  ['ssh://-oProxyCommand=id@devbox', /The user "-oProxyCommand=id" starts with "-"/],
  ['ssh://%2DoProxyCommand=id', /The host "-oProxyCommand=id" starts with "-"/],
  ['ada@-devbox', /The host "-devbox" starts with "-"/],
  ['ada @devbox', /contains a space/],
  ['dev\tbox', /contains a tab/],
  ['dev\nbox', /contains a line break/],
  ['dev\u0007box', /contains a control character \(U\+0007\)/],
  ['dev\u00a0box', /contains a blank \(U\+00A0\)/],
  ['ssh://ada%0Abox@devbox', /The user "ada\nbox" contains a line break/],
  ['dev;box', /contains ";"/],
  ['$(id)@devbox', /The user "\$\(id\)" contains "\("/],
  ['dev`id`box', /contains "`"/],
  ['@devbox', /nothing before "@"/],
  ['ada@', /has no host/],
  ['ada@:22', /has no host/],
  ['devbox:', /nothing after ":"/],
  ['devbox:ssh', /The port "ssh" in "devbox:ssh" is not a number from 1 to 65535/],
  ['devbox:0', /The port "0"/],
  ['devbox:65536', /The port "65536"/],
  ['devbox:22:33', /more than one ":"/],
  ['[::1', /opens "\[" without closing it/],
  ['[::1]x', /has "x" after "\]"/],
  ['http://devbox', /is a http:\/\/ address; only ssh:\/\/ addresses/],
  ['ssh://devbox/home/ada', /has a path/],
  ['ssh://%E0%A4%A@devbox', /not valid URL encoding/],
];

describe('parseSshTarget', () => {
  it.each(accepted)('accepts %j', (text, expected) => {
    expect(parseSshTarget(text)).toEqual(expected);
  });

  it.each(refused)('refuses %j, saying what is wrong and what to type instead', (text, reason) => {
    let error: unknown;
    try {
      parseSshTarget(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SshError);
    expect((error as SshError).kind).toBe('invalid_target');
    expect((error as SshError).retryable).toBe(false);
    expect((error as SshError).message).toMatch(reason);
    expect((error as SshError).message).toMatch(/Type an alias from your ~\/\.ssh\/config \(like devbox\), or user@host:port/);
  });
});

describe('assertSafeTarget and assertSafeHost', () => {
  it('pass targets ssh reads as they are meant', () => {
    expect(() => assertSafeTarget({ host: 'devbox', user: 'ada', port: 22, configFile: '/home/ada/.ssh/config' })).not.toThrow();
    expect(() => assertSafeHost('127.0.0.1')).not.toThrow();
  });

  it.each([
    [{ host: '-oProxyCommand=id' }, /host "-oProxyCommand=id" starts with "-"/],
    [{ host: 'devbox', user: '-oProxyCommand=id' }, /user "-oProxyCommand=id" starts with "-"/],
    [{ host: 'dev box' }, /contains a space/],
    [{ host: 'devbox', port: 70000 }, /port 70000 is not a whole number/],
    [{ host: '' }, /host is empty/],
  ])('refuses %j', (target, reason) => {
    expect(() => assertSafeTarget(target)).toThrow(reason);
  });

  it('refuses a host name ssh-keyscan would read as an option', () => {
    expect(() => assertSafeHost('-f/etc/passwd')).toThrow(/starts with "-"/);
  });
});
