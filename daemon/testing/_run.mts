import { startModelServer } from './model-server.js';
const s = await startModelServer();
console.log(s.port);
process.stdin.resume();
