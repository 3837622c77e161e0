/**
 * What this identity may list, asked before listing: one SelfSubjectAccessReview per kind
 * (verb list, cluster-wide — or in each namespace given with -n). Every authenticated user may
 * create these reviews (the default system:basic-user role). `collect --check` prints the
 * answers; the collection itself lists what is allowed and tries the rest namespace by
 * namespace.
 * https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
 */
import type { KindName } from '@kubepath/model';
import { ApiError, type ApiClient } from './api-client.js';
import type { ServedKind } from './discovery.js';

export interface Permission {
  kind: KindName;
  group: string;
  resource: string;
  /** May list it (cluster-wide, or in every namespace given); false when denied; null when unknown. */
  allowed: boolean | null;
  /** Namespaces (of those given) where it is denied. */
  deniedIn?: string[];
  reason?: string;
}

interface AccessReview {
  status?: { allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string };
}

const REVIEWS = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

/** Whether this identity may `verb` the resource (in `namespace`, or cluster-wide). */
export async function mayI(
  client: ApiClient,
  attributes: { verb: string; group: string; resource: string; namespace?: string; name?: string },
): Promise<{ allowed: boolean | null; reason?: string }> {
  try {
    const review = await client.json<AccessReview>('POST', REVIEWS, {
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: attributes },
      },
    });
    return {
      allowed: review.status?.allowed === true,
      ...(review.status?.reason ? { reason: review.status.reason } : {}),
    };
  } catch (error) {
    if (error instanceof ApiError)
      return { allowed: null, reason: `cannot ask: ${error.status} ${error.reason}` };
    throw error;
  }
}

export async function checkPermissions(
  client: ApiClient,
  kinds: readonly ServedKind[],
  namespaces?: readonly string[],
): Promise<Permission[]> {
  return Promise.all(
    kinds.map(async (k): Promise<Permission> => {
      const base = { kind: k.kind, group: k.group, resource: k.resource };
      // ConfigMaps: kubepath reads only kube-system/aws-auth, by name (get, not list).
      if (k.kind === 'ConfigMap') {
        const r = await mayI(client, {
          verb: 'get',
          group: '',
          resource: 'configmaps',
          namespace: 'kube-system',
          name: 'aws-auth',
        });
        return { ...base, ...r };
      }
      if (!namespaces || !k.namespaced) {
        const r = await mayI(client, { verb: 'list', group: k.group, resource: k.resource });
        return { ...base, ...r };
      }
      const answers = await Promise.all(
        namespaces.map(async (namespace) => ({
          namespace,
          ...(await mayI(client, { verb: 'list', group: k.group, resource: k.resource, namespace })),
        })),
      );
      const deniedIn = answers.filter((a) => a.allowed === false).map((a) => a.namespace);
      return {
        ...base,
        allowed: answers.some((a) => a.allowed === null) ? null : deniedIn.length === 0,
        ...(deniedIn.length ? { deniedIn } : {}),
      };
    }),
  );
}
