/** What every `lantern` subcommand implements. One file per subcommand under src/cli/commands/. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  name: string;
  /** One line for `lantern --help`. */
  summary: string;
  /** Usage text for `lantern <name> --help`. */
  usage: string;
  /** Returns the exit code. Throw a `UserError` for a clear, user-facing failure. */
  run(args: string[], io: CliIo): Promise<number>;
}
