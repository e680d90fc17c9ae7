import { writeFileSync } from "node:fs";

/** `network.group`: lowercase alphanumerics and dashes, ≤ 46 (huggingface_hub 2.0.0 `--network-group` help). */
export const NETWORK_GROUP_RE = /^[a-z0-9-]{1,46}$/;
/** A network alias: lowercase alphanumerics and dashes, ≤ 34, unique within the job (same source). */
export const NETWORK_ALIAS_RE = /^[a-z0-9-]{1,34}$/;

/**
 * Names inside a member. HF Jobs does not document the values, only the variables
 * (`$HF_NETWORK_GROUP_HOSTNAME`, `${HF_NETWORK_GROUP_PREFIX}<alias>`, huggingface_hub 2.0.0
 * `hf_api.run_job` docstring); these are single DNS labels (≤ 63 chars, so Python's IDNA codec
 * accepts them) that cannot shadow `localhost` or a real host.
 */
export const groupHostname = (group: string) => `hf-group-${group}`;
/** `$HF_NETWORK_GROUP_PREFIX`: an alias `a` is the host `hf-alias-a` (see {@link groupHostname}). */
export const ALIAS_PREFIX = "hf-alias-";

/** Loopback block for members: all of 127/8 reaches `lo` on Linux, so each member gets its own address. */
const ADDRESS_BASE = [127, 100];

/** One job in a group, while its process runs. */
interface Member {
  jobId: string;
  address: string;
  aliases: string[];
  hostsFile: string;
}

/** A job's place in its group. */
export interface GroupMembership {
  /** the member's own loopback address (its name in the group resolves here) */
  address: string;
  /** variables for the job: `HF_NETWORK_GROUP_HOSTNAME`, `HF_NETWORK_GROUP_PREFIX` */
  env: Record<string, string>;
}

/**
 * The `/etc/hosts` a member sees: `localhost`, then the group's hostname once per member and each
 * alias once per member claiming it. Every name is checked against the validation patterns again
 * here, and addresses must be 127.x.y.z, so no string from a request can add a line or a name.
 * @throws Error when a group, alias or address is malformed (validation let something through)
 */
export function renderGroupHosts(group: string, members: { address: string; aliases: string[] }[]): string {
  if (!NETWORK_GROUP_RE.test(group)) throw new Error(`invalid network group ${JSON.stringify(group)}`);
  const lines = ["127.0.0.1\tlocalhost", "::1\tlocalhost ip6-localhost ip6-loopback", `# network group ${group} (written by the local Hub)`];
  for (const m of members) {
    if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(m.address)) throw new Error(`invalid member address ${JSON.stringify(m.address)}`);
    lines.push(`${m.address}\t${groupHostname(group)}`);
  }
  for (const m of members) {
    for (const a of m.aliases) {
      if (!NETWORK_ALIAS_RE.test(a)) throw new Error(`invalid network alias ${JSON.stringify(a)}`);
      lines.push(`${m.address}\t${ALIAS_PREFIX}${a}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The network groups of one local Hub. A member joins when its process starts and leaves when it
 * ends; at each change every member's hosts file is rewritten in place (same inode, so the file
 * bind-mounted at `/etc/hosts` in each sandbox shows the new list at the next lookup, as a DNS
 * record would). Groups are keyed by namespace + resource group + name (hub-jobs-2x.md: jobs of one
 * namespace and resource group sharing a group are placed together).
 */
export class NetworkGroups {
  private readonly groups = new Map<string, Member[]>();
  private readonly byJob = new Map<string, { key: string; group: string }>();
  private readonly used = new Set<string>();
  private next = 0;

  private allocate(): string {
    for (let n = 0; n < 65534; n += 1) {
      const i = ((this.next + n) % 65534) + 1;
      const addr = `${ADDRESS_BASE[0]}.${ADDRESS_BASE[1]}.${i >> 8}.${i & 255}`;
      if ((i & 255) !== 0 && (i & 255) !== 255 && !this.used.has(addr)) {
        this.next = i;
        this.used.add(addr);
        return addr;
      }
    }
    throw new Error("no free loopback address for another network-group member");
  }

  /**
   * Adds a job to its group and (re)writes the hosts file of every member, this job's `hostsFile`
   * included (a host path the job cannot write; bind it read-only at `/etc/hosts`).
   */
  join(p: { jobId: string; namespace: string; resourceGroupId: string | null; group: string; aliases: string[]; hostsFile: string }): GroupMembership {
    const key = JSON.stringify([p.namespace, p.resourceGroupId, p.group]);
    const members = this.groups.get(key) ?? [];
    const address = this.allocate();
    members.push({ jobId: p.jobId, address, aliases: p.aliases, hostsFile: p.hostsFile });
    this.groups.set(key, members);
    this.byJob.set(p.jobId, { key, group: p.group });
    this.rewrite(p.group, members);
    return { address, env: { HF_NETWORK_GROUP_HOSTNAME: groupHostname(p.group), HF_NETWORK_GROUP_PREFIX: ALIAS_PREFIX } };
  }

  /** Removes a job (no-op when it is not a member) and updates the others' hosts files. */
  leave(jobId: string): void {
    const ref = this.byJob.get(jobId);
    if (!ref) return;
    this.byJob.delete(jobId);
    const members = (this.groups.get(ref.key) ?? []).filter((m) => {
      if (m.jobId !== jobId) return true;
      this.used.delete(m.address);
      return false;
    });
    if (members.length === 0) this.groups.delete(ref.key);
    else this.groups.set(ref.key, members);
    this.rewrite(ref.group, members);
  }

  private rewrite(group: string, members: Member[]): void {
    const text = renderGroupHosts(group, members);
    for (const m of members) {
      try {
        // "w" truncates and writes the same inode: the bind mount in the sandbox sees the new text.
        writeFileSync(m.hostsFile, text, { flag: "w" });
      } catch {
        // the member's folder is gone (job being cleaned up)
      }
    }
  }
}
