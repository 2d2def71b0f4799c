/** `npm run serve -- --help` (and `npm start -- --help` in browser mode): every option and setting. */
export const SERVE_HELP = `Usage: npm run serve [-- options]    (npm start -- options, where Electron cannot start)

Runs Switchyard in your browser: prints SWITCHYARD_URL=<url with access token> once ready.
Open that URL; the token in it is what lets the page in. With no host configured, Switchyard
starts its own daemon on this computer ("This computer").

Options:
  --port <n>    listen on 127.0.0.1:<n> (default: a free port)
  --help, -h    print this help and exit

Environment:
  SWITCHYARD_DATA_DIR     where hosts, sessions and transcripts are kept
                          (default: $XDG_CONFIG_HOME/switchyard or ~/.config/switchyard on
                          Linux, ~/Library/Application Support/Switchyard on macOS,
                          %APPDATA%\\Switchyard on Windows)
  SWITCHYARD_CLAUDE       the Claude CLI command for "This computer" (default: claude, which
                          npm start finds in the project's node_modules/.bin)
  SWITCHYARD_SSH_CONFIG   an ssh_config file to use instead of ~/.ssh/config
  SWITCHYARD_BROWSER=1    npm start: use browser mode even where Electron could start
  ANTHROPIC_API_KEY       passed to the daemon on "This computer": logs Claude in with a key

Log Claude in on this computer once: run \`npx claude\` in Switchyard's folder, then /login.
`;
