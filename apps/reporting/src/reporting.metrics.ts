import { counter } from '@perflab/observability';

/** stored: new, counted in the rollups; duplicate: an event id seen before, counted nothing. */
export const impactEventsTotal = counter(
  'reporting_events_total',
  'Impact events consumed, by kind (session, feedback) and outcome (stored, duplicate)',
  ['kind', 'outcome'],
);
