/** What every dialog shares: an action whose failure is reported in place, the form, its footer. */
import { useState, type ReactNode } from 'react';
import { errorMessage } from '../../api.js';

export function useFormAction() {
  const [error, setError] = useState<string | null>(null);
  const [working, setWorking] = useState(false);
  /** Runs the action; a failure stays in the dialog as "<what failed>: <why>", with nothing typed lost. */
  const run = async (action: () => Promise<void>, whatFailed: string) => {
    setWorking(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(whatFailed ? `${whatFailed}: ${errorMessage(failure)}` : errorMessage(failure));
    } finally {
      setWorking(false);
    }
  };
  return { error, working, run };
}

export function DialogForm({ onSubmit, children }: { onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}

/** The error, if any, then Cancel and the dialog's own buttons. */
export function FormFooter({ error, onCancel, children }: { error: string | null; onCancel: () => void; children?: ReactNode }) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel} data-autofocus>
          Cancel
        </button>
        {children}
      </div>
    </>
  );
}
