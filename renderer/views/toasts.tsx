/** Notices from the desk and failed actions, with where they happened; errors stay until dismissed. */
import { useEffect } from 'react';
import type { Toast } from '../state/store.js';
import { useAppState, useController } from '../state/hooks.js';

function ToastItem({ toast }: { toast: Toast }) {
  const { store } = useController();
  useEffect(() => {
    if (toast.level === 'error') return;
    const timer = setTimeout(() => store.dismissToast(toast.id), 8000);
    return () => clearTimeout(timer);
  }, [store, toast]);
  return (
    <li className={`toast toast-${toast.level}`} role={toast.level === 'error' ? 'alert' : 'status'}>
      {toast.context && <div className="toast-context">{toast.context}</div>}
      <div>{toast.message}</div>
      <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => store.dismissToast(toast.id)}>
        ×
      </button>
    </li>
  );
}

export function Toasts() {
  const toasts = useAppState((state) => state.toasts);
  return (
    <ul className="toasts" aria-label="Notifications" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </ul>
  );
}
