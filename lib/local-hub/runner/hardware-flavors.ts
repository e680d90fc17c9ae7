/** One entry of `GET /api/jobs/hardware` in the Hub's shape (specs/hub-jobs-api.md §7.9). */
export interface HardwareFlavor {
  name: string;
  prettyName: string;
  /** e.g. `"2 vCPU"` */
  cpu: string;
  /** e.g. `"16 GB"` */
  ram: string;
  ephemeralStorage: string;
  accelerator: { type: "gpu"; model: string; quantity: string; vram: string; manufacturer: "Nvidia" } | null;
  /** price per minute in millionths of a dollar, rounded */
  unitCostMicroUSD: number;
  /** price per minute in dollars */
  unitCostUSD: number;
  unitLabel: "minute";
}

type Row = [name: string, pretty: string, cpu: number, ramGb: number, storageGb: number, gpu: [n: number, model: string, vramGb: number] | null, usdPerHour: number];

/** specs/hub-jobs-api.md §6.2, the PY jobs guide's table (prices per hour). */
const ROWS: Row[] = [
  ["cpu-basic", "CPU Basic", 2, 16, 50, null, 0.01],
  ["cpu-upgrade", "CPU Upgrade", 8, 32, 50, null, 0.03],
  ["cpu-performance", "CPU Performance", 32, 256, 1024, null, 1.9],
  ["cpu-xl", "CPU XL", 16, 124, 1000, null, 1.0],
  ["t4-small", "Nvidia T4 - small", 4, 15, 50, [1, "T4", 16], 0.4],
  ["t4-medium", "Nvidia T4 - medium", 8, 30, 100, [1, "T4", 16], 0.6],
  ["l4x1", "1x Nvidia L4", 8, 30, 400, [1, "L4", 24], 0.8],
  ["l4x4", "4x Nvidia L4", 48, 186, 3200, [4, "L4", 96], 3.8],
  ["l40sx1", "1x Nvidia L40S", 8, 62, 380, [1, "L40S", 48], 1.8],
  ["l40sx4", "4x Nvidia L40S", 48, 382, 3200, [4, "L40S", 192], 8.3],
  ["l40sx8", "8x Nvidia L40S", 192, 1534, 6500, [8, "L40S", 384], 23.5],
  ["a10g-small", "Nvidia A10G - small", 4, 15, 110, [1, "A10G", 24], 1.0],
  ["a10g-large", "Nvidia A10G - large", 12, 46, 200, [1, "A10G", 24], 1.5],
  ["a10g-largex2", "2x Nvidia A10G - large", 24, 92, 1000, [2, "A10G", 48], 3.0],
  ["a10g-largex4", "4x Nvidia A10G - large", 48, 184, 2000, [4, "A10G", 96], 5.0],
  ["a100-large", "Nvidia A100 - large", 12, 142, 1000, [1, "A100", 80], 2.5],
  ["a100x4", "4x Nvidia A100", 48, 568, 4000, [4, "A100", 320], 10.0],
  ["a100x8", "8x Nvidia A100", 96, 1136, 8000, [8, "A100", 640], 20.0],
  ["h200", "Nvidia H200", 23, 256, 3000, [1, "H200", 141], 5.0],
  ["h200x2", "2x Nvidia H200", 46, 512, 6000, [2, "H200", 282], 10.0],
  ["h200x4", "4x Nvidia H200", 92, 1024, 12000, [4, "H200", 564], 20.0],
  ["h200x8", "8x Nvidia H200", 184, 2048, 24000, [8, "H200", 1128], 40.0],
  ["rtx-pro-6000", "Nvidia RTX PRO 6000", 23, 256, 475, [1, "RTX PRO 6000", 96], 2.75],
  ["rtx-pro-6000x2", "2x Nvidia RTX PRO 6000", 46, 512, 950, [2, "RTX PRO 6000", 192], 5.5],
  ["rtx-pro-6000x4", "4x Nvidia RTX PRO 6000", 92, 1024, 1900, [4, "RTX PRO 6000", 384], 11.0],
  ["rtx-pro-6000x8", "8x Nvidia RTX PRO 6000", 184, 2048, 3800, [8, "RTX PRO 6000", 768], 22.0],
];

/**
 * The 26 job flavors with the Hub's fields. Per-minute prices are derived from the hourly table
 * (`unitCostUSD = $/h ÷ 60`, rounded to 6 decimals; `unitCostMicroUSD` = that × 10⁶, rounded).
 */
export const HARDWARE_FLAVORS: readonly HardwareFlavor[] = ROWS.map(([name, prettyName, cpu, ram, storage, gpu, perHour]) => {
  const perMinute = Math.round((perHour / 60) * 1e6) / 1e6;
  return {
    name, prettyName, cpu: `${cpu} vCPU`, ram: `${ram} GB`, ephemeralStorage: `${storage} GB`,
    accelerator: gpu
      ? { type: "gpu", model: gpu[1], quantity: String(gpu[0]), vram: `${gpu[2]} GB`, manufacturer: "Nvidia" }
      : null,
    unitCostMicroUSD: Math.round(perMinute * 1e6), unitCostUSD: perMinute, unitLabel: "minute",
  };
});

/** Numeric view of a flavor for the runner: vCPU count and RAM in GB (10⁹ bytes as the Hub prints "GB"). */
export function flavorResources(name: string): { cpu: number; ramGb: number; accelerated: boolean } | null {
  const row = ROWS.find((r) => r[0] === name);
  return row ? { cpu: row[2], ramGb: row[3], accelerated: row[5] !== null } : null;
}
