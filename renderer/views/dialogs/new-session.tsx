/**
 * New session: which host (with what stops Claude there, if anything), which folder on it
 * (recent ones offered; a missing one created when the user says so), which mode (the one last
 * used on that host first).
 */
import { useEffect, useRef, useState } from 'react';
import type { Mode } from '../../../shared/protocol.js';
import { DeskCallFailed } from '../../api.js';
import { useAppState, useController } from '../../state/hooks.js';
import { navigate } from '../../state/route.js';
import { ClaudeBanner } from '../claude-banner.js';
import { hasApprovals, MODE_LABEL, MODES, modeExplanation } from '../modes.js';
import { ModelPicker } from '../model-picker.js';
import { DialogForm, FormFooter, useFormAction } from './form-parts.js';
import { Modal } from './modal.js';

export function NewSessionDialog({ initialHostId, onClose }: { initialHostId?: string | undefined; onClose: () => void }) {
  const controller = useController();
  const hosts = useAppState((state) => state.hosts);
  const hostList = [...hosts.values()];
  const firstConnected = hostList.find((host) => host.link.status === 'connected')?.id ?? hostList[0]?.id ?? '';
  const [hostId, setHostId] = useState(initialHostId && hosts.has(initialHostId) ? initialHostId : firstConnected);
  const [path, setPath] = useState('');
  /** The user typed or picked a path: switching hosts must not replace it. */
  const pathChosen = useRef(false);
  const [mode, setMode] = useState<Mode>(hosts.get(hostId)?.lastMode ?? 'auto');
  /** The user picked a mode: switching hosts must not replace it. */
  const modeChosen = useRef(false);
  /** The folder the daemon said does not exist, while the dialog asks whether to create it. */
  const [missing, setMissing] = useState<string | null>(null);
  const [model, setModel] = useState<string | null>(null);
  const [recent, setRecent] = useState<string[]>([]);
  const { error, working, run } = useFormAction();
  const host = hosts.get(hostId);

  useEffect(() => {
    if (!modeChosen.current) setMode(hosts.get(hostId)?.lastMode ?? 'auto');
    // Only a change of host offers its mode; the host's later updates leave the choice alone.
  }, [hostId]);

  useEffect(() => {
    if (!hostId) return;
    let current = true;
    controller.desk
      .sessionsRecentPaths({ hostId })
      .then(({ paths }) => {
        if (!current) return;
        setRecent(paths);
        // Another host's folder means nothing here: offer this host's latest instead.
        if (!pathChosen.current) setPath(paths[0] ?? '');
      })
      .catch(() => current && setRecent([]));
    return () => {
      current = false;
    };
  }, [controller, hostId]);

  const create = (createFolder = false) =>
    run(async () => {
      setMissing(null);
      try {
        const session = await controller.desk.sessionsCreate({ hostId, path, mode, ...(model ? { model } : {}), ...(createFolder ? { createFolder } : {}) });
        onClose();
        navigate({ view: 'session', key: session.key });
      } catch (failure) {
        // Asked in place, not an error: the user may well mean a new folder.
        if (failure instanceof DeskCallFailed && failure.code === 'folder_missing') return setMissing(path.trim());
        throw failure;
      }
    }, `Could not start a session on ${host?.name ?? hostId}`);
  const asking = missing !== null && missing === path.trim();

  return (
    <Modal title="New session" onClose={onClose}>
      <DialogForm onSubmit={() => void create()}>
        <label>
          Host
          <select value={hostId} onChange={(event) => setHostId(event.target.value)} aria-label="Host">
            {hostList.map((option) => (
              <option key={option.id} value={option.id}>
                {option.link.status === 'connected' ? option.name : `${option.name} (${option.link.status})`}
              </option>
            ))}
          </select>
        </label>
        {host && host.link.status !== 'connected' && <p className="hint warning">{host.name} is {host.link.status}; the session starts once it is connected.</p>}
        <ClaudeBanner host={host} onCheckAgain={(id) => controller.desk.hostsCheckClaude({ hostId: id })} />
        <label>
          Path
          <input aria-label="Path" value={path} onChange={(event) => {
              setPath(event.target.value);
              pathChosen.current = true;
            }} placeholder="/home/you/project or ~/project" data-autofocus required spellCheck={false} />
        </label>
        {recent.length > 0 && (
          <div className="alias-chips" role="group" aria-label="Recent folders">
            {recent.map((option) => (
              <button key={option} type="button" className="chip" onClick={() => {
                  setPath(option);
                  pathChosen.current = true;
                }} title={`Use ${option}`}>
                {option}
              </button>
            ))}
          </div>
        )}
        <p className="hint">A folder on {host?.name ?? 'the host'}; Claude works there, and the session is named after it.</p>
        {asking && (
          <div className="folder-missing" role="group" aria-label="Folder does not exist">
            <p>
              <strong>{missing}</strong> does not exist on {host?.name ?? hostId}. Create it?
            </p>
            <button type="button" className="button primary" onClick={() => void create(true)} disabled={working}>
              Create it
            </button>
            <button type="button" className="button" onClick={() => setMissing(null)}>
              No
            </button>
          </div>
        )}
        <fieldset className="mode-choice">
          <legend>Mode</legend>
          {MODES.map((option) => (
            <label key={option} className="radio">
              <input type="radio" name="mode" value={option} checked={mode === option} onChange={() => {
                  setMode(option);
                  modeChosen.current = true;
                }} />
              <span>
                <strong>{MODE_LABEL[option]}</strong> {modeExplanation(option, hasApprovals(host))}
              </span>
            </label>
          ))}
        </fieldset>
        <label>
          Model
          <ModelPicker value={model} options={host?.models ?? []} onChange={setModel} />
        </label>
        {host && host.models.length === 0 && <p className="hint">{host.name} has not listed its models yet (it does once Claude has started there); Default is the CLI's own choice, and the model can be changed in the session.</p>}
        <FormFooter error={error} onCancel={onClose}>
          <button type="submit" className="button primary" disabled={!hostId || !path.trim() || working}>
            {working ? 'Starting…' : 'Start session'}
          </button>
        </FormFooter>
      </DialogForm>
    </Modal>
  );
}
