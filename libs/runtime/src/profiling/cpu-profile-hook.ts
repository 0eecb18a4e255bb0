import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

// Node built-ins only: the bench's bare baselines install this hook too, without the service's config.

/** What the hook needs from the environment (the bench sets both when it profiles a run). */
export interface CpuProfileHookOptions {
  /** CPU_PROFILE_DIR: where `cpu-<pid>.cpuprofile` is written; unset = no hook. */
  dir?: string;
  /** CPU_PROFILE_INTERVAL_US: the sampling interval (default 1000 µs, V8's own default). */
  intervalUs?: number;
  onError?: (error: unknown) => void;
}

export const CPU_PROFILE_SIGNAL = 'SIGUSR2';

/**
 * A CPU profile of exactly a measured window: with CPU_PROFILE_DIR set, the first SIGUSR2
 * starts V8's sampling profiler in this process and the next one stops it and writes
 * `cpu-<pid>.cpuprofile` (Chrome DevTools format). `--cpu-prof` would cover the whole life of
 * the process, start-up and warm-up included; a signal lets the bench cover only the load it
 * measures, worker by worker. Without CPU_PROFILE_DIR nothing is installed (no cost).
 */
export function installCpuProfileHook(options: CpuProfileHookOptions): boolean {
  const { dir } = options;
  if (!dir) return false;
  const session = new Session();
  let running = false;
  let busy: Promise<void> = Promise.resolve();
  const toggle = async () => {
    if (!running) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: options.intervalUs ?? 1000 });
      await session.post('Profiler.start');
      running = true;
      return;
    }
    const { profile } = await session.post('Profiler.stop');
    running = false;
    await session.post('Profiler.disable');
    session.disconnect();
    writeFileSync(join(dir, `cpu-${process.pid}.cpuprofile`), JSON.stringify(profile));
  };
  process.on(CPU_PROFILE_SIGNAL, () => {
    busy = busy.then(toggle).catch((error: unknown) => options.onError?.(error));
  });
  return true;
}
