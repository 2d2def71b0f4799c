import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_SSH } from './ssh-command.js';
import { listHostAliases, resolveHost } from './ssh-config.js';
import { startSshFixture, type SshFixture } from './testing/sshd.js';

let ssh: SshFixture;

beforeAll(async () => {
  ssh = await startSshFixture();
});
afterAll(async () => {
  await ssh?.cleanup();
});

describe('SSH config aliases', () => {
  it('lists concrete aliases, following Include and skipping patterns and names ssh would read as options', async () => {
    const dir = path.join(ssh.root, 'dot-ssh');
    await mkdir(path.join(dir, 'config.d'), { recursive: true });
    await writeFile(path.join(dir, 'config'), 'Host *\n  ServerAliveInterval 30\nInclude config.d/*.conf\nHost devbox gpu-?? !bad -oProxyCommand=id\n  HostName 10.0.0.5\n');
    await writeFile(path.join(dir, 'config.d', 'work.conf'), 'Host build-1 build-2\n  User ci\n');
    await writeFile(path.join(dir, 'config.d', 'ignored.txt'), 'Host not-included\n');
    expect(await listHostAliases(path.join(dir, 'config'))).toEqual(['build-1', 'build-2', 'devbox']);
    expect(await listHostAliases(ssh.configFile)).toEqual(['sy-test', 'sy-wrongkey', 'sy-unknown', 'sy-changed', 'sy-jumphost', 'sy-via-jump']);
  });

  it('resolves an alias with ssh -G, one behind a ProxyJump included', async () => {
    const resolved = await resolveHost(SYSTEM_SSH, { host: ssh.aliases.viaJump, configFile: ssh.configFile });
    expect(resolved).toEqual({ hostname: '127.0.0.1', user: expect.any(String), port: ssh.main.port, knownHostsFiles: [ssh.knownHostsFile] });
  });

  it('says which target ssh -G could not resolve', async () => {
    await expect(resolveHost(SYSTEM_SSH, { host: 'sy-test', configFile: path.join(ssh.root, 'no-such-config') })).rejects.toThrow(/ssh -G sy-test failed: .*no-such-config/);
  });
});
