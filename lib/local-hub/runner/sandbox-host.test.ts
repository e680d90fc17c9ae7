import { chmodSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDir, openRoot } from "../store/contained-path";
import { sealTree } from "./sandbox-host";

describe("sealTree (a built Python environment before every later job shares it)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("removes group/other write and setuid/setgid everywhere, without following links", () => {
    const root = mkdtempSync(join(tmpdir(), "seal-"));
    const outside = mkdtempSync(join(tmpdir(), "seal-out-"));
    dirs.push(root, outside);
    mkdirSync(join(root, "lib"));
    writeFileSync(join(root, "lib", "mod.py"), "x = 1\n");
    writeFileSync(join(root, "tool"), "#!/bin/sh\n");
    writeFileSync(join(outside, "target"), "host file\n");
    chmodSync(join(root, "lib"), 0o777);
    chmodSync(join(root, "lib", "mod.py"), 0o666);
    chmodSync(join(root, "tool"), 0o6777);
    chmodSync(join(outside, "target"), 0o666);
    chmodSync(root, 0o777);
    symlinkSync(join(outside, "target"), join(root, "link"));
    const handle = openRoot(root);
    try {
      sealTree(handle, { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 });
    } finally {
      closeDir(handle);
    }
    const mode = (p: string) => statSync(p).mode & 0o7777;
    expect(mode(root)).toBe(0o755);
    expect(mode(join(root, "lib"))).toBe(0o755);
    expect(mode(join(root, "lib", "mod.py"))).toBe(0o644);
    expect(mode(join(root, "tool"))).toBe(0o755);
    expect(lstatSync(join(root, "link")).isSymbolicLink()).toBe(true);
    expect(mode(join(outside, "target"))).toBe(0o666);
  });
});
