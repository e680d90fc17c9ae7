import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pipSandboxConfig } from "./python-env";
import { imagePythonVersion, pythonRequest, selectInterpreter, versionSpecifier, type PythonInterpreter } from "./python-interpreters";

const py = (v: [number, number, number], executable: string): PythonInterpreter => ({ executable, version: v, prefix: "/x", source: "pyenv" });
const machine = [py([3, 13, 0], "/p/3.13"), py([3, 12, 1], "/p/3.12"), py([3, 11, 2], "/usr/bin/python3.11"), py([3, 10, 13], "/p/3.10")];

describe("selectInterpreter", () => {
  it("takes the newest match of --python, and the default when only requires-python asks and it fits", () => {
    const pick = (request: string | null, requiresPython: string | null) => {
      const r = selectInterpreter({ interpreters: machine, request, requiresPython, defaultExecutable: "/usr/bin/python3.11" });
      return "error" in r ? r.error : r.executable;
    };
    expect(pick("3.12", null)).toBe("/p/3.12");
    expect(pick("python3.10", null)).toBe("/p/3.10");
    expect(pick("cpython@3.13", null)).toBe("/p/3.13");
    expect(pick("3", null)).toBe("/p/3.13");
    expect(pick(">=3.11,<3.13", null)).toBe("/p/3.12");
    expect(pick(null, ">=3.10")).toBe("/usr/bin/python3.11");
    expect(pick(null, ">=3.12")).toBe("/p/3.13");
    expect(pick(null, "~=3.10.0")).toBe("/p/3.10");
    expect(pick("3.12", "<3.12")).toBe("No Python on this machine matches --python 3.12 and requires-python <3.12; available versions: 3.10.13, 3.11.2, 3.12.1, 3.13.0");
    expect(pick("/usr/bin/python2", null)).toMatch(/an interpreter path cannot be used/);
    expect(pick("pypy3.10", null)).toMatch(/not a Python version request/);
  });

  it("reads PEP 440 clauses, wildcards included, and refuses what it cannot read", () => {
    expect(versionSpecifier("==3.12.*")?.([3, 12, 9])).toBe(true);
    expect(versionSpecifier("!=3.12.*")?.([3, 12, 9])).toBe(false);
    expect(versionSpecifier(">3.11")?.([3, 11, 0])).toBe(false);
    expect(versionSpecifier(">= 3.8, < 4")?.([3, 13, 0])).toBe(true);
    expect(versionSpecifier(">=3.8a1")).toBeNull();
    expect(typeof pythonRequest("3.12.1")).toBe("function");
  });
});

describe("imagePythonVersion", () => {
  it("reads the Python version an image name promises", () => {
    expect(imagePythonVersion("ghcr.io/astral-sh/uv:python3.12-bookworm")).toBe("3.12");
    expect(imagePythonVersion("python:3.11-slim")).toBe("3.11");
    expect(imagePythonVersion("docker.io/library/python:3.13.1")).toBe("3.13");
    expect(imagePythonVersion("mypython:3.12")).toBeNull();
    expect(imagePythonVersion("ubuntu:22.04")).toBeNull();
    expect(imagePythonVersion(null)).toBeNull();
  });
});

describe("pipSandboxConfig", () => {
  it("binds the config files pip reads and the local indexes they name, and passes PIP_* on", () => {
    const root = mkdtempSync(join(tmpdir(), "pipconf-"));
    const home = join(root, "home");
    mkdirSync(join(home, ".config", "pip"), { recursive: true });
    mkdirSync(join(root, "repo", "simple"), { recursive: true });
    mkdirSync(join(root, "wheels"));
    mkdirSync(join(root, "xdg", "pip"), { recursive: true });
    writeFileSync(join(root, "xdg", "pip", "pip.conf"), `[global]\nconstraint = ${root}/c.txt\n`);
    writeFileSync(join(root, "c.txt"), "six<2\n");
    writeFileSync(join(home, ".config", "pip", "pip.conf"), `[global]\nextra-index-url =\n    file://${root}/repo/simple\n    https://example.com/simple\n`);
    const c = pipSandboxConfig({ HOME: home, XDG_CONFIG_DIRS: join(root, "xdg"), PIP_FIND_LINKS: join(root, "wheels"), PIP_RETRIES: "0", SECRET: "x" });
    // (this machine's own /etc/pip.conf, and what it names, may come on top)
    expect(c.roBinds.filter((p) => p.startsWith(root)).sort()).toEqual([join(root, "c.txt"), join(root, "repo"), join(root, "wheels"), join(root, "xdg", "pip", "pip.conf")]);
    expect(c.roBinds.some((p) => p.startsWith(home))).toBe(false);
    expect(c.homeFiles).toEqual([{ from: join(home, ".config", "pip", "pip.conf"), to: ".config/pip/pip.conf" }]);
    expect(c.env).toEqual({ PIP_FIND_LINKS: join(root, "wheels"), PIP_RETRIES: "0", XDG_CONFIG_DIRS: join(root, "xdg") });
  });
});
