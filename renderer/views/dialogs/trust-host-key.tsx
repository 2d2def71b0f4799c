/** A host whose key is not known yet: show its fingerprints and trust one only when the user says so. */
import { useAppState, useController } from '../../state/hooks.js';
import { FormFooter } from './form-parts.js';
import { HostKeyReview } from './host-key-review.js';
import { Modal } from './modal.js';

export function TrustHostKeyDialog({ hostId, onClose }: { hostId: string; onClose: () => void }) {
  const controller = useController();
  const host = useAppState((state) => state.hosts.get(hostId));

  return (
    <Modal title={`Host key of ${host?.name ?? hostId}`} onClose={onClose}>
      <div className="form">
        {host?.link.status === 'failed' && <p className="hint warning">{host.link.reason}</p>}
        <HostKeyReview
          load={() => controller.desk.hostsHostKeys({ hostId })}
          trust={(fingerprint) => controller.desk.hostsTrustHostKey({ hostId, fingerprint })}
          onTrusted={onClose}
        />
        <FormFooter error={null} onCancel={onClose} />
      </div>
    </Modal>
  );
}
