export { DaemonClient, type DaemonClientOptions, type HistoryPage } from './daemon-client.js';
export { DaemonError, DaemonConnectionError, type ConnectionFailure } from './errors.js';
export { DaemonEventDecoder, DONE } from './sse-stream.js';
export { EventStream } from './event-stream.js';
export { toStreamEvent, parseEventData } from './event-parsing.js';
export type {
  StreamEvent,
  StreamEventType,
  StreamErrorReason,
  SystemEvent,
  PartialEvent,
  TextEvent,
  ToolUseEvent,
  ToolResultEvent,
  ResultEvent,
  QueuedEvent,
  ErrorEvent,
  InterruptedEvent,
  PingEvent,
  SessionInfo,
  QueueStats,
  HealthResult,
  MonitorResult,
  MonitoredSession,
  ResumeResult,
  Mode,
} from '../../shared/protocol.js';
