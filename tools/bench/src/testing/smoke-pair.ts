import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attachBaseline } from '../baseline';
import type { RunData } from '../report/model';
import { loadTargets } from '../targets/targets';

/** A recorded run from report/fixtures (report tests). */
export const recordedRun = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', 'report', 'fixtures', file), 'utf8')) as RunData;

/** The recorded notifications smoke with its like-for-like baseline attached, as the bench attaches it. */
export const attachedSmokePair = (): RunData =>
  attachBaseline(
    recordedRun('notifications-smoke.service.run.json'),
    recordedRun('notifications-smoke.baseline.run.json'),
    loadTargets(),
    true,
  );
