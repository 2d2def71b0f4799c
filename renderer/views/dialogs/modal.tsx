/** A modal on the native <dialog>: focus is trapped, Esc closes, and the page behind is inert. */
import { useEffect, useRef, type ReactNode } from 'react';

export function Modal({ title, onClose, children, className, bare = false }: { title: string; onClose: () => void; children: ReactNode; className?: string; /** No heading or padding: the content is the whole dialog. */ bare?: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const pressedOnBackdrop = useRef(false);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // showModal focuses the first control; the dialog's main field is the better start.
    element?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className={className ? `modal ${className}` : 'modal'}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      // Closes on a click that both starts and ends on the backdrop, never on a drag out of a field.
      onMouseDown={(event) => (pressedOnBackdrop.current = event.target === dialog.current)}
      onClick={(event) => {
        if (event.target === dialog.current && pressedOnBackdrop.current) onClose();
      }}
    >
      {bare ? (
        children
      ) : (
        <div className="modal-body">
          <h2>{title}</h2>
          {children}
        </div>
      )}
    </dialog>
  );
}
