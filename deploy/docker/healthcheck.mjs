// The image's HEALTHCHECK, shared by its three apps. It probes the /health of whichever app the
// container runs: the gateway and the recipe service answer on PORT, a bundle worker only on
// AICR_METRICS_PORT (API.md §8.7: 200 while its Redis connection is up). The app is read from
// PID 1's command line, so one image-level HEALTHCHECK is right for every `command:` override.
// Outside a container (the topology harness) the app's pid is the first argument.
import { readFileSync } from 'node:fs';

function appCommand(pid = process.argv[2] ?? '1') {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

const isWorker = appCommand().includes('bundle-worker');
const port = isWorker ? process.env.AICR_METRICS_PORT : process.env.PORT || '8080';
if (!port) {
  // Unhealthy rather than a silent pass: a worker without the port has nothing to probe.
  console.error('bundle-worker has no health endpoint: set AICR_METRICS_PORT');
  process.exit(1);
}
// A wildcard listener (the default 0.0.0.0, or ::) is reachable on loopback; a specific HOST is not.
const host = process.env.HOST && !['0.0.0.0', '::'].includes(process.env.HOST) ? process.env.HOST : '127.0.0.1';
const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/health`;

try {
  const res = await fetch(url, { signal: AbortSignal.timeout(2500) });
  if (!res.ok) console.error(`${url} answered ${res.status}`);
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  console.error(`${url}: ${err.message}`);
  process.exit(1);
}
