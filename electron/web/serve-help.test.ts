import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('./main.ts', import.meta.url));
const serve = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', entry, ...args], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, HOME: '/nonexistent' } });

describe('npm run serve -- --help', () => {
  it('lists every option and setting, and exits without starting anything', () => {
    const run = serve('--help');
    expect(run.status).toBe(0);
    for (const option of ['--port <n>', '--help, -h', 'SWITCHYARD_DATA_DIR', 'SWITCHYARD_CLAUDE', 'SWITCHYARD_SSH_CONFIG', 'SWITCHYARD_BROWSER', 'ANTHROPIC_API_KEY', 'npx claude']) expect(run.stdout).toContain(option);
    expect(run.stdout).not.toContain('SWITCHYARD_URL=http');
  });

  it('an unknown option says so and points to --help', () => {
    const run = serve('--prot', '8080');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Unknown option '--prot'/);
    expect(run.stderr).toContain('Run with --help to see every option.');
  });
});
