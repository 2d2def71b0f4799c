import type { ReactNode } from 'react';
import { FormFooter, useFormAction } from './form-parts.js';
import { Modal } from './modal.js';

/** Asks before something that cannot be undone; the action's error stays in the dialog. */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onClose }: { title: string; children: ReactNode; confirmLabel: string; onConfirm: () => Promise<void>; onClose: () => void }) {
  const { error, working, run } = useFormAction();
  const confirm = () =>
    run(async () => {
      await onConfirm();
      onClose();
    }, `${title} failed`);
  return (
    <Modal title={title} onClose={onClose}>
      <div className="form">
        {children}
        <FormFooter error={error} onCancel={onClose}>
          <button type="button" className="button danger" onClick={() => void confirm()} disabled={working}>
            {confirmLabel}
          </button>
        </FormFooter>
      </div>
    </Modal>
  );
}
