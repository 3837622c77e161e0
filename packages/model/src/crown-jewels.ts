/**
 * User-defined crown jewels (DESIGN.md "Crown jewels"): objects that matter to this cluster's
 * owners, beyond target:cluster-admin and target:etcd. Declared in a config file, or by the
 * label `kubepath.dev/crown-jewel=true` on the object itself.
 *
 *   apiVersion: kubepath.dev/v1
 *   kind: CrownJewels
 *   jewels:
 *     - { kind: Secret, namespace: payments, name: ledger-db, reason: "card data" }
 *     - { kind: Deployment, namespace: payments, labelSelector: { matchLabels: { tier: core } } }
 *     - { kind: Namespace, name: vault }          # every secret of the namespace
 *   tierZero:                                      # privileged by design: reported apart
 *     - { kind: Deployment, namespace: argocd, name: argocd-application-controller }
 */
import { z } from 'zod';
import { LabelSelectorSchema } from './kubernetes.js';

/** The label that marks any object as a crown jewel. */
export const CROWN_JEWEL_LABEL = 'kubepath.dev/crown-jewel';
/** The label that marks any object as Tier Zero: it holds a crown jewel by design (an operator the team trusts). */
export const TIER_ZERO_LABEL = 'kubepath.dev/tier-zero';

export const CROWN_JEWEL_KINDS = [
  'Secret',
  'ServiceAccount',
  'Pod',
  'Node',
  'Namespace',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
] as const;

export const CrownJewelSelectorSchema = z.object({
  kind: z.enum(CROWN_JEWEL_KINDS),
  namespace: z.string().optional(),
  name: z.string().optional(),
  labelSelector: LabelSelectorSchema.optional(),
  reason: z.string().optional(),
});
export type CrownJewelSelector = z.infer<typeof CrownJewelSelectorSchema>;

export const CrownJewelConfigSchema = z.object({
  apiVersion: z.literal('kubepath.dev/v1'),
  kind: z.literal('CrownJewels'),
  jewels: z.array(CrownJewelSelectorSchema).default([]),
  /** Objects that hold a crown jewel by design (Tier Zero): never entry points of a finding. */
  tierZero: z.array(CrownJewelSelectorSchema).default([]),
});
/** A crown-jewel config as written (both lists optional). */
export type CrownJewelConfig = z.input<typeof CrownJewelConfigSchema>;
