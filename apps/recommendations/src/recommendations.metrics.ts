import { counter } from '@perflab/observability';

export const behaviorsAcceptedTotal = counter(
  'recommendations_behaviors_accepted_total',
  'Behaviours accepted by the API (202), by action',
  ['action'],
);
export const behaviorsProjectedTotal = counter(
  'recommendations_behaviors_projected_total',
  'Behaviours applied to the Redis model by ecomm-consumers (result: applied, or duplicate for a redelivery)',
  ['result'],
);
export const recommendationsServedTotal = counter(
  'recommendations_served_total',
  'Recommendation answers, by source (personal, mixed, popular, fallback = Redis unreachable)',
  ['source'],
);
export const modelRebuildsTotal = counter(
  'recommendations_model_rebuilds_total',
  'Rebuilds of the Redis model from the Postgres history after Redis came back empty',
);
