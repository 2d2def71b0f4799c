/** A host's key fingerprints to compare, each trusted only when the user says so; for a host or a target not added yet. */
import { useEffect, useState } from 'react';
import { errorMessage } from '../../api.js';
import { VisibleText } from '../transcript/visible-text.js';

export interface HostKeyReviewProps {
  /** Reads the keys the host shows now. */
  load: () => Promise<{ keys: { type: string; fingerprint: string }[] }>;
  /** Trusts the key with this fingerprint (the desk checks it is still the one shown). */
  trust: (fingerprint: string) => Promise<unknown>;
  onTrusted: () => void;
}

export function HostKeyReview({ load, trust, onTrusted }: HostKeyReviewProps) {
  const [keys, setKeys] = useState<{ type: string; fingerprint: string }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [trusting, setTrusting] = useState(false);

  useEffect(() => {
    let live = true;
    load().then(
      ({ keys: found }) => live && setKeys(found),
      (failure: unknown) => live && setError(`Could not read the host's keys: ${errorMessage(failure)}`),
    );
    return () => {
      live = false;
    };
    // Read once per review: `load` is a new function on every render of the parent.
  }, []);

  const trustKey = async (fingerprint: string) => {
    setTrusting(true);
    setError(null);
    try {
      await trust(fingerprint);
      onTrusted();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setTrusting(false);
    }
  };

  return (
    <div className="host-key-review">
      <p>
        Compare these fingerprints with the ones the host's administrator gave you (on the host: <code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>). Trust one only if it
        matches.
      </p>
      {keys === null && !error && <p>Reading the host's keys…</p>}
      {keys?.length === 0 && <p className="hint warning">The host showed no key at all.</p>}
      {keys?.map((key) => (
        <div key={key.fingerprint} className="fingerprint">
          <code>
            <VisibleText text={`${key.type} ${key.fingerprint}`} />
          </code>
          <button type="button" className="button small" onClick={() => void trustKey(key.fingerprint)} disabled={trusting}>
            Trust this key
          </button>
        </div>
      ))}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
