/** The palette's commands for the session on screen: rename it, change its mode or model, copy its folder's path. */
import { Command } from 'cmdk';
import type { Mode } from '../../shared/protocol.js';
import { useAppState, useController } from '../state/hooks.js';
import { requestRename } from '../state/rename-request.js';
import { hasApprovals, MODE_LABEL, MODES, modeExplanation } from './modes.js';
import { matchModel } from './model-picker.js';

/** The model list's entry for "whatever the CLI picks", which a session stores as no model at all. */
const CLI_DEFAULT = 'default';

export function CurrentSessionCommands({ sessionKey, run }: { sessionKey: string; run: (action: () => void) => void }) {
  const controller = useController();
  const session = useAppState((state) => state.sessions.get(sessionKey));
  const host = useAppState((state) => (session ? state.hosts.get(session.hostId) : undefined));
  if (!session) return null;
  const context = `${host?.name ?? session.hostId} · ${session.name}`;
  const approvals = hasApprovals(host);
  const currentModel = matchModel(session.model, host?.models ?? [])?.value;

  const setMode = (mode: Mode) =>
    run(() => {
      void controller.run('Change mode', () => controller.desk.sessionsSetMode({ key: sessionKey, mode }), context).then((done) => {
        if (done) controller.store.toast('info', `${MODE_LABEL[mode]} mode: ${modeExplanation(mode, approvals)}`, context);
      });
    });
  const setModel = (value: string, name: string) =>
    run(() => {
      void controller.run('Change model', () => controller.desk.sessionsSetModel({ key: sessionKey, model: value === CLI_DEFAULT ? null : value }), context).then((done) => {
        if (done) controller.store.toast('info', `Model: ${name}`, context);
      });
    });
  const copyPath = () =>
    run(() => {
      navigator.clipboard.writeText(session.path).then(
        () => controller.store.toast('info', `Copied ${session.path}`, context),
        () => controller.store.toast('error', `Could not copy the path: the clipboard refused. It is ${session.path}`, context),
      );
    });

  return (
    <>
      <Command.Item value="Rename this session" keywords={['name', 'title']} onSelect={() => run(() => requestRename(sessionKey))}>
        Rename this session…
      </Command.Item>
      {MODES.map((mode) => (
        <Command.Item key={mode} value={`Change mode to ${MODE_LABEL[mode]}`} keywords={['mode', 'permission']} onSelect={() => setMode(mode)}>
          Change mode to {MODE_LABEL[mode]}
          {session.mode === mode && <span className="muted"> (now)</span>}
        </Command.Item>
      ))}
      {(host?.models ?? []).map((model) => {
        const name = model.displayName ?? model.value;
        return (
          <Command.Item key={model.value} value={`Change model to ${model.value}`} keywords={['model', name]} onSelect={() => setModel(model.value, name)}>
            Change model to {name}
            {currentModel === model.value && <span className="muted"> (now)</span>}
          </Command.Item>
        );
      })}
      <Command.Item value="Copy path" keywords={['folder', 'directory', 'clipboard', session.path]} onSelect={copyPath}>
        Copy the folder’s path <span className="palette-aside">{session.path}</span>
      </Command.Item>
    </>
  );
}
