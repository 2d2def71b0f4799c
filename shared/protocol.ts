/**
 * The Remote Agent Daemon wire protocol (docs/protocol.md) as types and runtime schemas. The
 * daemon and the client both import it, so the two cannot drift.
 */
export * from './protocol/basics.js';
export * from './protocol/events.js';
export * from './protocol/methods.js';
