// @vitest-environment happy-dom
/** Slash command suggestions in the composer: filtering as you type, the keyboard, ARIA, and what a pick puts in the box. */
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HostView } from '../../shared/desk-api.js';
import type { SlashCommand } from '../../shared/protocol.js';
import { sessionView } from '../state/testing/session-view.js';
import { Composer } from './composer.js';
import { awaitingArguments, matchingCommands, MAX_SUGGESTIONS, slashQuery } from './composer-commands.js';
import { click, mount, type Mounted } from './transcript/test-dom.js';
import { fakeWorld, localHost, type FakeWorld } from './transcript/test-controller.js';

const COMMANDS: SlashCommand[] = [
  { name: 'compact', description: 'Free up context by summarizing the conversation so far', argumentHint: '<optional custom summarization instructions>' },
  { name: 'context', description: 'Show current context usage' },
  { name: 'init', description: 'Initialize a new CLAUDE.md file\nwith codebase documentation' },
  { name: 'code-review', description: 'Review the current diff', argumentHint: '[low|medium|high]' },
  { name: 'security-review', description: 'Complete a security review' },
];
const loggedIn = { command: 'claude', found: true, loggedIn: true, runningAsRoot: false };

let mounted: Mounted | null = null;
let world: FakeWorld;
beforeEach(() => localStorage.clear());
afterEach(() => {
  mounted?.unmount();
  mounted = null;
});

function show(commands: SlashCommand[] = COMMANDS): HTMLElement {
  const host: HostView = localHost(loggedIn, { commands });
  world = fakeWorld([host], [sessionView('a')]);
  mounted = mount(world.wrap(<Composer session={sessionView('a')} host={host} hostName={host.name} />));
  return mounted.container;
}

const box = (container: HTMLElement) => container.querySelector('textarea')!;
function type(container: HTMLElement, text: string): void {
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(box(container), text);
    box(container).dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const press = (container: HTMLElement, key: string, init: KeyboardEventInit = {}) =>
  act(() => void box(container).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init })));
const listbox = (container: HTMLElement) => container.querySelector<HTMLElement>('[role="listbox"]');
const optionNames = (container: HTMLElement) => [...container.querySelectorAll('[role="option"] .slash-name')].map((option) => option.textContent);
const activeName = (container: HTMLElement) => {
  const id = box(container).getAttribute('aria-activedescendant');
  return id ? document.getElementById(id)?.querySelector('.slash-name')?.textContent : undefined;
};

describe('which commands a text asks for', () => {
  it('only a command name being typed at the very start', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/com')).toBe('com');
    expect(slashQuery('/compact ')).toBeNull();
    expect(slashQuery(' /compact')).toBeNull();
    expect(slashQuery('/usr/bin')).toBeNull();
    expect(slashQuery('see /compact')).toBeNull();
    expect(slashQuery('/compact\nmore')).toBeNull();
  });

  it('names starting with the query first, then names containing it, each in the CLI order, any case, bounded', () => {
    expect(matchingCommands(COMMANDS, 'co').map((command) => command.name)).toEqual(['compact', 'context', 'code-review']);
    expect(matchingCommands(COMMANDS, 'REVIEW').map((command) => command.name)).toEqual(['code-review', 'security-review']);
    expect(matchingCommands(COMMANDS, 'nothing')).toEqual([]);
    const many = Array.from({ length: 150 }, (_, i) => ({ name: `c${i}` }));
    expect(matchingCommands(many, '')).toHaveLength(MAX_SUGGESTIONS);
  });

  it('the argument hint of a picked command, until something is typed after it', () => {
    expect(awaitingArguments('/compact ', COMMANDS)?.argumentHint).toBe('<optional custom summarization instructions>');
    expect(awaitingArguments('/compact now', COMMANDS)).toBeNull();
    expect(awaitingArguments('/context ', COMMANDS)).toBeNull();
  });
});

describe('the suggestion list', () => {
  it('opens on `/` with every command, as a listbox the box controls, and narrows as you type', () => {
    const container = show();
    const field = container.querySelector('[role="combobox"]')!;
    expect(field.getAttribute('aria-expanded')).toBe('false');
    expect(listbox(container)).toBeNull();
    type(container, '/');
    expect(field.getAttribute('aria-expanded')).toBe('true');
    expect(field.getAttribute('aria-controls')).toBe(listbox(container)!.id);
    expect(box(container).getAttribute('aria-controls')).toBe(listbox(container)!.id);
    expect(box(container).getAttribute('aria-autocomplete')).toBe('list');
    expect(optionNames(container)).toEqual(['/compact', '/context', '/init', '/code-review', '/security-review']);
    expect(activeName(container)).toBe('/compact');
    expect(container.querySelector('[role="option"][aria-selected="true"] .slash-name')?.textContent).toBe('/compact');
    // One line of a description; the hint beside the name.
    expect(container.querySelectorAll('[role="option"]')[2]!.textContent).toBe('/initInitialize a new CLAUDE.md file');
    type(container, '/rev');
    expect(optionNames(container)).toEqual(['/code-review', '/security-review']);
    type(container, '/revx');
    expect(listbox(container)).toBeNull();
    expect(box(container).hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('arrow keys move the active option (wrapping), Enter picks it: the box holds `/name ` and nothing is sent', async () => {
    const container = show();
    type(container, '/co');
    press(container, 'ArrowDown');
    expect(activeName(container)).toBe('/context');
    press(container, 'ArrowDown');
    press(container, 'ArrowDown');
    expect(activeName(container)).toBe('/compact');
    press(container, 'ArrowUp');
    expect(activeName(container)).toBe('/code-review');
    press(container, 'Enter');
    expect(box(container).value).toBe('/code-review ');
    expect(listbox(container)).toBeNull();
    expect(world.calls).toEqual([]);
    // The hint says what it takes, and the box is described by it.
    const hint = container.querySelector('.composer-arg-hint')!;
    expect(hint.textContent).toBe('/code-review takes [low|medium|high]');
    expect(box(container).getAttribute('aria-describedby')).toContain(hint.id);
    // With the list closed, Enter sends again.
    type(container, '/code-review high');
    press(container, 'Enter');
    await act(async () => undefined);
    expect(world.calls.map((call) => call.method)).toEqual(['sessionsSend']);
  });

  it('Tab picks too; typing more after a move starts again at the first match', () => {
    const container = show();
    type(container, '/c');
    press(container, 'ArrowDown');
    type(container, '/co');
    expect(activeName(container)).toBe('/compact');
    press(container, 'Tab');
    expect(box(container).value).toBe('/compact ');
  });

  it('Esc closes the list without stopping Claude, and it stays closed until the text changes', () => {
    const host = localHost(loggedIn, { commands: COMMANDS });
    world = fakeWorld([host], [sessionView('a', { status: 'busy' })]);
    mounted = mount(world.wrap(<Composer session={sessionView('a', { status: 'busy' })} host={host} hostName={host.name} />));
    const container = mounted.container;
    type(container, '/in');
    expect(optionNames(container)).toEqual(['/init']);
    press(container, 'Escape');
    expect(listbox(container)).toBeNull();
    expect(world.calls).toEqual([]);
    type(container, '/ini');
    expect(optionNames(container)).toEqual(['/init']);
  });

  it('a click picks an option', () => {
    const container = show();
    type(container, '/');
    click(container.querySelectorAll('[role="option"]')[1]);
    expect(box(container).value).toBe('/context ');
  });

  it('shows names and texts as text, with invisible characters made visible', () => {
    const container = show([{ name: 'x\u202Ey', description: '<img src=x onerror=alert(1)>' }]);
    type(container, '/');
    const option = container.querySelector('[role="option"]')!;
    expect(option.querySelector('img')).toBeNull();
    expect(option.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(option.querySelector('.invisible-mark')).not.toBeNull();
  });

  it('a host whose commands are not known yet suggests nothing', () => {
    const container = show([]);
    type(container, '/');
    expect(listbox(container)).toBeNull();
    expect(box(container).hasAttribute('aria-autocomplete')).toBe(false);
  });
});
