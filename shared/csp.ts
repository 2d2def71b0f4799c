/**
 * The Content-Security-Policy of the app's page, in Electron and in browser mode alike: its
 * own scripts only, no plugins, no framing, no form posts, network only to its own origin.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
