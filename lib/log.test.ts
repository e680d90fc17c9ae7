import { describe, expect, it } from "vitest";
import { createLogger, redact } from "./log";
import { fakeHubToken } from "@/test-support/fake-token";

const HF = fakeHubToken();

describe("log redaction", () => {
  it("writes one JSON line per event with secrets, token shapes and secret-named fields masked", () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (_level, line) => lines.push(line) }).withSecrets(["my-db-password"]);
    log.info("job.launch", {
      namespace: "alice",
      args: ["--hf-token", HF],
      note: "connecting with my-db-password",
      accessToken: "hf_short",
      secrets: { DB: "my-db-password" },
      error: new Error(`whoami failed for ${HF}`),
    });
    expect(lines).toHaveLength(1);
    const line = lines[0];
    expect(line).not.toContain(HF);
    expect(line).not.toContain("my-db-password");
    expect(line).not.toContain("hf_short");
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(parsed).toMatchObject({ level: "info", event: "job.launch", namespace: "alice", accessToken: "••••••••", secrets: "••••••••" });
    expect(parsed.error).toMatchObject({ name: "Error", message: "whoami failed for ••••••••" });
  });

  it("survives cycles and deep objects", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    expect(redact(a)).toEqual({ name: "a", self: "[cycle]" });
  });

  it("drops lines below the minimum level", () => {
    const lines: string[] = [];
    const log = createLogger({ sink: (_l, line) => lines.push(line), minLevel: "warn" });
    log.info("x");
    log.warn("y");
    expect(lines.map((l) => (JSON.parse(l) as { event: string }).event)).toEqual(["y"]);
  });
});
