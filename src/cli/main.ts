import { Command, CommanderError } from 'commander';
import { CuratorError } from '../core';
import { flagName } from './optionFlags';
import { CliContext } from './cliContext';
import { demoCommand } from './commands/demoCommand';
import { exportCommand } from './commands/exportCommand';
import { importCommand } from './commands/importCommand';
import { labelsCommand } from './commands/labelsCommand';
import { previewCommand } from './commands/previewCommand';
import { versionsCommand } from './commands/versionsCommand';

/**
 * Exit codes: 0 success; 2 when the command line cannot be parsed (unknown
 * command or flag, missing argument, a number flag that is not a number);
 * 1 for everything else, including option values the core rejects.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

function buildProgram(context: CliContext): Command {
  const program = new Command('lance-curator')
    .description('Curate lance-context stores into SFT, preference and RL-rollout training data.')
    .version(process.env.LANCE_CURATOR_VERSION ?? '0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (text) => context.stdout(text.replace(/\n$/, '')), writeErr: (text) => context.stderr(text.replace(/\n$/, '')) })
    .exitOverride();
  for (const command of [exportCommand, previewCommand, versionsCommand, importCommand, labelsCommand, demoCommand]) {
    program.addCommand(command(context).exitOverride().showHelpAfterError('(run with --help for usage)'));
  }
  return program;
}

/** The CLI's face of a CuratorError: an option's problem names its flag (`--min-reward: …`, `--out: …`). */
export function describeError(error: CuratorError): string {
  const option = error.details.option;
  return typeof option === 'string' && option !== '' ? `${flagName(option)}: ${error.message}` : error.message;
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (CuratorError.is(error)) {
      if (error.kind === 'cancelled') {
        context.stderr('lance-curator: cancelled; no output was written');
        return EXIT_FAILURE;
      }
      context.stderr(`lance-curator: ${describeError(error)}`);
      return EXIT_FAILURE;
    }
    // Not one of ours: say so plainly; the stack is for whoever debugs it, on request.
    context.stderr(`lance-curator: internal error: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.LANCE_CURATOR_DEBUG) context.stderr(String((error as Error)?.stack ?? ''));
    else context.stderr('(set LANCE_CURATOR_DEBUG=1 to print the stack trace)');
    return EXIT_FAILURE;
  }
}

/**
 * A reader that went away (`lance-curator versions ctx.lance | head -1`) is no
 * failure: the rest of the output has nobody to read it, so the process ends
 * quietly, as a CLI killed by SIGPIPE would, instead of an unhandled EPIPE.
 */
function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
}

/** The process entry point: wires stdio and Ctrl-C, then exits with the code. */
export async function main(): Promise<void> {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  const controller = new AbortController();
  let interrupted = false;
  // Ctrl-C and a polite kill stop the run the same way: nothing is written and the spill folder goes.
  const stop = () => {
    if (interrupted) process.exit(EXIT_FAILURE);
    interrupted = true;
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const code = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text + '\n'),
    stderr: (text) => process.stderr.write(text + '\n'),
    signal: controller.signal,
    cwd: process.cwd(),
    interactive: !!process.stdout.isTTY,
  });
  process.exitCode = code;
}
