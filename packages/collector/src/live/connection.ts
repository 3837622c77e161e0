/**
 * A connection to a live API server, from a kubeconfig context or the pod's in-cluster
 * configuration, through @kubernetes/client-node's KubeConfig: it resolves contexts, bearer
 * tokens, client certificates and exec credential plugins (EKS, GKE and AKS use those), and
 * applies them to each request. Requests themselves are plain HTTPS GET/POST, so that
 * kubepath controls paging, the Accept header (Secrets as metadata only) and retries.
 */
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest } from 'node:http';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@kubepath/model';

export interface ConnectionOptions {
  /** A kubeconfig file; default $KUBECONFIG (first file) or ~/.kube/config. */
  kubeconfig?: string;
  /** A context of it; default its current context. */
  context?: string;
  /** Use the pod's service account (in-cluster configuration). */
  inCluster?: boolean;
}

/** One HTTP answer: status, headers and the body as text. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Connection {
  /** The API server's URL. */
  server: string;
  /** The context's name (or `in-cluster`), used as the cluster's name by default. */
  contextName: string;
  request(
    method: 'GET' | 'POST',
    path: string,
    options?: { accept?: string; body?: unknown },
  ): Promise<RawResponse>;
  close(): void;
}

/** Where the pod's service account is mounted: present when running in a cluster. */
const IN_CLUSTER_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Whether kubepath runs in a pod (and no kubeconfig was named): then in-cluster config is the default. */
export const runsInCluster = () =>
  existsSync(IN_CLUSTER_TOKEN) && process.env.KUBERNETES_SERVICE_HOST !== undefined;

export async function openConnection(options: ConnectionOptions = {}): Promise<Connection> {
  // Imported here: the library takes most of a second to load, and only collect needs it.
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  let contextName: string;
  if (options.inCluster) {
    kc.loadFromCluster();
    contextName = 'in-cluster';
  } else {
    const file =
      options.kubeconfig ?? process.env.KUBECONFIG?.split(':')[0] ?? join(homedir(), '.kube', 'config');
    if (!existsSync(file)) throw new UsageError(`kubeconfig ${file} does not exist (give --kubeconfig FILE)`);
    try {
      kc.loadFromFile(file);
    } catch (error) {
      throw new UsageError(
        `kubeconfig ${file} could not be read: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    if (options.context) {
      if (!kc.getContexts().some((c) => c.name === options.context))
        throw new UsageError(
          `kubeconfig ${file} has no context "${options.context}" (it has: ${kc
            .getContexts()
            .map((c) => c.name)
            .join(', ')})`,
        );
      kc.setCurrentContext(options.context);
    }
    contextName = kc.getCurrentContext();
    if (!contextName) throw new UsageError(`kubeconfig ${file} has no current context (give --context NAME)`);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new UsageError(`context "${contextName}" names no cluster`);
  const server = cluster.server.replace(/\/+$/, '');
  const url = new URL(server);
  const secure = url.protocol === 'https:';
  // TLS material as the context says, once; our own keep-alive agent carries it (the
  // library makes a new agent per request). Through a proxy, the library's agent is kept.
  let agent: Agent | undefined;
  const useLibraryAgent = Boolean(cluster.proxyUrl);

  async function request(
    method: 'GET' | 'POST',
    path: string,
    opts: { accept?: string; body?: unknown } = {},
  ): Promise<RawResponse> {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    // Tokens, exec plugins (refreshed when they expire) and certificates, per request.
    const applied: RequestOptions = { headers: {} };
    try {
      await kc.applyToHTTPSOptions(applied);
    } catch (error) {
      // The context's own settings (an exec plugin that fails, a refused scheme): no retry helps.
      throw new UsageError(`context "${contextName}": ${(error as Error).message.split('\n')[0]}`);
    }
    if (secure && !useLibraryAgent && !agent)
      agent = new Agent({
        keepAlive: true,
        maxSockets: 8,
        ...(applied.ca ? { ca: applied.ca } : {}),
        ...(applied.cert ? { cert: applied.cert } : {}),
        ...(applied.key ? { key: applied.key } : {}),
        ...(applied.rejectUnauthorized !== undefined
          ? { rejectUnauthorized: applied.rejectUnauthorized }
          : {}),
        ...(applied.servername ? { servername: applied.servername } : {}),
      });
    const req: RequestOptions = {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname.replace(/\/$/, '')}${path}`,
      headers: {
        ...applied.headers,
        Accept: opts.accept ?? 'application/json',
        'User-Agent': 'kubepath-collector',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(applied.auth ? { auth: applied.auth } : {}),
      agent: useLibraryAgent ? applied.agent : agent,
    };
    return new Promise((resolve, reject) => {
      const send = secure ? httpsRequest : httpRequest;
      const r = send(req, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      r.on('error', reject);
      if (body) r.write(body);
      r.end();
    });
  }

  return { server, contextName, request, close: () => agent?.destroy() };
}
