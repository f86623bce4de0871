// Child processes of the benchmark: each one is tracked from the moment it is spawned until it exits, so that the
// benchmark can stop every one of them at the end, on failure and on Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';

const MAX_BUFFER = 1_000_000;

/** A child process the benchmark started. */
export type Tracked = {
  name: string;
  child: ChildProcess;
  /** Everything it wrote to standard output (only the last megabyte is kept). */
  stdout(): string;
  /** The last lines it wrote to either stream, for error messages. */
  tail(): string;
  /** Resolves with the exit code (or the signal's name) once the process has gone. */
  exited: Promise<number | string>;
  /** Set once the process has gone. */
  exit: number | string | undefined;
};

const live = new Set<Tracked>();

/** Starts a process with its output captured; it is stopped by stopAll()/killAllNow() unless it ends first. */
export function start(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Tracked {
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let both = '';
  const keep = (s: string) => (s.length > MAX_BUFFER ? s.slice(-MAX_BUFFER / 2) : s);
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out = keep(out + d);
    both = keep(both + d);
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    both = keep(both + d);
  });
  const t: Tracked = {
    name,
    child,
    stdout: () => out,
    tail: () => both.trimEnd().split('\n').slice(-25).join('\n'),
    exit: undefined,
    exited: new Promise((resolve) => {
      child.on('error', (err) => {
        both += `\n${err.message}`;
        t.exit = 'spawn-error';
        live.delete(t);
        resolve('spawn-error');
      });
      child.on('exit', (code, signal) => {
        t.exit = code ?? signal ?? 'unknown';
        live.delete(t);
        resolve(t.exit);
      });
    }),
  };
  live.add(t);
  return t;
}

/** Waits until the process writes a line matching `pattern` to standard output; fails if it exits or times out. */
export function waitForOutput(t: Tracked, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = pattern.exec(t.stdout());
      if (m) {
        done();
        resolve(m);
      }
    };
    const onExit = (code: number | string) => {
      done();
      reject(new Error(`${t.name} exited (${code}) before it was ready:\n${t.tail()}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${t.name} was not ready after ${timeoutMs / 1000} s:\n${t.tail()}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      t.child.stdout?.off('data', check);
    };
    t.child.stdout?.on('data', check);
    void t.exited.then((code) => {
      if (pattern.exec(t.stdout()) === null) onExit(code);
    });
    check();
  });
}

/** Runs a process to its end; fails with its output when it exits with anything but 0. */
export async function run(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<string> {
  const t = start(name, command, args, env, cwd);
  const code = await t.exited;
  if (code !== 0) throw new Error(`${name} failed (${code}):\n${t.tail()}`);
  return t.stdout();
}

/** Asks a process to stop (SIGTERM), and kills it (SIGKILL) if it is still there after `graceMs`. */
export async function stop(t: Tracked, graceMs = 5_000): Promise<void> {
  if (t.exit !== undefined) return;
  t.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs);
  });
  const how = await Promise.race([t.exited, late]);
  clearTimeout(timer);
  if (how === 'late' && t.exit === undefined) {
    t.child.kill('SIGKILL');
    await t.exited;
  }
}

/** Stops every process still running. */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((t) => stop(t)));
}

/** Last resort, synchronous (for process.on('exit')): SIGKILL every process still running. */
export function killAllNow(): void {
  for (const t of live) {
    if (t.exit === undefined) t.child.kill('SIGKILL');
  }
}
