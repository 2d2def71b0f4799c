#!/usr/bin/env node
// Starts Switchyard. The desktop shell and browser mode arrive with the desk; until then this
// says so plainly rather than pretending to start something.
console.error('switchyard: the app shell is not part of this build yet; `npm test` runs the DaemonClient and its tests.');
process.exit(1);
