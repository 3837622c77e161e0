/**
 * Scheduled reports, as the server's configuration gives them: `KUBEPATH_SCHEDULES` (YAML or
 * JSON text) or the file `KUBEPATH_SCHEDULES_FILE` names. zod-validated; a bad schedule stops
 * the server at start with the setting and the field named.
 *
 *   schedules:
 *     - name: demo                          # the cluster's name in reports and the API
 *       source: { files: [examples/demo-cluster] }   # re-read each run; or { cluster: prod }
 *       cron: "0 6 * * *"                   # croner: 5 or 6 fields (seconds first), and @daily…
 *       timezone: Europe/Berlin             # default UTC
 *       exploits: assumed
 *       deliver:
 *         - { type: files, dir: reports, formats: [json, md, html] }
 *         - { type: webhook, url: "https://hooks.example/kubepath", secretEnv: KUBEPATH_WEBHOOK_SECRET }
 *         - { type: slack, urlEnv: SLACK_WEBHOOK_URL }
 *   retention: { keep: 50, days: 90 }       # per cluster: the newest 50, none older than 90 days
 *
 * Webhook secrets and Slack URLs come from the environment or a file, never from this text
 * (which may be logged or shown) and never from the report store.
 */
import { Cron } from 'croner';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const FORMATS = ['json', 'md', 'html', 'sarif', 'junit'] as const;
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name');

const Delivery = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('files'),
    dir: z.string().min(1),
    formats: z.array(z.enum(FORMATS)).min(1).default(['json', 'md', 'html']),
  }),
  z
    .object({
      type: z.literal('webhook'),
      url: z.string().url(),
      /** The HMAC-SHA256 key: an environment variable's name, or a file holding it. */
      secretEnv: envName.optional(),
      secretFile: z.string().optional(),
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      retries: z.number().int().min(0).max(10).default(3),
    })
    .refine((d) => !(d.secretEnv && d.secretFile), 'give secretEnv or secretFile, not both'),
  z
    .object({
      type: z.literal('slack'),
      /** The incoming webhook's URL is a secret: from the environment or a file. */
      urlEnv: envName.optional(),
      urlFile: z.string().optional(),
      timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
      retries: z.number().int().min(0).max(10).default(3),
    })
    .refine((d) => Boolean(d.urlEnv) !== Boolean(d.urlFile), 'give urlEnv or urlFile'),
]);
export type Delivery = z.infer<typeof Delivery>;

const Schedule = z.object({
  // At most 54 characters: its scheduled snapshot's id (`scheduled-<name>`) must be a snapshot id.
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,53}$/, 'a lowercase name (letters, digits, dashes), at most 54 characters'),
  source: z.union([
    z.object({ files: z.array(z.string().min(1)).min(1) }).strict(),
    z.object({ cluster: z.string().min(1) }).strict(),
  ]),
  cron: z.string().refine((p) => {
    try {
      new Cron(p, { paused: true }).stop();
      return true;
    } catch {
      return false;
    }
  }, 'not a cron expression croner reads (5 or 6 fields, or @hourly, @daily…)'),
  timezone: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone')
    .default('UTC'),
  exploits: z.enum(['none', 'known', 'assumed']).default('assumed'),
  deliver: z.array(Delivery).default([]),
});
export type Schedule = z.infer<typeof Schedule>;

export const SchedulesConfigSchema = z.object({
  schedules: z.array(Schedule).default([]),
  retention: z
    .object({
      keep: z.number().int().min(1).max(100_000).default(50),
      days: z.number().int().min(1).max(36_500).default(90),
    })
    .default({ keep: 50, days: 90 }),
});
export type SchedulesConfig = z.infer<typeof SchedulesConfigSchema>;

/** Reads the schedules' text (YAML, of which JSON is a part); throws naming `where` and the field. */
export function parseSchedules(text: string | undefined, where: string): SchedulesConfig {
  if (!text?.trim()) return SchedulesConfigSchema.parse({});
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch {
    throw new Error(`${where}: not YAML or JSON`);
  }
  const parsed = SchedulesConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${where}: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  const names = parsed.data.schedules.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`${where}: two schedules are named ${twice}`);
  return parsed.data;
}
