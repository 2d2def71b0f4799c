/** Add host: an SSH config alias (listed from ~/.ssh/config) or user@host:port. */
import { useEffect, useState } from 'react';
import { useController } from '../../state/hooks.js';
import { DialogForm, FormFooter, useFormAction } from './form-parts.js';
import { Modal } from './modal.js';

export function AddHostDialog({ onClose }: { onClose: () => void }) {
  const controller = useController();
  const [target, setTarget] = useState('');
  const [name, setName] = useState('');
  const [aliases, setAliases] = useState<string[]>([]);
  const { error, working, run } = useFormAction();

  useEffect(() => {
    controller.desk
      .hostsSshAliases({})
      .then(({ aliases: found }) => setAliases(found))
      .catch(() => setAliases([]));
  }, [controller]);

  const add = () =>
    run(async () => {
      await controller.desk.hostsAdd({ target, ...(name.trim() ? { name } : {}) });
      onClose();
    }, `Could not add ${target}`);

  return (
    <Modal title="Add host" onClose={onClose}>
      <DialogForm onSubmit={() => void add()}>
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
        <FormFooter error={error} onCancel={onClose}>
          <button type="submit" className="button primary" disabled={!target.trim() || working}>
            {working ? 'Adding…' : 'Add'}
          </button>
        </FormFooter>
      </DialogForm>
    </Modal>
  );
}
