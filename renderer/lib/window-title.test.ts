import { describe, expect, it } from 'vitest';
import type { HostView } from '../../shared/desk-api.js';
import { sessionView } from '../state/testing/session-view.js';
import { placeOf, windowTitle } from './window-title.js';

describe('the window title', () => {
  it('names the session on screen and counts the requests waiting', () => {
    expect(windowTitle(2, 'work')).toBe('(2 waiting) work — Switchyard');
    expect(windowTitle(0, 'work')).toBe('work — Switchyard');
  });

  it('is the app alone on the board with nothing waiting', () => {
    expect(windowTitle(0, null)).toBe('Switchyard');
    expect(windowTitle(1, null)).toBe('(1 waiting) Switchyard');
  });

  it('takes the place from the route: a session by its name, a host’s health, nothing for the board', () => {
    const sessions = new Map([['local/a', sessionView('a', { name: 'api client' })]]);
    const hosts = new Map([['box', { id: 'box', name: 'gpu box' } as HostView]]);
    expect(placeOf({ view: 'session', key: 'local/a' }, sessions, hosts)).toBe('api client');
    expect(placeOf({ view: 'session', key: 'local/gone' }, sessions, hosts)).toBeNull();
    expect(placeOf({ view: 'health', hostId: 'box' }, sessions, hosts)).toBe('Health of gpu box');
    expect(placeOf({ view: 'board' }, sessions, hosts)).toBeNull();
  });
});
