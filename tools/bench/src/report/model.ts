import type { RealtimeServerStats } from '../collectors/realtime-prometheus';
import type { RealtimeClientStats } from '../k6/realtime-metrics';
import type { SeriesSummary } from '../k6/series-aggregator';
import type { ThresholdResult } from '../k6/summary';
import type { CpuStats } from '../collectors/proc-cpu';
import type { PromSnapshot } from '../collectors/prometheus';
import type { PgSnapshot } from '../collectors/postgres';
import type { RedisDelta } from '../collectors/redis';
import type { GroupLag } from '../collectors/kafka';
import type { MachineInfo } from '../collectors/machine';
import type { Recovery } from '../recovery';
import type { ServiceInstances } from '../collectors/service-workers';
import type { EventLoopCpu, ServiceLoopCpu } from '../collectors/event-loop-cpu';
import type { BaselineGoal } from '../baseline';
import type { CpuNotProfiled, CpuProfileSummary, HalfProfiling, PackageShare } from '../profile/summary';
import type { Argon2CostFile } from '../argon2-cost/cost-file';
import type { Bottleneck } from './verdicts';
import type { HalfCpuOrWhy } from './cpu-per-request';
import type { LocustRow } from '../locust/locust-stats';
import type { ChatDelivery } from '../locust/chat-delivery';
import type { RoundStart } from '../round-start';

// Everything one run measured: the report writer is a pure function of this (and the
// targets file), so it can be tested on recorded runs.

export interface ScriptRun {
  script: string;
  /** k6's chat_* / websocket metrics, for suites that record them (report: real-time section) */
  realtime?: RealtimeClientStats;
  exitCode: number;
  thresholds: ThresholdResult[];
  series: SeriesSummary;
  vusMax: number | null;
  droppedIterations: number;
  iterations: number | null;
  generatorCpu: CpuStats;
}

export interface BaselineRun {
  name: string;
  description: string;
  rps: number;
  p95: number;
  p50: number;
  errorRate: number;
  requests: number;
  /** the service figures it is compared against (hottest endpoint) */
  serviceRps: number;
  serviceP95: number;
  /** the baseline served the suite's whole mix under the suite's own scripts */
  likeForLike?: boolean;
  /** per hot operation, service vs baseline, graded against the goal */
  operations?: BaselineOperation[];
  goal?: BaselineGoal;
  /** how its half started: the bounded wait for a quiet CPU after the service half */
  startedAfter?: string;
  /** its half's CPU over its measured windows (server processes, k6, Postgres, Kafka, Redis) and requests */
  cpu?: HalfCpuOrWhy;
  /** whether its half ran under V8's sampling profiler, and why not (absent: recorded before this was,
   * when no bare baseline was profiled) */
  profiling?: HalfProfiling;
  /** its half's CPU profile by package, when it was profiled (service ÷ baseline, package by package) */
  packages?: PackageShare[];
}

export interface BaselineOperation {
  /** k6 scenario (the operation) and request name */
  operation: string;
  name: string;
  /** the k6 script (stem) the service ran it in */
  script?: string;
  /** open: constant arrival rate (targets.json rate_rps); closed: VUs with think time */
  model: 'open' | 'closed';
  serviceRps: number;
  baselineRps: number;
  serviceP95: number;
  baselineP95: number;
  rpsRatio: number;
  p95Ratio: number;
  /** null when not graded (why says: a side had no samples, smoke) */
  ok: boolean | null;
  failures: string[];
  why?: string;
}

export interface LevelResult {
  level: number;
  vus: number;
  rps: number;
  p95: number;
  p99: number;
  errorRate: number;
  /** the graded CPU: the busiest event loop, % of one core (report/grade.ts cpuOfLoops) */
  cpuPercentMax: number | null;
  /** all the service's event loops summed (Prometheus), % of one core */
  cpuTotalPercentMax?: number | null;
  /** the busiest event loop (one process): its min/avg/max and which process (absent: not measured, or older run) */
  busiestLoop?: EventLoopCpu;
  memoryBytesMax: number | null;
  dbConnectionsMax: number | null;
  kafkaLagMax: number | null;
  cacheHitRate: number | null;
  eventLoopLagMaxMs: number | null;
  generatorSaturated: boolean;
  passed: boolean;
  failures: string[];
  /** this level's graded rows for the bars targets.json sets (kafka_lag, redis_hit_rate), by key; absent: no bar */
  bars?: Record<string, LevelBar>;
  /** resources ranked by how close they came to their limit at this level (verdicts.bottlenecks) */
  saturation?: Bottleneck[];
  /** how the level's load started: the wait for a quiet CPU, CPU idle and load average (absent: older run) */
  start?: RoundStart;
}

export interface LevelBar {
  shown: string;
  target: string;
  ok: boolean | null;
}

export interface RunConfig {
  runId: string;
  baseUrl: string;
  vuScale: number;
  rateScale: number;
  durationScale: number;
  duration?: string;
  serviceStartedByBench: boolean;
  /** processes that served the load, counted from the OS during the run */
  serviceInstances?: ServiceInstances;
  reset: string;
  command: string;
  /** env the bench gave the service it started (redacted), and the files it came from */
  serviceEnv?: Record<string, string>;
  serviceEnvFiles?: string[];
  /** other services the run used (targets.json "needs") and how they ran */
  needs?: string[];
  /** the suite's own service: one line per process the bench started (role, port, pid, workers, code it ran) */
  processes?: string[];
  /** 1/5/15-min load average when the k6 scripts ended (start is in machine.loadAvg) */
  loadAvgEnd?: number[];
  /** seconds at the start of each script left out of the tables (--warmup) */
  warmupSeconds?: number;
}

export interface RunData {
  suite: string;
  profile: string;
  startedAt: number;
  endedAt: number;
  config: RunConfig;
  machine: MachineInfo;
  scripts: ScriptRun[];
  prometheus: PromSnapshot;
  /** the busiest event loop's CPU over the load windows, from /proc (absent: recorded before it existed) */
  serviceLoopCpu?: ServiceLoopCpu;
  postgres: { before: PgSnapshot; after: PgSnapshot };
  redis: RedisDelta;
  kafka: { groups: GroupLag[]; error?: string };
  baseline?: BaselineRun;
  baselineNotMeasured?: string;
  levels?: LevelResult[];
  /** V8 CPU profile of the service's workers over the measured windows, and the machine's CPU beside it
   * (a bare baseline: the machine's CPU alone, over the same windows) */
  cpuProfile?: CpuProfileSummary | CpuNotProfiled;
  /** stress/spike: time to recover after each script's load was removed (001 §6.2) */
  recovery?: Recovery[];
  /** auth: the recorded argon2 cost measurement (load-tests/auth/argon2-cost.json) the report's cost model used */
  argon2Cost?: Argon2CostFile;
  /** the chat service's own counters over the load window (real-time suites only) */
  realtimeServer?: RealtimeServerStats;
  /** --generator locust|both: Locust's section (the same profile, a second client) and whether it met its bars */
  locust?: LocustResult;
}

/** Locust's part of a run: its rendered section and verdict, and the numbers behind them. */
export interface LocustResult {
  markdown: string;
  pass: boolean;
  /** older runs recorded only the section */
  rows?: LocustRow[];
  generatorCpu?: CpuStats;
  delivery?: ChatDelivery;
}
