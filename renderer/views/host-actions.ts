/** Host actions offered in more than one place (the sidebar, the palette); a failure becomes a toast naming the host. */
import type { HostView } from '../../shared/desk-api.js';
import type { Controller } from '../state/controller.js';

export function hostActions(controller: Controller, host: HostView) {
  const run = (what: string, call: () => Promise<unknown>) => void controller.run(what, call, host.name);
  const hostId = host.id;
  return {
    connect: () => run(`Connecting to ${host.name}`, () => controller.desk.hostsConnect({ hostId })),
    pause: () => run(`Pausing ${host.name}`, () => controller.desk.hostsPause({ hostId })),
    resume: () => run(`Resuming ${host.name}`, () => controller.desk.hostsResume({ hostId })),
    installDaemon: () => run(`${host.updateAvailable ? 'Updating' : 'Installing'} the daemon on ${host.name}`, () => controller.desk.hostsInstallDaemon({ hostId })),
  };
}
