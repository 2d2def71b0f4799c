/**
 * Add host: an SSH config alias (listed from ~/.ssh/config) or user@host:port, tested step by
 * step before anything is saved (login, host key, daemon, Claude). A failed step offers what
 * fixes it here: review the host key, install the daemon, what to run for Claude. The host is
 * saved only by Add (once the test passed) or Add anyway.
 */
import { useEffect, useState } from 'react';
import type { HostTestStep, HostTestView, HostView } from '../../../shared/desk-api.js';
import { errorMessage } from '../../api.js';
import { useAppState, useController } from '../../state/hooks.js';
import { ClaudeBanner } from '../claude-banner.js';
import { DialogForm, FormFooter, useFormAction } from './form-parts.js';
import { HostKeyReview } from './host-key-review.js';
import { HostTestSteps } from './host-test-steps.js';
import { Modal } from './modal.js';

const newTestId = () => `test-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

/** The tested target as a host, for the Claude advice the rest of the app gives hosts. */
function testedHost(test: HostTestView, name: string): HostView {
  return {
    id: test.testId,
    name,
    kind: 'ssh',
    daemonPort: test.daemonPort ?? 0,
    link: { status: 'connected' },
    daemonVersion: null,
    updateAvailable: false,
    capabilities: [],
    storage: null,
    models: [],
    claude: test.claude,
  };
}

export function AddHostDialog({ onClose }: { onClose: () => void }) {
  const controller = useController();
  const [target, setTarget] = useState('');
  const [name, setName] = useState('');
  const [aliases, setAliases] = useState<string[]>([]);
  const [testId, setTestId] = useState<string | null>(null);
  /** The test's answer; the steps before it come as events. */
  const [answer, setAnswer] = useState<HostTestView | null>(null);
  const [testing, setTesting] = useState(false);
  const [testError, setTestError] = useState<string | null>(null);
  const [reviewingKey, setReviewingKey] = useState(false);
  const [port, setPort] = useState('');
  const progress = useAppState((state) => (testId ? state.hostTests.get(testId) : undefined));
  const { error, working, run } = useFormAction();

  useEffect(() => {
    controller.desk
      .hostsSshAliases({})
      .then(({ aliases: found }) => setAliases(found))
      .catch(() => setAliases([]));
  }, [controller]);

  // A test still running when the dialog closes is stopped: nothing is installed for a host the user walked away from.
  useEffect(() => {
    if (!testing || !testId) return;
    return () => void controller.desk.hostsCancelTest({ testId }).catch(() => undefined);
  }, [controller, testing, testId]);

  const typed = target.trim();
  const portNumber = /^\d+$/.test(port.trim()) ? Number(port.trim()) : undefined;
  const portInvalid = port.trim() !== '' && (portNumber === undefined || portNumber < 1 || portNumber > 65535);
  const test = answer?.testId === testId ? answer : progress;
  /** A test of what is typed now; one of another target says nothing about this one. */
  const current = test && test.target === typed ? test : undefined;
  const passed = current?.done === true && current.passed;
  const shownName = name.trim() || typed;

  const startTest = async (installDaemon = false) => {
    const id = newTestId();
    setTestId(id);
    setAnswer(null);
    setTestError(null);
    setReviewingKey(false);
    setTesting(true);
    try {
      // Where the last test of this target found (or installed) the daemon, unless a port is given.
      const daemonPort = portNumber ?? (current?.target === typed ? current.daemonPort : undefined);
      setAnswer(await controller.desk.hostsTest({ testId: id, target: typed, ...(daemonPort ? { daemonPort } : {}), ...(installDaemon ? { installDaemon } : {}) }));
    } catch (failure) {
      setTestError(`Could not test ${typed}: ${errorMessage(failure)}`);
    } finally {
      setTesting(false);
    }
  };

  const add = () =>
    run(async () => {
      await controller.desk.hostsAdd({ target: typed, ...(name.trim() ? { name } : {}), ...(portNumber ? { daemonPort: portNumber } : {}), ...(current?.done ? { testId: current.testId } : {}) });
      onClose();
    }, `Could not add ${typed}`);

  const actionFor = (step: HostTestStep) => {
    if (!current) return null;
    if (step.step === 'host-key' && step.action === 'trust-host-key') {
      return reviewingKey ? (
        <HostKeyReview
          load={() => controller.desk.hostsTargetHostKeys({ target: current.target })}
          trust={(fingerprint) => controller.desk.hostsTrustTargetHostKey({ target: current.target, fingerprint })}
          onTrusted={() => void startTest()}
        />
      ) : (
        <button type="button" className="button small" onClick={() => setReviewingKey(true)}>
          Review host key
        </button>
      );
    }
    if (step.step === 'daemon' && step.action === 'install-daemon') {
      return (
        <button type="button" className="button small" onClick={() => void startTest(true)} disabled={testing}>
          Install daemon
        </button>
      );
    }
    if (step.step === 'claude') return <ClaudeBanner host={testedHost(current, shownName)} onCheckAgain={() => startTest()} />;
    return null;
  };

  return (
    <Modal title="Add host" onClose={onClose} className="add-host">
      <DialogForm onSubmit={() => (passed ? void add() : typed && !testing ? void startTest() : undefined)}>
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
        <label>
          Daemon port (optional)
          <input aria-label="Daemon port" value={port} onChange={(event) => setPort(event.target.value)} placeholder="9100, or where its daemon already runs" inputMode="numeric" aria-invalid={portInvalid} />
        </label>
        {portInvalid && (
          <p className="form-error" role="alert">
            The daemon port is a number from 1 to 65535.
          </p>
        )}
        <p className="hint">
          Switchyard uses your own OpenSSH setup: keys, agent, ProxyJump and known_hosts. Host keys are always verified. The connection is tested before the host is saved.
        </p>
        {current && <HostTestSteps test={current} actionFor={actionFor} />}
        {current?.done && (
          <p className={passed ? 'hint' : 'hint warning'} role="status">
            {passed ? `${shownName} is ready: Add saves it.` : `Fix the failed step and test again, or add ${shownName} anyway and fix it later.`}
          </p>
        )}
        <FormFooter error={error ?? testError} onCancel={onClose}>
          {/* Enter tests until the test passed, then adds: the first enabled submit button is the form's default. */}
          <button type={passed ? 'button' : 'submit'} className="button" onClick={passed ? () => void startTest() : undefined} disabled={!typed || testing || portInvalid}>
            {testing ? 'Testing…' : current ? 'Test again' : 'Test connection'}
          </button>
          {current?.done && !passed && (
            <button type="button" className="button" onClick={() => void add()} disabled={working}>
              Add anyway
            </button>
          )}
          <button type={passed ? 'submit' : 'button'} className="button primary" disabled={!passed || working}>
            {working ? 'Adding…' : 'Add'}
          </button>
        </FormFooter>
      </DialogForm>
    </Modal>
  );
}
