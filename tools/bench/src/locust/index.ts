export { csvFields, parseLocustStats, type LocustRow } from './locust-stats';
export { locustBin, runLocust, type LocustRun } from './run-locust';
export { locustBarsFor, locustSection, type LocustBars } from './locust-report';
