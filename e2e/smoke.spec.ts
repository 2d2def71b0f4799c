import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { HostLinkView } from '../shared/desk-api.js';
import { callInPage, expect, test, type App } from './harness.js';

test('the app opens, and the page calls the desk with its cookie', async ({ app, page }) => {
  await app.open(page);
  await expect(page.locator('body')).toContainText('Switchyard');

  const response = await page.evaluate(() =>
    fetch('/api/hosts.list', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }).then((r) => r.json()),
  );
  expect(response).toEqual({ result: expect.arrayContaining([expect.objectContaining({ id: 'local', kind: 'local' })]) });

  await app.screenshot(page, 'smoke');
});

/** Every link status the desk pushes for `hostId`, as the page's own event stream sees them. */
async function recordLinkStatuses(page: Page): Promise<(hostId: string) => Promise<HostLinkView['status'][]>> {
  await page.evaluate(() => {
    const seen: Record<string, string[]> = {};
    (window as unknown as { linkStatuses: typeof seen }).linkStatuses = seen;
    new EventSource('/api/events').onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as { type: string; host?: { id: string; link: { status: string } } };
      if (event.type === 'host.changed' && event.host) (seen[event.host.id] ??= []).push(event.host.link.status);
    };
  });
  return (hostId) =>
    page.evaluate((id) => (window as unknown as { linkStatuses: Record<string, HostLinkView['status'][]> }).linkStatuses[id] ?? [], hostId);
}

async function linkOf(app: App, hostId: string): Promise<HostLinkView | undefined> {
  return (await app.call('hosts.list', {})).find((host) => host.id === hostId)?.link;
}

test.describe('over SSH', () => {
  test.use({ ssh: true });

  test('a host added by alias gets its daemon installed, connects, and survives a dropped tunnel', async ({ app, page }) => {
    await app.open(page);
    await expect(page.locator('body')).toContainText('Switchyard');
    const statuses = await recordLinkStatuses(page);

    const host = await callInPage(page, 'hosts.add', { target: app.sshd.alias });
    expect(host).toMatchObject({ kind: 'ssh', ssh: { host: 'sy-test' } });

    await expect
      .poll(async () => {
        const link = await linkOf(app, host.id);
        return link?.status === 'failed' ? `failed:${link.action}` : link?.status;
      }, { message: 'the new host should connect, or ask for the daemon to be installed', timeout: 30_000 })
      .toMatch(/^(connected|failed:install-daemon)$/);
    if ((await linkOf(app, host.id))?.status === 'failed') {
      const { daemonPort } = await callInPage(page, 'hosts.installDaemon', { hostId: host.id });
      expect(daemonPort).toBeGreaterThan(0);
    }
    await expect.poll(async () => (await linkOf(app, host.id))?.status, { message: 'the host should connect', timeout: 30_000 }).toBe('connected');

    // The daemon the app installed lives in the world's remote home and runs the CLI against the world's model server.
    expect(existsSync(path.join(app.sshd.remoteHome, '.switchyard', 'daemon', 'daemon.mjs'))).toBe(true);
    const session = await app.call('sessions.create', { hostId: host.id, path: app.workDir, mode: 'auto' });
    await app.call('sessions.send', { key: session.key, message: 'say: hello over SSH' });
    await expect
      .poll(async () => {
        const { items } = await app.call('sessions.transcript', { key: session.key });
        return items.some((item) => item.kind === 'event' && item.event.type === 'text' && item.event.content === 'hello over SSH');
      }, { message: 'the remote CLI should answer from the scripted model', timeout: 30_000 })
      .toBe(true);
    expect(app.model.requests.length).toBeGreaterThan(0);

    const killed = app.sshd.killTunnels();
    expect(killed.length).toBeGreaterThan(0);
    await expect
      .poll(() => statuses(host.id), { message: 'the link should go reconnecting, then come back', timeout: 30_000 })
      .toEqual(expect.arrayContaining(['reconnecting']));
    await expect.poll(async () => (await linkOf(app, host.id))?.status, { timeout: 30_000 }).toBe('connected');
    const after = await statuses(host.id);
    expect(after.slice(after.lastIndexOf('reconnecting'))).toContain('connected');
    expect(app.sshd.tunnelPids().some((pid) => !killed.includes(pid))).toBe(true);

    await app.screenshot(page, 'smoke-ssh');
  });
});
