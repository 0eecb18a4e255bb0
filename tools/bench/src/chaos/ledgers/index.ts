import type { SuiteLedger } from '../ledger';
import { ledger as auth } from './auth';
import { ledger as chat } from './chat';
import { ledger as ingestion } from './ingestion';
import { ledger as notifications } from './notifications';
import { ledger as recommendations } from './recommendations';
import { ledger as reporting } from './reporting';

// Each suite's chaos ledger, by suite name: a new suite writes ledgers/<suite>.ts and adds
// one line here; the chaos engine does not change.
export const LEDGERS: Record<string, SuiteLedger> = {
  auth,
  chat,
  ingestion,
  notifications,
  recommendations,
  reporting,
};
