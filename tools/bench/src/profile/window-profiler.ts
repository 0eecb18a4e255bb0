import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { servingPids } from '../collectors/service-workers';
import { CpuProfile } from './cpuprofile';
import { flameGraph } from './flame-graph';
import { eventLoopStalls } from './event-loop-stalls';
import { machineGroups, StackCpuSampler } from './stack-cpu';
import { CpuNotProfiled, CpuProfileSummary, mergeProfiles, summarise } from './summary';

// Profiles the service's workers over each script's measured window (load start + warm-up →
// the script's end) through the runtime's hook (CPU_PROFILE_DIR + SIGUSR2, @perflab/runtime),
// samples the rest of the machine over the same windows, and writes the merged flame graph.
// Without a V8 profile (a bare baseline has no hook) it samples the machine alone, over the
// same windows, so the two halves of a --baseline run are measured alike.

export const PROFILE_SIGNAL = 'SIGUSR2';
export const DEFAULT_INTERVAL_US = 1000;
/** A profile window's cap: five minutes of a load profile's hold, the first five of a soak. */
export const MAX_WINDOW_SECONDS = 300;

/** The env that turns the hook on in the service the bench starts. */
export function profileEnv(dir: string, intervalUs = DEFAULT_INTERVAL_US): Record<string, string> {
  return { CPU_PROFILE_DIR: join(dir, 'cpu-profiles'), CPU_PROFILE_INTERVAL_US: String(intervalUs) };
}

/** A checkout whose runtime has the hook (compare may run an older ref: SIGUSR2 would end it). */
export function hasProfileHook(root: string): boolean {
  return existsSync(join(root, 'libs/runtime/src/profiling/cpu-profile-hook.ts'));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class WindowProfiler {
  private readonly profilesDir: string;
  private readonly sampler: StackCpuSampler;
  private open: number[] | null = null;
  /** Workers whose window closed and whose profiles stop() collects. */
  private written: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private cap: NodeJS.Timeout | null = null;

  constructor(
    private readonly o: {
      dir: string;
      /** the service's processes (one per role): each one's cluster workers are profiled */
      servicePids: number[];
      /** signal each of servicePids as well as its cluster workers (bare baselines: see ProfilingPlan) */
      primaries?: boolean;
      stackDir: string;
      intervalUs?: number;
      /** The longest window profiled per script (default MAX_WINDOW_SECONDS). */
      maxWindowSeconds?: number;
      /** set: no V8 profile (why), only the machine's CPU over the windows */
      notProfiled?: string;
      log: (s: string) => void;
    },
  ) {
    this.profilesDir = profileEnv(o.dir).CPU_PROFILE_DIR;
    if (!o.notProfiled) mkdirSync(this.profilesDir, { recursive: true });
    this.sampler = new StackCpuSampler(machineGroups(o.stackDir, o.servicePids));
  }

  /** When a script's load starts: open the window once the warm-up is over. */
  startAfter(warmupSeconds: number): void {
    if (this.timer || this.open) return;
    this.timer = setTimeout(() => ((this.timer = null), this.start()), warmupSeconds * 1000);
  }

  private start(): void {
    const pids = this.o.notProfiled ? [] : this.o.servicePids.flatMap((pid) => this.profiledPids(pid));
    for (const pid of pids) process.kill(pid, PROFILE_SIGNAL);
    this.open = pids;
    this.sampler.open();
    // V8 keeps every sample in the worker's native memory until the profile is written: an
    // hour-long soak profiled throughout grows RSS by itself. A bounded window is enough to
    // say where the CPU goes.
    const maxMs = (this.o.maxWindowSeconds ?? MAX_WINDOW_SECONDS) * 1000;
    this.cap = setTimeout(() => {
      this.cap = null;
      this.o.log(`cpu profile: window closed after ${maxMs / 1000} s (the cap); the run goes on unprofiled`);
      this.close();
    }, maxMs);
    this.cap.unref();
  }

  private profiledPids(pid: number): number[] {
    const serving = servingPids(pid);
    return this.o.primaries && !serving.includes(pid) ? [pid, ...serving] : serving;
  }

  /** Ends the open window: the workers write cpu-<pid>.cpuprofile, renamed by stop(). */
  private close(): void {
    const pids = this.open;
    this.open = null;
    if (!pids) return;
    this.sampler.close();
    for (const pid of pids) {
      try {
        process.kill(pid, PROFILE_SIGNAL);
      } catch {
        this.o.log(`cpu profile: worker ${pid} had exited`);
      }
    }
    this.written.push(...pids);
  }

  /** When a script ends: close its window and keep its profiles as cpu-<pid>-<script>.cpuprofile. */
  async stop(script: string): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (this.cap) clearTimeout(this.cap);
    this.timer = null;
    this.cap = null;
    this.close();
    const pids = this.written.splice(0);
    const deadline = Date.now() + 15_000;
    for (const pid of pids) {
      const file = join(this.profilesDir, `cpu-${pid}.cpuprofile`);
      while (!existsSync(file) && Date.now() < deadline) await sleep(100);
      if (existsSync(file)) renameSync(file, join(this.profilesDir, `cpu-${pid}-${script}.cpuprofile`));
      else this.o.log(`cpu profile: worker ${pid} wrote no profile within 15 s`);
    }
  }

  /** Merges every window's profiles, writes cpu-flame.svg, and says what was found. */
  summary(title: string): CpuProfileSummary | CpuNotProfiled {
    if (this.o.notProfiled) return { notMeasured: this.o.notProfiled, machine: this.sampler.result() };
    return summariseDir(this.o.dir, this.profilesDir, this.o.intervalUs ?? DEFAULT_INTERVAL_US, title, this.sampler);
  }
}

export function summariseDir(
  reportDir: string,
  profilesDir: string,
  intervalUs: number,
  title: string,
  sampler?: StackCpuSampler,
): CpuProfileSummary {
  const files = existsSync(profilesDir) ? readdirSync(profilesDir).filter((f) => f.endsWith('.cpuprofile')) : [];
  const profiles = files.map((f) => ({
    pid: Number(/^cpu-(\d+)/.exec(f)?.[1] ?? 0),
    profile: JSON.parse(readFileSync(join(profilesDir, f), 'utf8')) as CpuProfile,
  }));
  const tree = mergeProfiles(profiles.map((p) => p.profile));
  const s = summarise(profiles, tree, intervalUs, sampler?.result() ?? []);
  if (!profiles.length) return { ...s, notMeasured: 'no worker wrote a profile (window shorter than the warm-up?)' };
  writeFileSync(join(reportDir, 'cpu-flame.svg'), flameGraph(tree, title));
  return { ...s, flameGraph: 'cpu-flame.svg', stalls: eventLoopStalls(profiles) };
}
