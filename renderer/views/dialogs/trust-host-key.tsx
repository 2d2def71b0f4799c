/** A host whose key is not known yet: show its fingerprints and trust one only when the user says so. */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.js';
import { useAppState, useController } from '../../state/hooks.js';
import { FormFooter } from './form-parts.js';
import { Modal } from './modal.js';

export function TrustHostKeyDialog({ hostId, onClose }: { hostId: string; onClose: () => void }) {
  const controller = useController();
  const host = useAppState((state) => state.hosts.get(hostId));
  const [keys, setKeys] = useState<{ type: string; fingerprint: string }[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    controller.desk
      .hostsHostKeys({ hostId })
      .then(({ keys: found }) => setKeys(found))
      .catch((failure: unknown) => setError(`Could not read the host's keys: ${errorMessage(failure)}`));
  }, [controller, hostId]);

  const trust = async (fingerprint: string) => {
    try {
      await controller.desk.hostsTrustHostKey({ hostId, fingerprint });
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };

  return (
    <Modal title={`Host key of ${host?.name ?? hostId}`} onClose={onClose}>
      <div className="form">
        <p>Compare these fingerprints with the ones the host's administrator gave you (on the host: <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>). Trust one only if it matches.</p>
        {host?.link.status === 'failed' && <p className="hint warning">{host.link.reason}</p>}
        {keys === null && !error && <p>Reading the host's keys…</p>}
        {keys?.map((key) => (
          <div key={key.fingerprint} className="fingerprint">
            <code>
              {key.type} {key.fingerprint}
            </code>
            <button type="button" className="button small" onClick={() => void trust(key.fingerprint)}>
              Trust this key
            </button>
          </div>
        ))}
        <FormFooter error={error} onCancel={onClose} />
      </div>
    </Modal>
  );
}
