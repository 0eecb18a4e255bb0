// Container health probe: GET <path> (default /health/live, the liveness
// endpoint; compose passes /health for readiness) on this container's PORT.
// Plain Node (the slim image has no curl/wget); exits 0 on 2xx, 1 otherwise.
'use strict';

const port = process.env.PORT;
if (!port) {
  console.error('healthcheck: PORT is not set');
  process.exit(1);
}

const path = process.argv[2] ?? '/health/live';

fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(2500) })
  .then((res) => process.exit(res.ok ? 0 : 1))
  .catch((err) => {
    console.error(`healthcheck: ${err.message}`);
    process.exit(1);
  });
