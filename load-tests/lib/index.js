// Convenience barrel: import { client, thresholdsFor, load, uniqueEmail } from '../lib/index.js'
export * from './http.js';
export * from './ids.js';
export * from './profiles.js';
export * from './targets.js';
export * from './async.js';
