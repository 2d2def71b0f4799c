import { useState, type ReactNode } from 'react';
import { errorMessage } from '../../api.js';
import { Modal } from './modal.js';

/** Asks before something that cannot be undone; the action's error stays in the dialog. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose }: { title: string; children: ReactNode; confirmLabel: string; onConfirm: () => Promise<void>; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  const confirm = async () => {
    setWorking(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
      setWorking(false);
    }
  };
  return (
    <Modal title={title} onClose={onClose}>
      <div className="form">
        {children}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose} autoFocus>
            Cancel
          </button>
          <button type="button" className="button danger" onClick={() => void confirm()} disabled={working}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </Modal>
  );
}
