import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "./db";

/** A volume as on the wire (specs/hub-jobs-api.md §5). */
export interface JobVolume {
  type: "bucket" | "model" | "dataset" | "space";
  /** `namespace/name` */
  source: string;
  /** absolute path inside the job */
  mountPath: string;
  revision?: string;
  readOnly?: boolean;
  /** sub-folder of the bucket/repo mounted at `mountPath` */
  path?: string;
}

/** A validated job spec (specs/hub-jobs-api.md §4) without secret values (see {@link JobStore}). */
export interface JobSpec {
  dockerImage: string | null;
  spaceId: string | null;
  command: string[] | null;
  arguments: string[];
  environment: Record<string, string>;
  flavor: string;
  /** as given; `null` means the Hub's default (1800 s) */
  timeoutSeconds: number | null;
  arch: "amd64" | "arm64" | null;
  attempts: number;
  labels: Record<string, string>;
  volumes: JobVolume[];
  expose: { ports: number[] } | null;
  ssh: { enabled: boolean } | null;
  resourceGroupId: string | null;
  /** hub-jobs-2x.md: `{group, aliases}`; absent in rows stored before it existed (read as null) */
  network?: { group: string; aliases: string[] } | null;
}

/** Stages the local Hub uses (specs/hub-jobs-api.md §7.2). */
export type JobStage = "SCHEDULING" | "RUNNING" | "COMPLETED" | "ERROR" | "CANCELED";
export const JOB_STAGES: readonly JobStage[] = ["SCHEDULING", "RUNNING", "COMPLETED", "ERROR", "CANCELED"];
export const TERMINAL_STAGES: readonly JobStage[] = ["COMPLETED", "ERROR", "CANCELED"];

/** `{id, name, type}` of an account (owner) */
export interface OwnerRef { id: string; name: string; type: "user" | "org" }
/** Who started a job: a user, a scheduled job (`id` = scheduled job id) or a duplicate (`id` = source job id). */
export interface InitiatorRef { type: "user" | "scheduled-job" | "duplicated-job"; id: string; name?: string }

/** One job row. Times are ISO strings (UTC, ms, `Z`). */
export interface JobRecord {
  seq: number;
  id: string;
  namespace: string;
  spec: JobSpec;
  /** names of the secrets; values are only readable through {@link JobStore.secrets} */
  secretNames: string[];
  stage: JobStage;
  message: string | null;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  owner: OwnerRef;
  initiator: InitiatorRef;
  createdBy: { id: string; name: string };
  /** host pid of the job's process-group leader while it runs */
  pid: number | null;
  scheduledJobId: string | null;
}

/** One scheduled job row (specs/hub-jobs-api.md §8.2). */
export interface ScheduledJobRecord {
  id: string;
  namespace: string;
  createdAt: string;
  updatedAt: string;
  schedule: string;
  suspend: boolean;
  concurrency: boolean;
  spec: JobSpec;
  secretNames: string[];
  owner: OwnerRef;
  createdBy: { id: string; name: string };
  lastJob: { id: string; at: string } | null;
}

interface JobRow {
  seq: number; id: string; namespace: string; spec: string; secret_names: string; stage: JobStage; message: string | null;
  created_at: string; updated_at: string; started_at: string | null; finished_at: string | null; owner: string;
  initiator: string; created_by: string; pid: number | null; scheduled_job_id: string | null;
}
interface ScheduledRow {
  id: string; namespace: string; created_at: string; updated_at: string; schedule: string; suspend: number;
  concurrency: number; spec: string; secret_names: string; owner: string; created_by: string;
  last_job_id: string | null; last_job_at: string | null;
}

const toJob = (r: JobRow): JobRecord => ({
  seq: r.seq, id: r.id, namespace: r.namespace, spec: JSON.parse(r.spec) as JobSpec,
  secretNames: JSON.parse(r.secret_names) as string[], stage: r.stage, message: r.message, createdAt: r.created_at,
  updatedAt: r.updated_at, startedAt: r.started_at, finishedAt: r.finished_at, owner: JSON.parse(r.owner) as OwnerRef,
  initiator: JSON.parse(r.initiator) as InitiatorRef, createdBy: JSON.parse(r.created_by) as JobRecord["createdBy"],
  pid: r.pid, scheduledJobId: r.scheduled_job_id,
});
const toScheduled = (r: ScheduledRow): ScheduledJobRecord => ({
  id: r.id, namespace: r.namespace, createdAt: r.created_at, updatedAt: r.updated_at, schedule: r.schedule,
  suspend: r.suspend === 1, concurrency: r.concurrency === 1, spec: JSON.parse(r.spec) as JobSpec,
  secretNames: JSON.parse(r.secret_names) as string[], owner: JSON.parse(r.owner) as OwnerRef,
  createdBy: JSON.parse(r.created_by) as ScheduledJobRecord["createdBy"],
  lastJob: r.last_job_id && r.last_job_at ? { id: r.last_job_id, at: r.last_job_at } : null,
});

/** Filters and cursor of {@link JobStore.list}. */
export interface JobListQuery {
  namespace: string;
  stages: JobStage[];
  /** every pair must match; `value === null` means "label present with any value" */
  labels: { key: string; value: string | null }[];
  /** return jobs with `seq` below this (newest first) */
  beforeSeq: number | null;
  limit: number;
}

/**
 * Jobs and scheduled jobs in SQLite (`jobs`, `scheduled_jobs`). Secret values are kept apart from
 * the spec, encrypted with AES-256-GCM under a key in `{dir}/jobs-secrets.key`, because the Hub
 * stores them "encrypted server side" and only ever returns their names (specs/hub-jobs-api.md §6.4).
 */
export class JobStore {
  private readonly key: Buffer;

  constructor(private readonly db: Db, dir: string) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS jobs (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, namespace TEXT NOT NULL, spec TEXT NOT NULL,
        secret_names TEXT NOT NULL, secrets_enc TEXT, stage TEXT NOT NULL, message TEXT, created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, owner TEXT NOT NULL, initiator TEXT NOT NULL,
        created_by TEXT NOT NULL, pid INTEGER, scheduled_job_id TEXT);
      CREATE INDEX IF NOT EXISTS jobs_ns_seq ON jobs (namespace, seq);
      CREATE INDEX IF NOT EXISTS jobs_stage ON jobs (stage);
      CREATE TABLE IF NOT EXISTS scheduled_jobs (
        id TEXT PRIMARY KEY, namespace TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        schedule TEXT NOT NULL, suspend INTEGER NOT NULL, concurrency INTEGER NOT NULL, spec TEXT NOT NULL,
        secret_names TEXT NOT NULL, secrets_enc TEXT, owner TEXT NOT NULL, created_by TEXT NOT NULL,
        last_job_id TEXT, last_job_at TEXT);
    `);
    const keyFile = join(dir, "jobs-secrets.key");
    if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString("hex"), { mode: 0o600 });
    this.key = Buffer.from(readFileSync(keyFile, "utf8").trim(), "hex");
  }

  private encrypt(secrets: Record<string, string>): string | null {
    if (Object.keys(secrets).length === 0) return null;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(secrets), "utf8"), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64")).join(".");
  }

  private decrypt(blob: string | null): Record<string, string> {
    if (!blob) return {};
    const [iv, tag, body] = blob.split(".").map((s) => Buffer.from(s, "base64"));
    const decipher = createDecipheriv("aes-256-gcm", this.key, iv);
    decipher.setAuthTag(tag);
    return JSON.parse(Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8")) as Record<string, string>;
  }

  /** Inserts a job in stage SCHEDULING and returns it. */
  insert(job: Omit<JobRecord, "seq" | "secretNames" | "stage" | "message" | "startedAt" | "finishedAt" | "pid" | "updatedAt">, secrets: Record<string, string>): JobRecord {
    this.db
      .prepare(`INSERT INTO jobs (id, namespace, spec, secret_names, secrets_enc, stage, message, created_at, updated_at,
        owner, initiator, created_by, scheduled_job_id) VALUES (?, ?, ?, ?, ?, 'SCHEDULING', NULL, ?, ?, ?, ?, ?, ?)`)
      .run(job.id, job.namespace, JSON.stringify(job.spec), JSON.stringify(Object.keys(secrets)), this.encrypt(secrets),
        job.createdAt, job.createdAt, JSON.stringify(job.owner), JSON.stringify(job.initiator), JSON.stringify(job.createdBy),
        job.scheduledJobId);
    return this.get(job.id) as JobRecord;
  }

  get(id: string): JobRecord | null {
    const row = this.db.prepare(`SELECT * FROM jobs WHERE id = ?`).get(id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  /** The secret values of a job (for its process environment only). */
  secrets(id: string): Record<string, string> {
    const row = this.db.prepare(`SELECT secrets_enc FROM jobs WHERE id = ?`).get(id) as { secrets_enc: string | null } | undefined;
    return this.decrypt(row?.secrets_enc ?? null);
  }

  /** Updates some of stage, message, startedAt, finishedAt, pid, labels; bumps updatedAt. */
  update(id: string, patch: Partial<Pick<JobRecord, "stage" | "message" | "startedAt" | "finishedAt" | "pid">> & { labels?: Record<string, string> }, now: string): JobRecord | null {
    const job = this.get(id);
    if (!job) return null;
    const spec = patch.labels ? { ...job.spec, labels: patch.labels } : job.spec;
    this.db
      .prepare(`UPDATE jobs SET stage = ?, message = ?, started_at = ?, finished_at = ?, pid = ?, spec = ?, updated_at = ? WHERE id = ?`)
      .run(patch.stage ?? job.stage, patch.message !== undefined ? patch.message : job.message,
        patch.startedAt !== undefined ? patch.startedAt : job.startedAt,
        patch.finishedAt !== undefined ? patch.finishedAt : job.finishedAt,
        patch.pid !== undefined ? patch.pid : job.pid, JSON.stringify(spec), now, id);
    return this.get(id);
  }

  /** One page of a namespace's jobs, newest first; filters are applied in SQL so pages stay full. */
  list(q: JobListQuery): JobRecord[] {
    const where = ["namespace = ?"];
    const args: (string | number)[] = [q.namespace];
    if (q.stages.length) {
      where.push(`stage IN (${q.stages.map(() => "?").join(", ")})`);
      args.push(...q.stages);
    }
    for (const l of q.labels) {
      // Label keys are limited to [A-Za-z0-9._-], so a quoted JSON path member is safe.
      const path = `$.labels."${l.key}"`;
      if (l.value === null) {
        where.push(`json_type(spec, ?) IS NOT NULL`);
        args.push(path);
      } else {
        where.push(`json_extract(spec, ?) = ?`);
        args.push(path, l.value);
      }
    }
    if (q.beforeSeq !== null) {
      where.push("seq < ?");
      args.push(q.beforeSeq);
    }
    const rows = this.db
      .prepare(`SELECT * FROM jobs WHERE ${where.join(" AND ")} ORDER BY seq DESC LIMIT ?`)
      .all(...args, q.limit) as JobRow[];
    return rows.map(toJob);
  }

  /** Jobs in the given stages across namespaces, oldest first (queue order). */
  inStages(stages: JobStage[]): JobRecord[] {
    const rows = this.db
      .prepare(`SELECT * FROM jobs WHERE stage IN (${stages.map(() => "?").join(", ")}) ORDER BY seq`)
      .all(...stages) as JobRow[];
    return rows.map(toJob);
  }

  /** Whether a scheduled job has a run in SCHEDULING or RUNNING. */
  hasActiveRun(scheduledJobId: string): boolean {
    return !!this.db
      .prepare(`SELECT 1 FROM jobs WHERE scheduled_job_id = ? AND stage IN ('SCHEDULING', 'RUNNING') LIMIT 1`)
      .get(scheduledJobId);
  }

  insertScheduled(sj: Omit<ScheduledJobRecord, "secretNames" | "lastJob">, secrets: Record<string, string>): ScheduledJobRecord {
    this.db
      .prepare(`INSERT INTO scheduled_jobs (id, namespace, created_at, updated_at, schedule, suspend, concurrency, spec,
        secret_names, secrets_enc, owner, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(sj.id, sj.namespace, sj.createdAt, sj.updatedAt, sj.schedule, sj.suspend ? 1 : 0, sj.concurrency ? 1 : 0,
        JSON.stringify(sj.spec), JSON.stringify(Object.keys(secrets)), this.encrypt(secrets), JSON.stringify(sj.owner),
        JSON.stringify(sj.createdBy));
    return this.getScheduled(sj.id) as ScheduledJobRecord;
  }

  getScheduled(id: string): ScheduledJobRecord | null {
    const row = this.db.prepare(`SELECT * FROM scheduled_jobs WHERE id = ?`).get(id) as ScheduledRow | undefined;
    return row ? toScheduled(row) : null;
  }

  scheduledSecrets(id: string): Record<string, string> {
    const row = this.db.prepare(`SELECT secrets_enc FROM scheduled_jobs WHERE id = ?`).get(id) as { secrets_enc: string | null } | undefined;
    return this.decrypt(row?.secrets_enc ?? null);
  }

  /** All scheduled jobs of a namespace (or of every namespace), oldest first. */
  listScheduled(namespace: string | null): ScheduledJobRecord[] {
    const rows = (namespace === null
      ? this.db.prepare(`SELECT * FROM scheduled_jobs ORDER BY created_at, id`).all()
      : this.db.prepare(`SELECT * FROM scheduled_jobs WHERE namespace = ? ORDER BY created_at, id`).all(namespace)) as ScheduledRow[];
    return rows.map(toScheduled);
  }

  updateScheduled(id: string, patch: { suspend?: boolean; labels?: Record<string, string>; lastJob?: { id: string; at: string } }, now: string): ScheduledJobRecord | null {
    const sj = this.getScheduled(id);
    if (!sj) return null;
    const spec = patch.labels ? { ...sj.spec, labels: patch.labels } : sj.spec;
    const suspend = patch.suspend ?? sj.suspend;
    const last = patch.lastJob ?? sj.lastJob;
    this.db
      .prepare(`UPDATE scheduled_jobs SET suspend = ?, spec = ?, last_job_id = ?, last_job_at = ?, updated_at = ? WHERE id = ?`)
      .run(suspend ? 1 : 0, JSON.stringify(spec), last?.id ?? null, last?.at ?? null, now, id);
    return this.getScheduled(id);
  }

  deleteScheduled(id: string): boolean {
    return this.db.prepare(`DELETE FROM scheduled_jobs WHERE id = ?`).run(id).changes > 0;
  }

  /** Wipes both tables (test reset). */
  wipe(): void {
    this.db.exec(`DELETE FROM jobs; DELETE FROM scheduled_jobs;`);
  }
}
