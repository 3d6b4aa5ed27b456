/**
 * One error type for everything the core refuses, carrying what went wrong and
 * where, so the CLI, the extension host and the webview can each present it
 * (exit code + stderr, a notification with "Show Output", a reply's `error`).
 */

/**
 * What kind of failure this is. The CLI exits 1 for every kind; exit 2 is only for a command
 * line commander cannot parse (unknown flag, missing argument).
 */
export const CURATOR_ERROR_KINDS = ['usage', 'input', 'store', 'output', 'cancelled', 'internal'] as const;
export type CuratorErrorKind = (typeof CURATOR_ERROR_KINDS)[number];

export interface CuratorErrorDetails {
  /** The file, directory or URI involved. */
  file?: string;
  /** The record id involved. */
  recordId?: string;
  /** The record field or column involved. */
  field?: string;
  /** The curation option involved (a key of OPTION_SPECS: `minReward`); surfaces name it their way. */
  option?: string;
  /** 1-based line number in `file`. */
  line?: number;
  cause?: unknown;
}

export class CuratorError extends Error {
  override readonly name = 'CuratorError';

  constructor(
    readonly kind: CuratorErrorKind,
    message: string,
    readonly details: CuratorErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  static is(error: unknown, kind?: CuratorErrorKind): error is CuratorError {
    return error instanceof CuratorError && (kind === undefined || error.kind === kind);
  }

  /** A plain object that survives `postMessage` / JSON between processes. */
  toJSON(): SerializedCuratorError {
    return { kind: this.kind, message: this.message, ...stripCause(this.details) };
  }
}

export interface SerializedCuratorError extends Omit<CuratorErrorDetails, 'cause'> {
  kind: CuratorErrorKind;
  message: string;
}

function stripCause(details: CuratorErrorDetails): Omit<CuratorErrorDetails, 'cause'> {
  const { cause: _cause, ...rest } = details;
  return rest;
}

/** A usage error: bad flag, option or value given by the caller. */
export function usageError(message: string, details: CuratorErrorDetails = {}): CuratorError {
  return new CuratorError('usage', message, details);
}

/** Bad input data: a record, a file, a filter. */
export function inputError(message: string, details: CuratorErrorDetails = {}): CuratorError {
  return new CuratorError('input', message, details);
}

/**
 * A file an option names that cannot be read, in words a person acts on:
 * "holdout.jsonl not found in /ws", not `ENOENT`. `what` names the file's
 * role ("holdout", "benchmark"); `option` lets each surface show the problem
 * at its field.
 */
export function fileReadError(what: string, file: string, cause: unknown, option?: string): CuratorError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const [dir, name] = slash >= 0 ? [file.slice(0, slash) || '/', file.slice(slash + 1)] : ['.', file];
  const message =
    code === 'ENOENT'
      ? `${name} not found in ${dir}`
      : code === 'EACCES' || code === 'EPERM'
        ? `no permission to read the ${what} ${file}`
        : code === 'EISDIR'
          ? `the ${what} ${file} is a folder, not a file`
          : `the ${what} ${file} cannot be read${code ? ` (${code})` : ''}`;
  return new CuratorError('input', message, { file, cause, ...(option ? { option } : {}) });
}

/** Thrown when an `AbortSignal` fires; callers treat it as "stopped", not as a failure. */
export function cancelledError(): CuratorError {
  return new CuratorError('cancelled', 'cancelled');
}

/** Throws the cancellation error if `signal` has fired. Call between batches. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/**
 * The one serializer for errors crossing a boundary (webview ↔ host ↔ worker):
 * a CuratorError keeps its kind and details; an abort is `cancelled`; anything
 * else is `internal` with its message (never a stack).
 */
export function serializeError(error: unknown): SerializedCuratorError {
  if (CuratorError.is(error)) return error.toJSON();
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; name?: unknown };
    if (e.name === 'AbortError') return { kind: 'cancelled', message: 'cancelled' };
    return { kind: 'internal', message: typeof e.message === 'string' ? e.message : String(error) };
  }
  return { kind: 'internal', message: String(error) };
}

/** Rebuilds an error sent across a process or webview boundary. */
export function reviveCuratorError(serialized: SerializedCuratorError): CuratorError {
  const { kind, message, ...details } = serialized;
  return new CuratorError(kind, message, details);
}
