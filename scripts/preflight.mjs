#!/usr/bin/env node
// Finds the system programs the tests drive for real (Chromium, OpenSSH client and server).
// Where one is missing it installs it with apt-get when it can (root on Debian/Ubuntu);
// otherwise it stops with one message naming what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const REQUIRED = [
  { what: 'Chromium', paths: ['/usr/bin/chromium', '/usr/bin/chromium-browser'], apt: 'chromium' },
  { what: 'OpenSSH server', paths: ['/usr/sbin/sshd'], apt: 'openssh-server' },
  { what: 'OpenSSH client', paths: ['/usr/bin/ssh'], apt: 'openssh-client' },
  { what: 'ssh-keygen', paths: ['/usr/bin/ssh-keygen'], apt: 'openssh-client' },
];

const executable = (path) => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};
const missing = () => REQUIRED.filter((item) => !item.paths.some(executable));

let absent = missing();
if (absent.length > 0) {
  const packages = [...new Set(absent.map((item) => item.apt))];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    console.log(`preflight: installing ${packages.join(', ')} with apt-get (needed by the end-to-end and SSH tests)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
    } catch {
      // Reported below with the list of what is still missing.
    }
    absent = missing();
  }
  if (absent.length > 0) {
    const names = [...new Set(absent.map((item) => item.apt))].join(' ');
    console.error(
      `preflight: the tests need ${absent.map((item) => item.what).join(', ')}, which ${absent.length > 1 ? 'are' : 'is'} not installed. ` +
        `Install with: sudo apt-get install ${names}   (other systems: install Chromium and OpenSSH and put them at ${absent.map((item) => item.paths[0]).join(', ')})`,
    );
    process.exit(1);
  }
}
console.log('preflight: Chromium and OpenSSH found');
