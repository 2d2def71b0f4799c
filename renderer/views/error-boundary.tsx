/** Keeps a rendering failure to the part that failed: it says what broke instead of blanking the app. */
import { Component, type ReactNode } from 'react';

interface Props {
  /** What this part is, for the message: "the transcript row", "the health view". */
  what: string;
  children: ReactNode;
  compact?: boolean;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className={this.props.compact ? 'row-status row-error' : 'empty'} role="alert">
        <p>
          Switchyard could not show {this.props.what}: {error.message}
        </p>
        <button type="button" className="button small" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
