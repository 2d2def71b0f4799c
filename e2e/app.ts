/**
 * One test's world and the desk running in it: temp folders (Claude config, TMPDIR, a work
 * folder, the desk's data, a home), a scripted model server, optionally the SSH world, and
 * `node dist/app/serve.mjs` with that environment.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { CLAUDE_BIN, claudeTestEnv, type ClaudeTestEnv } from '../daemon/testing/harness.js';
import type { ModelServer } from '../daemon/testing/model-server.js';
import { controlDirFor } from '../electron/desk/desk.js';
import type { DeskMethodName, DeskParams, DeskResult } from '../shared/desk-api.js';
import { REPO_ROOT, startDesk, type DeskProcess } from './desk-process.js';
import { WORLD_MARKER, sweepWorld } from './processes.js';
import { startSshWorld, type SshWorld } from './ssh-world.js';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'e2e', 'screenshots');
/** On SIGTERM the desk closes its links and its daemon, which it SIGKILLs after 8 s. */
const STOP_GRACE_MS = 15_000;

/** Variables of the test runner's own that must not reach the app (a loader in NODE_OPTIONS, say). */
const RUNNER_ENV = /^(NODE_OPTIONS$|PW_|PLAYWRIGHT_|TEST_WORKER_INDEX$|TEST_PARALLEL_INDEX$|SWITCHYARD_)/;

export interface AppOptions {
  ssh: boolean;
}

export class App {
  private desk: DeskProcess | undefined;
  private lastDesk: DeskProcess | undefined;
  /** Logs of desks this test already stopped (restart), for failure reports. */
  private readonly earlierLogs: string[] = [];
  private port: number | undefined;
  private ssh: SshWorld | undefined;
  /** What went wrong outside the spec's own assertions, reported at teardown. */
  private readonly problems: string[] = [];

  private constructor(
    private readonly testInfo: TestInfo,
    private readonly claude: ClaudeTestEnv,
    /** The desk's environment. */
    readonly env: NodeJS.ProcessEnv,
    readonly dataDir: string,
  ) {}

  static async start(options: AppOptions, testInfo: TestInfo): Promise<App> {
    const claude = await claudeTestEnv();
    const dataDir = path.join(claude.root, 'desk-data');
    const home = path.join(claude.root, 'home');
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(claude.env)) if (!RUNNER_ENV.test(key)) env[key] = value;
    Object.assign(env, {
      // Nothing of the user's (~/.ssh/config, ~/.claude.json) may leak into a test.
      HOME: home,
      SWITCHYARD_DATA_DIR: dataDir,
      SWITCHYARD_CLAUDE: CLAUDE_BIN,
      [WORLD_MARKER]: claude.root,
    });
    const app = new App(testInfo, claude, env, dataDir);
    try {
      await Promise.all([dataDir, home].map((dir) => mkdir(dir, { recursive: true })));
      if (options.ssh) {
        // Before the desk: its SSH config must exist when it starts.
        app.ssh = await startSshWorld(claude.root, env, { name: WORLD_MARKER, value: claude.root });
        env.SWITCHYARD_SSH_CONFIG = app.ssh.configFile;
      }
      await app.startDesk();
    } catch (error) {
      const problems = await app.dispose();
      if (problems.length > 0) (error as Error).message += `\n(and while cleaning up: ${problems.join('; ')})`;
      throw error;
    }
    return app;
  }

  /** The URL with the access token; a new one after restart(). */
  get url(): string {
    return this.current().url;
  }

  get deskPid(): number {
    return this.current().pid;
  }

  /** The world's temp folder; everything of this test is under it. */
  get root(): string {
    return this.claude.root;
  }

  /** A project folder for sessions. */
  get workDir(): string {
    return this.claude.workDir;
  }

  get model(): ModelServer {
    return this.claude.model;
  }

  get sshd(): SshWorld {
    if (!this.ssh) throw new Error('app.sshd needs the SSH world: add test.use({ ssh: true }) to the spec or its describe block');
    return this.ssh;
  }

  /** Opens the app in `page`: the token URL, which trades the token for a cookie and lands on `/`. */
  async open(page: Page): Promise<void> {
    const response = await page.goto(this.url);
    if (!response || !response.ok()) {
      const body = response ? (await response.text().catch(() => '')).slice(0, 500) : '';
      throw new Error(`opening the app gave ${response ? `HTTP ${response.status()}` : 'no response'}${body ? `: ${body}` : ''}`);
    }
    const landed = new URL(page.url());
    if (landed.pathname !== '/' || landed.searchParams.has('token')) throw new Error(`opening the app landed on ${landed.pathname}${landed.search}, not on /`);
  }

  /** Saves e2e/screenshots/<name>.png (the viewport) and attaches it to the report. */
  async screenshot(page: Page, name: string): Promise<string> {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`screenshot name "${name}": use letters, digits, ".", "_" and "-" only`);
    const file = path.join(SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path: file });
    await this.testInfo.attach(name, { path: file, contentType: 'image/png' });
    return file;
  }

  /** Calls a desk method from the test (with the token as a bearer, no page involved). */
  async call<M extends DeskMethodName>(method: M, params: DeskParams<M>): Promise<DeskResult<M>> {
    const desk = this.current();
    const response = await fetch(`http://127.0.0.1:${desk.port}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${desk.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    const body = (await response.json().catch(() => ({}))) as { result?: DeskResult<M>; error?: { message: string } };
    if (!response.ok || !('result' in body)) throw new Error(`${method} failed (HTTP ${response.status}): ${body.error?.message ?? 'no result'}`);
    return body.result as DeskResult<M>;
  }

  /** The desk's stderr, of every desk process this test started. */
  deskLog(): string {
    return [...this.earlierLogs, this.desk?.log() ?? ''].filter(Boolean).join('\n--- restart ---\n');
  }

  /**
   * Stops the desk gracefully (SIGTERM, bounded) and anything it left behind. A desk that had
   * died, or did not exit in time, fails the test at teardown; the spec goes on meanwhile.
   */
  async stop(): Promise<void> {
    const desk = this.desk;
    if (!desk) return;
    this.desk = undefined;
    const crashed = !desk.running;
    const { graceful } = await desk.stop(STOP_GRACE_MS);
    this.earlierLogs.push(desk.log());
    if (crashed) this.problems.push(`the desk (pid ${desk.pid}) had exited on its own before it was stopped; its log:\n${tailOf(desk.log())}`);
    else if (!graceful) this.problems.push(`the desk (pid ${desk.pid}) did not exit within ${STOP_GRACE_MS / 1000} s of SIGTERM and was killed; its log:\n${tailOf(desk.log())}`);
  }

  /** A new desk process on the same data folder, environment and port (so the same origin); `url` changes. */
  async restart(): Promise<void> {
    await this.stop();
    await this.startDesk();
  }

  /**
   * Ends everything: the desk, the SSH world, every process carrying the world's marker, the
   * model server, the temp folders. Returns what went wrong, for the fixture to report.
   */
  async dispose(): Promise<string[]> {
    const problems: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        problems.push(`${what}: ${(error as Error).message}`);
      }
    };
    await attempt('stopping the desk', () => this.stop());
    await attempt('stopping the SSH world', async () => this.ssh?.cleanup());
    await attempt('ending the world\'s processes', async () => {
      const survivors = await sweepWorld(this.root);
      if (survivors.length > 0) throw new Error(`still running after SIGKILL:\n${survivors.join('\n')}`);
    });
    await attempt('removing the temp folders', async () => {
      await rm(controlDirFor(this.dataDir), { recursive: true, force: true });
      await this.claude.cleanup();
    });
    return [...this.problems.splice(0), ...problems];
  }

  /** Logs for a failure report: the desk's, and sshd's in the SSH world. */
  async attachLogs(): Promise<void> {
    const testInfo = this.testInfo;
    await testInfo.attach('desk-log', { body: this.deskLog() || '(empty)', contentType: 'text/plain' });
    if (this.ssh) await testInfo.attach('sshd-log', { body: this.ssh.log() || '(empty)', contentType: 'text/plain' });
  }

  private current(): DeskProcess {
    const desk = this.desk ?? this.lastDesk;
    if (!desk) throw new Error('the desk has not started');
    return desk;
  }

  private async startDesk(): Promise<void> {
    const desk = await startDesk({ env: this.env, ...(this.port !== undefined ? { port: this.port } : {}) });
    this.desk = desk;
    this.lastDesk = desk;
    this.port = desk.port;
  }
}

const tailOf = (text: string, lines = 30) => text.trimEnd().split('\n').slice(-lines).join('\n') || '(empty)';
