import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg, totalmem } from 'node:os';
import { healthy } from '../service';
import { StackEnv } from '../stack';
import { SuiteDef } from '../suites';
import { TargetsFile } from '../targets/targets';
import { LOAD_TESTS, RESULTS_DIR } from '../paths';
import { stamp } from '../run-suite';
import { machineInfo } from '../collectors/machine';
import { startServices, RunningServices } from '../run/start-services';
import { chaosTargets, loadSeconds, scheduleNamed, suiteChaos } from './config';
import { ChaosStack } from './chaos-stack';
import { firstAnswer, startK6, stopK6 } from './chaos-k6';
import { HealthSampler } from './health-sampler';
import { runFault } from './fault-actions';
import { FaultRecord } from './faults-model';
import { Answer, parseTimeline } from './timeline';
import {
  acceptedWrites,
  AcceptedWrite,
  ledgerFor,
  ledgerRows,
  settled,
  storedWithoutAccept,
  SuiteLedger,
  WriteFate,
  LedgerContext,
} from './ledger';
import { effectPause, faultScenario } from './scenarios';
import { judge } from './verdict';
import { ChaosRun } from './model';
import { renderChaosReport } from './render';

// One chaos run: the bench's own stack up, the suite's service (and what it needs) started
// on it, a steady load, the faults one after another, then the ledger, REPORT.md, the verdict.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ChaosOptions {
  suite: SuiteDef;
  targets: TargetsFile;
  schedule: string;
  command: string;
  shared: StackEnv;
  log: (s: string) => void;
}

export interface ChaosOutcome {
  dir: string;
  report: string;
  pass: boolean;
}

async function waitForLedger(
  ledger: SuiteLedger,
  sent: AcceptedWrite[],
  accepted: AcceptedWrite[],
  ctx: LedgerContext,
  timeoutS: number,
): Promise<{ fates: WriteFate[]; waitedSeconds: number; settled: boolean }> {
  const started = Date.now();
  for (;;) {
    let fates: WriteFate[] = [];
    try {
      fates = await ledger.fates(sent, ctx);
    } catch (err) {
      ctx.log(`chaos ledger: ${(err as Error).message} (asking again)`);
    }
    const done = settled(accepted, fates) && fates.length > 0;
    const waited = (Date.now() - started) / 1000;
    if (done || waited >= timeoutS) return { fates, waitedSeconds: waited, settled: done };
    await sleep(2000);
  }
}

function byOp(answers: Answer[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const a of answers) {
    const op = (out[a.op] ??= {});
    op[String(a.status)] = (op[String(a.status)] ?? 0) + 1;
  }
  return out;
}

export async function runChaos(o: ChaosOptions): Promise<ChaosOutcome> {
  const { suite, targets, log } = o;
  const cfg = chaosTargets(targets);
  const schedule = scheduleNamed(cfg, o.schedule);
  const own = suiteChaos(targets, suite.name);
  const ledger = ledgerFor(suite.name);
  const script = join(LOAD_TESTS, suite.name, 'chaos.js');
  if (!existsSync(script)) throw new Error(`chaos: ${script} does not exist`);
  if (await healthy(`http://127.0.0.1:${suite.port}/health`))
    throw new Error(
      `chaos: ${suite.name} already answers on :${suite.port}; stop it — a chaos run faults the dependencies of a service the bench starts on its own stack`,
    );
  const dir = join(RESULTS_DIR, `${stamp()}-${suite.name}-chaos`);
  mkdirSync(dir, { recursive: true });
  const runId = `${suite.name}-chaos-${Date.now().toString(36)}`;
  const stack = new ChaosStack(cfg.stack);
  const startedAt = Date.now();
  const loadAvgStart = loadavg();
  const notes: string[] = [];
  log(`chaos: starting the bench's own stack (${stack.dir})`);
  await stack.up();
  let services: RunningServices | undefined;
  let sampler: HealthSampler | undefined;
  try {
    const env = await stack.env(o.shared);
    services = await startServices({ suite, targets, profile: 'chaos', stack: env, runId, dir, log });
    if (!services.service.startedByBench) throw new Error(`chaos: ${suite.name} was not started by the bench`);
    for (const n of services.needs)
      if (n.includes('already running')) notes.push(`needed service ${n}: not on the chaos stack`);
    sampler = new HealthSampler(`http://127.0.0.1:${suite.port}/health`).start();
    const duration = loadSeconds(schedule) + 300; // ended by SIGINT when the schedule is done
    const k6 = startK6(env.K6_BIN, script, dir, {
      PROFILE: 'chaos',
      RUN_ID: runId,
      BASE_URL: `http://127.0.0.1:${suite.port}`,
      CHAOS_RATE: String(own.rate_rps),
      CHAOS_DURATION: `${duration}s`,
      ...services.k6Env,
    });
    let loadStartedAt: number;
    const faults: FaultRecord[] = [];
    try {
      loadStartedAt = await firstAnswer(k6);
      log(`chaos: load running at ${own.rate_rps} req/s; warm-up ${schedule.warmup_s} s`);
      await sleep(schedule.warmup_s * 1000);
      for (const f of schedule.faults) {
        log(`chaos: ${f.fault}${f.down_s ? ` for ${f.down_s} s` : ''}`);
        const rec = await runFault(stack, f, services.service.pid);
        log(`chaos: ${f.fault}: ${rec.detail}; calm ${schedule.calm_s} s`);
        faults.push({ ...rec, phaseEnd: 0 });
        await sleep(schedule.calm_s * 1000);
      }
    } finally {
      const code = await stopK6(k6);
      // 105: k6's exit code after the SIGINT that ends the load (expected)
      if (code !== 0 && code !== 105) notes.push(`k6 exited ${code}`);
    }
    const loadEndedAt = Date.now();
    sampler.stop();
    faults.forEach((f, i) => (f.phaseEnd = faults[i + 1]?.startedAt ?? loadEndedAt));

    const answers = parseTimeline(readFileSync(k6.consoleFile, 'utf8'));
    const sent = answers
      .filter((a) => ledger.writes.includes(a.op) && a.key)
      .map((a) => ({ op: a.op, key: a.key!, id: a.id, acceptedAt: a.at }));
    const accepted = acceptedWrites(answers, ledger.writes);
    log(`chaos: ${answers.length} answers, ${accepted.length} writes accepted; waiting for their effects`);
    const ctx: LedgerContext = {
      runId,
      // the bench database and Redis db the service was started on (reset for this run), not the stack's defaults
      databaseUrl: services.env.DATABASE_URL,
      redisUrl: services.env.REDIS_URL,
      kafkaBrokers: env.KAFKA_BROKERS.split(','),
      consoleFile: k6.consoleFile,
      log,
    };
    const found = await waitForLedger(ledger, sent, accepted, ctx, cfg.effect_timeout_s);
    const effectTimes = found.fates.flatMap((f) => (f.effectedAt === undefined ? [] : [f.effectedAt]));
    const scenarios = faults.map((f) => ({
      ...faultScenario(f, answers, sampler!.samples, cfg.recovery_streak),
      effects: effectPause(f, effectTimes),
    }));
    const rows = ledgerRows(accepted, found.fates, faults);
    const judgements = judge(cfg.bars, rows[rows.length - 1], scenarios, answers);
    const m = machineInfo(env.K6_BIN);
    const run: ChaosRun = {
      suite: suite.name,
      schedule: { name: o.schedule, ...schedule },
      rateRps: own.rate_rps,
      load: own.load,
      command: o.command,
      commit: `${m.gitCommit}${m.gitDirty ? ' (uncommitted changes)' : ''} on ${m.gitBranch}`,
      machine: `${cpus().length} × ${m.cpuModel}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${m.node}, ${m.k6}`,
      loadAvgStart,
      loadAvgEnd: loadavg(),
      startedAt,
      loadStartedAt,
      loadEndedAt,
      stack: [stack.describe()],
      services: [`${suite.name} (port ${suite.port}): started by the bench on the chaos stack`, ...services.needs],
      answers: { total: answers.length, byOp: byOp(answers) },
      faults,
      health: sampler.samples,
      scenarios,
      ledger: {
        stored: ledger.stored,
        effect: ledger.effect,
        rows,
        storedWithoutAccept: storedWithoutAccept(answers, ledger.writes, found.fates),
        waitedSeconds: found.waitedSeconds,
        settled: found.settled,
      },
      judgements,
      pass: judgements.every((j) => j.pass),
      notes,
    };
    writeFileSync(join(dir, 'chaos.json'), JSON.stringify(run, null, 1));
    const report = join(dir, 'REPORT.md');
    writeFileSync(report, renderChaosReport(run));
    return { dir, report, pass: run.pass };
  } finally {
    sampler?.stop();
    if (services) {
      await services.service.stop();
      await services.stopNeeds();
    }
    log("chaos: stopping the bench's own stack");
    await stack.down().catch((err: Error) => log(`chaos: stack down: ${err.message}`));
  }
}
