import { z } from 'zod';

/**
 * The shape of `cluster.yaml`. Only the shape: property names and values are checked against the
 * model by `planApply`, where the types are known.
 *
 * ```yaml
 * cluster: demo
 * nodes: [n1, { name: n2, zones: [z1] }]
 * types: [{ rtr: rtr/ferry.demo }, { name: Cmdline }]
 * groups:
 *   web-rg:
 *     managed: true
 *     properties: { Nodelist: [n1, n2], Failback: true }
 *     resources:
 *       web-rs: { type: ferry.demo, properties: { Port: 8080 }, perNode: { Port: { n2: 8081 } } }
 * applications:            # RMS userApplications: groups with flavor userApplication
 *   app_guest1:
 *     properties: { Nodelist: [n1, n2], AutoStartUp: yes, AutoSwitchOver: HostFailure|ResourceFailure }
 *     resources:
 *       guest1: { type: Cmdline, properties: { Start_command: /opt/ovm/start guest1 } }
 * ```
 */
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const valueMessage = { message: 'must be a value (string, number, TRUE/FALSE) or a list of values' };
const propertyValue = z.union([scalar, z.array(scalar)], { errorMap: () => valueMessage });
const propertyMap = z.record(propertyValue).nullish();

const nodeObject = z.object({
  name: z.string().min(1),
  id: z.number().int().positive().optional(),
  zones: z.array(z.string()).nullish(),
}).strict();
const nodeEntry = z.preprocess((v) => (typeof v === 'string' ? { name: v } : v), nodeObject);

const typeEntry = z.object({
  rtr: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  trustGlobalZone: z.boolean().optional(),
}).strict().refine((t) => (t.rtr === undefined) !== (t.name === undefined), { message: 'give either "rtr: <RTR file>" or "name: <built-in type>"' });

// An empty entry (`web-rg:` with nothing under it) is an entry with every field left out.
const orEmpty = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => v ?? {}, schema);

const resourceEntry = z.object({
  type: z.string().min(1),
  properties: propertyMap,
  perNode: z.record(z.record(propertyValue)).nullish(),
  enabled: z.boolean().optional(),
  monitored: z.boolean().optional(),
}).strict();

const groupEntry = z.object({
  flavor: z.enum(['resourceGroup', 'userApplication']).optional(),
  managed: z.boolean().optional(),
  suspended: z.boolean().optional(),
  properties: propertyMap,
  resources: z.record(orEmpty(resourceEntry)).nullish(),
}).strict();

/**
 * An RMS userApplication, written under `applications:` (the same fields as a group, without
 * `flavor`: it is always userApplication). Its `properties` hold the RMS attributes and Nodelist
 * (the SysNode priority list).
 */
const applicationEntry = groupEntry.omit({ flavor: true }).strict();

export const clusterFileSchema = z.object({
  cluster: z.string().min(1),
  nodes: z.array(nodeEntry).nullish(),
  types: z.array(typeEntry).nullish(),
  groups: z.record(orEmpty(groupEntry)).nullish(),
  applications: z.record(orEmpty(applicationEntry)).nullish(),
}).strict();

export type ClusterFile = z.infer<typeof clusterFileSchema>;
