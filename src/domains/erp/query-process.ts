import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ResultLimits, TruncatedBecause } from './result-limits.ts';

/** What the query process answers for one query. */
export type QueryAnswer =
  | { columns: string[]; rows: Array<Record<string, unknown>>; truncated: boolean; truncatedBecause: TruncatedBecause; truncatedReason: string | null; error?: undefined }
  | { error: { message: string; code: string | null } };

/** Why a query did not get an answer from the process. */
export type QueryProcessFailure =
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'startup-timeout'; waitedMs: number }
  | { kind: 'aborted'; reason: unknown }
  | { kind: 'crashed'; message: string };

interface Pending {
  id: number;
  request: string;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  resolve: (answer: QueryAnswer) => void;
  reject: (failure: QueryProcessFailure) => void;
}

// The child module sits beside this one, with this module's extension: `.ts` from the sources, `.js` built.
const extension = extname(fileURLToPath(import.meta.url));
const childModule = fileURLToPath(new URL(`./read-only-query-process${extension}`, import.meta.url));

/** How the query process is started; tests replace it with a process that never gets ready. */
export interface QueryProcessCommand {
  executable: string;
  args: string[];
}

export function defaultQueryProcessCommand(): QueryProcessCommand {
  const loader = extension === '.ts' ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href] : [];
  return { executable: process.execPath, args: [...loader, childModule] };
}

/**
 * One long-lived child process that runs read-only SQLite queries, one at a time, in order. It is
 * started when first needed and reused; a query's time limit counts from when the process takes it
 * (not while the process starts, nor while earlier queries run), and a query past it kills the process,
 * which the next query replaces. Idle, it does not keep Nova's process alive.
 */
export class QueryProcess {
  readonly #command: QueryProcessCommand;
  readonly #startupLimitMs: number;
  #child: ChildProcessWithoutNullStreams | undefined;
  #ready: Promise<void> | undefined;
  #queue: Pending[] = [];
  #current: { pending: Pending; timer: NodeJS.Timeout } | undefined;
  #nextId = 1;

  constructor(options: { command?: QueryProcessCommand; startupLimitMs?: number } = {}) {
    this.#command = options.command ?? defaultQueryProcessCommand();
    this.#startupLimitMs = options.startupLimitMs ?? 60_000;
  }

  /** The pid of the running process, if one runs (for tests and diagnostics). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  query(path: string, sql: string, limits: ResultLimits, options: { timeoutMs: number; signal?: AbortSignal }): Promise<QueryAnswer> {
    if (options.signal?.aborted === true) return Promise.reject({ kind: 'aborted', reason: options.signal.reason } satisfies QueryProcessFailure);
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      this.#queue.push({ id, request: `${JSON.stringify({ id, path, sql, limits })}\n`, timeoutMs: options.timeoutMs, signal: options.signal, resolve, reject });
      void this.#pump();
    });
  }

  /** Stops the process (pending queries fail as crashed). */
  close(): void {
    this.#kill('the query process was closed');
  }

  async #pump(): Promise<void> {
    if (this.#current !== undefined || this.#queue.length === 0) return;
    try {
      await this.#started();
    } catch (failure) {
      for (const pending of this.#queue.splice(0)) pending.reject(failure as QueryProcessFailure);
      return;
    }
    if (this.#current !== undefined) return;
    const pending = this.#queue.shift();
    if (pending === undefined) return;
    if (pending.signal?.aborted === true) {
      pending.reject({ kind: 'aborted', reason: pending.signal.reason });
      void this.#pump();
      return;
    }
    const timer = setTimeout(() => this.#fail(pending, { kind: 'timeout', timeoutMs: pending.timeoutMs }), pending.timeoutMs);
    this.#current = { pending, timer };
    pending.signal?.addEventListener('abort', () => this.#fail(pending, { kind: 'aborted', reason: pending.signal?.reason }), { once: true });
    this.#child!.ref();
    this.#child!.stdin.write(pending.request);
  }

  /** A query that did not finish: the process is killed (it may be stuck in SQLite) and replaced next time. */
  #fail(pending: Pending, failure: QueryProcessFailure): void {
    if (this.#current?.pending !== pending) return;
    clearTimeout(this.#current.timer);
    this.#current = undefined;
    pending.reject(failure);
    this.#kill(null);
    void this.#pump();
  }

  #started(): Promise<void> {
    if (this.#ready !== undefined) return this.#ready;
    const child = spawn(this.#command.executable, this.#command.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.#child = child;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    // A write to a process that died fails here too; its exit handler reports that death, with its stderr.
    child.stdin.on('error', () => undefined);
    this.#ready = new Promise<void>((resolve, reject) => {
      const startupTimer = setTimeout(() => {
        this.#kill(null);
        reject({ kind: 'startup-timeout', waitedMs: this.#startupLimitMs } satisfies QueryProcessFailure);
      }, this.#startupLimitMs);
      child.on('error', (error) => {
        clearTimeout(startupTimer);
        this.#kill(null);
        reject({ kind: 'crashed', message: `could not start the query process: ${error.message}` } satisfies QueryProcessFailure);
      });
      createInterface({ input: child.stdout }).on('line', (line) => {
        const message = JSON.parse(line) as { ready?: boolean; started?: boolean; id?: number } & Partial<QueryAnswer>;
        if (message.ready === true) {
          clearTimeout(startupTimer);
          this.#idle();
          resolve();
          return;
        }
        const current = this.#current;
        if (current === undefined || message.id !== current.pending.id || message.started === true) return;
        clearTimeout(current.timer);
        this.#current = undefined;
        const { id: _id, ...answer } = message;
        current.pending.resolve(answer as QueryAnswer);
        this.#idle();
        void this.#pump();
      });
      child.on('exit', (code, signalName) => {
        clearTimeout(startupTimer);
        if (this.#child !== child) return;
        const reason = `the query process ended (${signalName ?? `exit ${code}`})${stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n').slice(-3).join(' ')}`}`;
        this.#child = undefined;
        this.#ready = undefined;
        reject({ kind: 'crashed', message: reason } satisfies QueryProcessFailure);
        const current = this.#current;
        if (current !== undefined) {
          clearTimeout(current.timer);
          this.#current = undefined;
          current.pending.reject({ kind: 'crashed', message: reason });
        }
        void this.#pump();
      });
    });
    return this.#ready;
  }

  /** With nothing to do, the process and its pipes do not keep Nova's process alive. */
  #idle(): void {
    if (this.#current !== undefined || this.#queue.length > 0) return;
    this.#child?.unref();
    for (const stream of [this.#child?.stdin, this.#child?.stdout, this.#child?.stderr]) (stream as unknown as { unref?: () => void } | undefined)?.unref?.();
  }

  #kill(reason: string | null): void {
    const child = this.#child;
    this.#child = undefined;
    this.#ready = undefined;
    child?.kill('SIGKILL');
    if (reason !== null) for (const pending of this.#queue.splice(0)) pending.reject({ kind: 'crashed', message: reason });
  }
}
