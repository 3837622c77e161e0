// vitest global setup: the real etcd + kube-apiserver + kube-controller-manager the live
// collector's tests talk to (scripts/test-cluster.mjs). Started once for the whole run (a few
// seconds with the binaries built; run-tests.mjs builds them first), stopped at the end unless
// it was already running (a developer's own `node scripts/test-cluster.mjs start`).
import { runningCluster, start, stop } from '../../scripts/test-cluster.mjs';

let startedHere = false;

export async function setup(): Promise<void> {
  if (runningCluster()) return;
  await start();
  startedHere = true;
}

export async function teardown(): Promise<void> {
  if (startedHere) await stop();
}
