import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../shared/testing/fake-clock.js';
import { runCommand, sshArgs } from './ssh-command.js';

describe('sshArgs', () => {
  it('ends the options with "--" before the destination, so neither it nor the command can be an option', () => {
    const args = sshArgs({ host: 'devbox', user: 'ada', port: 2222, configFile: '/cfg' }, ['-G'], '-oProxyCommand=id', 5);
    expect(args.slice(-3)).toEqual(['--', 'devbox', '-oProxyCommand=id']);
    expect(args.filter((arg) => arg === '--')).toHaveLength(1);
    expect(args).toEqual(expect.arrayContaining(['-F', '/cfg', '-p', '2222', '-l', 'ada', 'ConnectTimeout=5', 'BatchMode=yes', 'StrictHostKeyChecking=yes']));
    expect(args.indexOf('-G')).toBeLessThan(args.indexOf('--'));
  });

  it('refuses a target that starts with "-" instead of building arguments for it', () => {
    expect(() => sshArgs({ host: '-oProxyCommand=id' }, [])).toThrow(/starts with "-"/);
  });
});

describe('runCommand', () => {
  it('stops a program that outlives its time limit, on the injected clock', async () => {
    const clock = new FakeClock();
    const pending = runCommand('sleep', ['1000'], { timeoutMs: 5_000, clock });
    await expect.poll(() => clock.pendingTimers).toBe(1);
    clock.advance(4_999);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(1);
    const result = await pending;
    expect(result.code).toBeNull();
    expect(result.stderr).toContain('sleep did not finish within 5000 ms and was stopped');
    expect(clock.pendingTimers).toBe(0);
  });

  it('clears its limit when the program ends first', async () => {
    const clock = new FakeClock();
    expect(await runCommand('sh', ['-c', 'read line; echo "got $line"'], { input: 'hello\n', timeoutMs: 5_000, clock })).toEqual({ code: 0, stdout: 'got hello\n', stderr: '' });
    expect(clock.pendingTimers).toBe(0);
  });
});
