/**
 * The Kubernetes objects kubepath keeps, typed by the fields the analysis uses (zod schemas).
 *
 * Parsing with these schemas *is* the normalisation: zod drops every key a schema does not
 * name, so a 7 KiB pod shrinks to what matters, and a wrong field type is reported with its
 * JSON pointer. Optional fields are `nullish` because kubectl output and manifests write
 * `null` for absent values (`creationTimestamp: null`, `rules: null` on aggregated roles).
 *
 * Redaction happens here too, so no code path can keep a secret value: Secret data becomes
 * key names, env vars keep no literal `value`, and the last-applied-configuration annotation
 * (which holds a Secret's data verbatim) is dropped.
 */
import { z } from 'zod';

const str = z.string();
const optStr = str.nullish();
const optBool = z.boolean().nullish();
const optInt = z.number().int().nullish();
const strList = z.array(str).nullish();
const stringMap = z.record(str, str);

/** Annotations whose value may hold secrets or whole objects; never kept. */
export const DROPPED_ANNOTATIONS: readonly string[] = ['kubectl.kubernetes.io/last-applied-configuration'];

const AnnotationsSchema = stringMap.transform((annotations) => {
  for (const key of DROPPED_ANNOTATIONS) delete annotations[key];
  return annotations;
});

const OwnerReferenceSchema = z.object({
  apiVersion: optStr,
  kind: str,
  name: str,
  uid: optStr,
  controller: optBool,
});

/** metadata of a named object; `namespace` is filled in by the collector for namespaced kinds. */
export const ObjectMetaSchema = z.object({
  name: str.min(1),
  namespace: optStr,
  uid: optStr,
  labels: stringMap.nullish(),
  annotations: AnnotationsSchema.nullish(),
  ownerReferences: z.array(OwnerReferenceSchema).nullish(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

/** metadata of a pod template (no name of its own). */
const TemplateMetaSchema = z.object({
  labels: stringMap.nullish(),
  annotations: AnnotationsSchema.nullish(),
});

/** A label selector: matchLabels and the four matchExpressions operators. */
export const LabelSelectorSchema = z.object({
  matchLabels: stringMap.nullish(),
  matchExpressions: z
    .array(
      z.object({
        key: str,
        operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: strList,
      }),
    )
    .nullish(),
});
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

// ── Pods ─────────────────────────────────────────────────────────────────────────────────────

const ProfileSchema = z.object({ type: str, localhostProfile: optStr });

const SecurityContextSchema = z.object({
  privileged: optBool,
  allowPrivilegeEscalation: optBool,
  readOnlyRootFilesystem: optBool,
  runAsUser: optInt,
  runAsGroup: optInt,
  runAsNonRoot: optBool,
  procMount: optStr,
  capabilities: z.object({ add: strList, drop: strList }).nullish(),
  seccompProfile: ProfileSchema.nullish(),
  appArmorProfile: ProfileSchema.nullish(),
});
export type SecurityContext = z.infer<typeof SecurityContextSchema>;

const PodSecurityContextSchema = z.object({
  runAsUser: optInt,
  runAsGroup: optInt,
  runAsNonRoot: optBool,
  fsGroup: optInt,
  seccompProfile: ProfileSchema.nullish(),
  appArmorProfile: ProfileSchema.nullish(),
  sysctls: z.array(z.object({ name: str, value: str })).nullish(),
});

const ContainerPortSchema = z.object({
  name: optStr,
  /** Required by the API, but manifests in the wild omit or misspell it; such a port is just unusable. */
  containerPort: optInt,
  hostPort: optInt,
  hostIP: optStr,
  protocol: optStr,
});

/** An env var keeps its name and where its value comes from; a literal `value` is dropped. */
const EnvVarSchema = z.object({
  name: str,
  valueFrom: z
    .object({
      secretKeyRef: z.object({ name: optStr, key: str, optional: optBool }).nullish(),
      configMapKeyRef: z.object({ name: optStr, key: str }).nullish(),
    })
    .nullish(),
});

const EnvFromSchema = z.object({
  prefix: optStr,
  secretRef: z.object({ name: optStr, optional: optBool }).nullish(),
  configMapRef: z.object({ name: optStr }).nullish(),
});

const QuantityMap = z.record(str, z.union([str, z.number()]));

const ContainerSchema = z.object({
  name: optStr,
  image: optStr,
  imagePullPolicy: optStr,
  securityContext: SecurityContextSchema.nullish(),
  ports: z.array(ContainerPortSchema).nullish(),
  volumeMounts: z
    .array(z.object({ name: str, mountPath: str, readOnly: optBool, subPath: optStr }))
    .nullish(),
  env: z.array(EnvVarSchema).nullish(),
  envFrom: z.array(EnvFromSchema).nullish(),
  resources: z.object({ limits: QuantityMap.nullish(), requests: QuantityMap.nullish() }).nullish(),
});

/**
 * A container list. The API requires names, but test data and hand-written manifests omit
 * them; an unnamed container is named by its position (`container-0`) so it still has an id.
 */
const ContainersSchema = z
  .array(ContainerSchema)
  .transform((containers) => containers.map((c, i) => ({ ...c, name: c.name || `container-${i}` })));
export type Container = z.infer<typeof ContainersSchema>[number];

const ProjectionSchema = z.object({
  secret: z.object({ name: optStr, optional: optBool }).nullish(),
  configMap: z.object({ name: optStr }).nullish(),
  serviceAccountToken: z.object({ audience: optStr, expirationSeconds: optInt, path: str }).nullish(),
});

const VolumeSchema = z.object({
  name: str,
  hostPath: z.object({ path: str, type: optStr }).nullish(),
  secret: z.object({ secretName: optStr, optional: optBool }).nullish(),
  configMap: z.object({ name: optStr }).nullish(),
  projected: z.object({ sources: z.array(ProjectionSchema).nullish() }).nullish(),
  persistentVolumeClaim: z.object({ claimName: str, readOnly: optBool }).nullish(),
  csi: z.object({ driver: str }).nullish(),
});
export type Volume = z.infer<typeof VolumeSchema>;

const TolerationSchema = z.object({ key: optStr, operator: optStr, value: optStr, effect: optStr });

const NodeSelectorRequirementSchema = z.object({ key: str, operator: str, values: strList });

const AffinitySchema = z.object({
  nodeAffinity: z
    .object({
      requiredDuringSchedulingIgnoredDuringExecution: z
        .object({
          nodeSelectorTerms: z.array(
            z.object({
              matchExpressions: z.array(NodeSelectorRequirementSchema).nullish(),
              matchFields: z.array(NodeSelectorRequirementSchema).nullish(),
            }),
          ),
        })
        .nullish(),
    })
    .nullish(),
});

export const PodSpecSchema = z.object({
  nodeName: optStr,
  serviceAccountName: optStr,
  /** Deprecated alias of serviceAccountName, still honoured by the API server. */
  serviceAccount: optStr,
  automountServiceAccountToken: optBool,
  hostPID: optBool,
  hostIPC: optBool,
  hostNetwork: optBool,
  hostUsers: optBool,
  shareProcessNamespace: optBool,
  securityContext: PodSecurityContextSchema.nullish(),
  nodeSelector: stringMap.nullish(),
  tolerations: z.array(TolerationSchema).nullish(),
  affinity: AffinitySchema.nullish(),
  priorityClassName: optStr,
  runtimeClassName: optStr,
  containers: ContainersSchema,
  initContainers: ContainersSchema.nullish(),
  ephemeralContainers: ContainersSchema.nullish(),
  volumes: z.array(VolumeSchema).nullish(),
});
export type PodSpec = z.infer<typeof PodSpecSchema>;

export const PodSchema = z.object({
  metadata: ObjectMetaSchema,
  spec: PodSpecSchema,
  status: z
    .object({
      phase: optStr,
      podIP: optStr,
      podIPs: z.array(z.object({ ip: str })).nullish(),
      hostIP: optStr,
    })
    .nullish(),
});
export type Pod = z.infer<typeof PodSchema>;

const PodTemplateSchema = z.object({ metadata: TemplateMetaSchema.nullish(), spec: PodSpecSchema });
export type PodTemplate = z.infer<typeof PodTemplateSchema>;

// ── Workloads ────────────────────────────────────────────────────────────────────────────────

const workload = <S extends z.ZodType>(selector: S) =>
  z.object({
    metadata: ObjectMetaSchema,
    spec: z.object({ replicas: optInt, selector: selector.nullish(), template: PodTemplateSchema }),
  });

export const DeploymentSchema = workload(LabelSelectorSchema);
export const DaemonSetSchema = workload(LabelSelectorSchema);
export const StatefulSetSchema = workload(LabelSelectorSchema);
export const ReplicaSetSchema = workload(LabelSelectorSchema);
/** ReplicationController selectors are plain label maps. */
export const ReplicationControllerSchema = workload(stringMap);
export const JobSchema = workload(LabelSelectorSchema);
export const CronJobSchema = z.object({
  metadata: ObjectMetaSchema,
  spec: z.object({
    schedule: optStr,
    suspend: optBool,
    jobTemplate: z.object({ spec: z.object({ template: PodTemplateSchema }) }),
  }),
});
export type Workload = z.infer<typeof DeploymentSchema>;
export type CronJob = z.infer<typeof CronJobSchema>;

// ── Cluster structure ────────────────────────────────────────────────────────────────────────

export const NamespaceSchema = z.object({ metadata: ObjectMetaSchema });
export type Namespace = z.infer<typeof NamespaceSchema>;

export const NodeSchema = z.object({
  metadata: ObjectMetaSchema,
  spec: z
    .object({
      taints: z.array(z.object({ key: str, value: optStr, effect: str })).nullish(),
      unschedulable: optBool,
      podCIDR: optStr,
      podCIDRs: strList,
      providerID: optStr,
    })
    .nullish(),
  status: z
    .object({
      addresses: z.array(z.object({ type: str, address: str })).nullish(),
      nodeInfo: z
        .object({
          kubeletVersion: optStr,
          containerRuntimeVersion: optStr,
          osImage: optStr,
          kernelVersion: optStr,
        })
        .nullish(),
    })
    .nullish(),
});
export type Node = z.infer<typeof NodeSchema>;

export const ServiceAccountSchema = z.object({
  metadata: ObjectMetaSchema,
  automountServiceAccountToken: optBool,
  secrets: z.array(z.object({ name: optStr })).nullish(),
});
export type ServiceAccount = z.infer<typeof ServiceAccountSchema>;

/**
 * A Secret keeps its type and the *names* of its keys. `data` and `stringData` are read only
 * to list their keys and never leave this transform; their values are not even validated, so
 * no error message can quote one.
 */
export const SecretSchema = z
  .object({
    metadata: ObjectMetaSchema,
    type: optStr,
    data: z.record(str, z.unknown()).nullish(),
    stringData: z.record(str, z.unknown()).nullish(),
    keys: strList,
  })
  .transform(({ metadata, type, data, stringData, keys }) => ({
    metadata,
    type: type ?? 'Opaque',
    keys: [
      ...new Set([...(keys ?? []), ...Object.keys(data ?? {}), ...Object.keys(stringData ?? {})]),
    ].sort(),
  }));
export type Secret = z.infer<typeof SecretSchema>;

/** Only kube-system/aws-auth is kept (the EKS identity mapping); its data is role mappings. */
export const ConfigMapSchema = z.object({ metadata: ObjectMetaSchema, data: stringMap.nullish() });
export type ConfigMap = z.infer<typeof ConfigMapSchema>;

// ── RBAC ─────────────────────────────────────────────────────────────────────────────────────

export const PolicyRuleSchema = z.object({
  verbs: z.array(str),
  apiGroups: strList,
  resources: strList,
  resourceNames: strList,
  nonResourceURLs: strList,
});
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

export const RoleSchema = z.object({
  metadata: ObjectMetaSchema,
  rules: z.array(PolicyRuleSchema).nullish(),
});
export type Role = z.infer<typeof RoleSchema>;

export const ClusterRoleSchema = z.object({
  metadata: ObjectMetaSchema,
  rules: z.array(PolicyRuleSchema).nullish(),
  aggregationRule: z.object({ clusterRoleSelectors: z.array(LabelSelectorSchema).nullish() }).nullish(),
});
export type ClusterRole = z.infer<typeof ClusterRoleSchema>;

const SubjectSchema = z.object({ kind: str, name: str, namespace: optStr, apiGroup: optStr });
export type Subject = z.infer<typeof SubjectSchema>;

const RoleRefSchema = z.object({ apiGroup: optStr, kind: str, name: str });

export const RoleBindingSchema = z.object({
  metadata: ObjectMetaSchema,
  roleRef: RoleRefSchema,
  subjects: z.array(SubjectSchema).nullish(),
});
export type RoleBinding = z.infer<typeof RoleBindingSchema>;
export const ClusterRoleBindingSchema = RoleBindingSchema;
export type ClusterRoleBinding = RoleBinding;

// ── Network ──────────────────────────────────────────────────────────────────────────────────

const IntOrString = z.union([z.number().int(), str]);

export const ServiceSchema = z.object({
  metadata: ObjectMetaSchema,
  spec: z
    .object({
      type: optStr,
      selector: stringMap.nullish(),
      ports: z
        .array(
          z.object({
            name: optStr,
            port: z.number().int(),
            targetPort: IntOrString.nullish(),
            nodePort: optInt,
            protocol: optStr,
          }),
        )
        .nullish(),
      clusterIP: optStr,
      clusterIPs: strList,
      externalIPs: strList,
      externalName: optStr,
      loadBalancerSourceRanges: strList,
    })
    .nullish(),
  status: z
    .object({
      loadBalancer: z
        .object({ ingress: z.array(z.object({ ip: optStr, hostname: optStr })).nullish() })
        .nullish(),
    })
    .nullish(),
});
export type Service = z.infer<typeof ServiceSchema>;

const TargetRefSchema = z.object({ kind: optStr, name: optStr, namespace: optStr });
const EndpointPortSchema = z.object({ name: optStr, port: optInt, protocol: optStr });
const EndpointAddressSchema = z.object({ ip: str, nodeName: optStr, targetRef: TargetRefSchema.nullish() });

export const EndpointsSchema = z.object({
  metadata: ObjectMetaSchema,
  subsets: z
    .array(
      z.object({
        addresses: z.array(EndpointAddressSchema).nullish(),
        notReadyAddresses: z.array(EndpointAddressSchema).nullish(),
        ports: z.array(EndpointPortSchema).nullish(),
      }),
    )
    .nullish(),
});
export type Endpoints = z.infer<typeof EndpointsSchema>;

export const EndpointSliceSchema = z.object({
  metadata: ObjectMetaSchema,
  addressType: optStr,
  endpoints: z
    .array(
      z.object({
        addresses: z.array(str),
        nodeName: optStr,
        targetRef: TargetRefSchema.nullish(),
        conditions: z.object({ ready: optBool }).nullish(),
      }),
    )
    .nullish(),
  ports: z.array(EndpointPortSchema).nullish(),
});
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;

const IngressBackendSchema = z.object({
  service: z.object({ name: str, port: z.object({ number: optInt, name: optStr }).nullish() }).nullish(),
});

export const IngressSchema = z.object({
  metadata: ObjectMetaSchema,
  spec: z
    .object({
      ingressClassName: optStr,
      defaultBackend: IngressBackendSchema.nullish(),
      rules: z
        .array(
          z.object({
            host: optStr,
            http: z
              .object({
                paths: z.array(z.object({ path: optStr, pathType: optStr, backend: IngressBackendSchema })),
              })
              .nullish(),
          }),
        )
        .nullish(),
      tls: z.array(z.object({ hosts: strList, secretName: optStr })).nullish(),
    })
    .nullish(),
});
export type Ingress = z.infer<typeof IngressSchema>;

const NetworkPolicyPeerSchema = z.object({
  podSelector: LabelSelectorSchema.nullish(),
  namespaceSelector: LabelSelectorSchema.nullish(),
  ipBlock: z.object({ cidr: str, except: strList }).nullish(),
});
const NetworkPolicyPortSchema = z.object({ protocol: optStr, port: IntOrString.nullish(), endPort: optInt });

/**
 * `from`/`to`/`ingress`/`egress` keep the difference between absent (undefined) and empty
 * ([]): in networking.k8s.io/v1 they mean different things.
 */
export const NetworkPolicySchema = z.object({
  metadata: ObjectMetaSchema,
  spec: z.object({
    podSelector: LabelSelectorSchema.nullish(),
    policyTypes: strList,
    ingress: z
      .array(
        z.object({
          from: z.array(NetworkPolicyPeerSchema).nullish(),
          ports: z.array(NetworkPolicyPortSchema).nullish(),
        }),
      )
      .nullish(),
    egress: z
      .array(
        z.object({
          to: z.array(NetworkPolicyPeerSchema).nullish(),
          ports: z.array(NetworkPolicyPortSchema).nullish(),
        }),
      )
      .nullish(),
  }),
});
export type NetworkPolicy = z.infer<typeof NetworkPolicySchema>;

// ── Admission and certificates ───────────────────────────────────────────────────────────────

/** A webhook keeps where it calls and what it intercepts; the caBundle is dropped. */
const WebhookSchema = z.object({
  name: str,
  clientConfig: z
    .object({
      url: optStr,
      service: z.object({ namespace: str, name: str, path: optStr, port: optInt }).nullish(),
    })
    .nullish(),
  rules: z
    .array(
      z.object({
        operations: strList,
        apiGroups: strList,
        apiVersions: strList,
        resources: strList,
        scope: optStr,
      }),
    )
    .nullish(),
  failurePolicy: optStr,
  namespaceSelector: LabelSelectorSchema.nullish(),
  objectSelector: LabelSelectorSchema.nullish(),
});

export const WebhookConfigurationSchema = z.object({
  metadata: ObjectMetaSchema,
  webhooks: z.array(WebhookSchema).nullish(),
});
export type WebhookConfiguration = z.infer<typeof WebhookConfigurationSchema>;

/** A CSR keeps who asked for what and its conditions; the request and certificate are dropped. */
export const CertificateSigningRequestSchema = z.object({
  metadata: ObjectMetaSchema,
  spec: z.object({
    signerName: optStr,
    usages: strList,
    username: optStr,
    groups: strList,
    expirationSeconds: optInt,
  }),
  status: z.object({ conditions: z.array(z.object({ type: str, status: optStr })).nullish() }).nullish(),
});
export type CertificateSigningRequest = z.infer<typeof CertificateSigningRequestSchema>;
