/** Add host: an SSH config alias (listed from ~/.ssh/config) or user@host:port. */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.js';
import { useController } from '../../state/hooks.js';
import { Modal } from './modal.js';

export function AddHostDialog({ onClose }: { onClose: () => void }) {
  const controller = useController();
  const [target, setTarget] = useState('');
  const [name, setName] = useState('');
  const [aliases, setAliases] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    controller.desk
      .hostsSshAliases({})
      .then(({ aliases: found }) => setAliases(found))
      .catch(() => setAliases([]));
  }, [controller]);

  const add = async () => {
    setAdding(true);
    setError(null);
    try {
      await controller.desk.hostsAdd({ target, ...(name.trim() ? { name } : {}) });
      onClose();
    } catch (failure) {
      setError(`Could not add ${target}: ${errorMessage(failure)}`);
    } finally {
      setAdding(false);
    }
  };

  return (
    <Modal title="Add host" onClose={onClose}>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <label>
          SSH host
          <input aria-label="SSH host" value={target} onChange={(event) => setTarget(event.target.value)} placeholder="an alias from ~/.ssh/config, or user@host:22" data-autofocus required spellCheck={false} />
        </label>
        {aliases.length > 0 && (
          <div className="alias-chips" role="group" aria-label="Aliases from your SSH config">
            {aliases.slice(0, 24).map((alias) => (
              <button key={alias} type="button" className="chip" onClick={() => setTarget(alias)}>
                {alias}
              </button>
            ))}
          </div>
        )}
        <label>
          Name (optional)
          <input aria-label="Name" value={name} onChange={(event) => setName(event.target.value)} placeholder="shown in the sidebar" />
        </label>
        <p className="hint">Switchyard uses your own OpenSSH setup: keys, agent, ProxyJump and known_hosts. Host keys are always verified.</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={!target.trim() || adding}>
            {adding ? 'Adding…' : 'Add'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
