/** Renders whichever dialog is open. */
import { useAppState, useController } from '../state/hooks.js';
import { navigate } from '../state/route.js';
import { useUi } from '../state/ui.js';
import { AddHostDialog } from './dialogs/add-host.js';
import { ConfirmDialog } from './dialogs/confirm.js';
import { NewSessionDialog } from './dialogs/new-session.js';
import { TrustHostKeyDialog } from './dialogs/trust-host-key.js';
import { Palette } from './palette.js';

export function DialogHost({ currentSessionKey, onInterrupt }: { currentSessionKey: string | null; onInterrupt: () => void }) {
  const ui = useUi();
  const controller = useController();
  const sessions = useAppState((state) => state.sessions);
  const hosts = useAppState((state) => state.hosts);
  const dialog = ui.dialog;
  if (!dialog) return null;
  switch (dialog.kind) {
    case 'palette':
      return <Palette currentSessionKey={currentSessionKey} onInterrupt={onInterrupt} />;
    case 'new-session':
      return <NewSessionDialog initialHostId={dialog.hostId ?? (currentSessionKey ? sessions.get(currentSessionKey)?.hostId : undefined)} onClose={ui.close} />;
    case 'add-host':
      return <AddHostDialog onClose={ui.close} />;
    case 'trust-host-key':
      return <TrustHostKeyDialog hostId={dialog.hostId} onClose={ui.close} />;
    case 'destroy-session': {
      const session = sessions.get(dialog.key);
      const hostName = session ? (hosts.get(session.hostId)?.name ?? session.hostId) : '';
      return (
        <ConfirmDialog
          title="Destroy session"
          confirmLabel="Destroy"
          onClose={ui.close}
          onConfirm={async () => {
            await controller.desk.sessionsDestroy({ key: dialog.key });
            navigate({ view: 'board' });
          }}
        >
          <p>
            Destroy <strong>{session?.name ?? dialog.key}</strong> on {hostName}? Claude is stopped and the daemon forgets the session. Files in {session?.path ?? 'its folder'} are not touched.
          </p>
        </ConfirmDialog>
      );
    }
    case 'remove-host': {
      const host = hosts.get(dialog.hostId);
      return (
        <ConfirmDialog title="Remove host" confirmLabel="Remove" onClose={ui.close} onConfirm={() => controller.desk.hostsRemove({ hostId: dialog.hostId }).then(() => undefined)}>
          <p>Remove {host?.name ?? dialog.hostId} from Switchyard? Its daemon keeps running on the host; you can add the host again later.</p>
        </ConfirmDialog>
      );
    }
  }
}
