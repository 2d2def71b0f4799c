/** The daemon's version, announced in health.check; kept equal to package.json by a test. */
export const DAEMON_VERSION = '0.1.0';
