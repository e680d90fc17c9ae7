import { describe, expect, it } from "vitest";
import { parseUvRun, splitWithValue } from "./uv-fallback";

describe("parseUvRun", () => {
  it("leaves commands that are not `uv run` alone", () => {
    expect(parseUvRun(["python3", "-c", "print(1)"])).toBeNull();
    expect(parseUvRun(["uv", "pip", "install", "x"])).toBeNull();
  });

  it("reads --with, --python, the script and its args (the argv shapes of specs/hub-jobs-api.md §9.1)", () => {
    const r = parseUvRun(["uv", "run", "--with", "trl", "--with", "torch>=2.1", "--python", "3.11", "/data/train.py", "--config", "/data/c.yaml"]);
    expect(r).toMatchObject({
      with: ["trl", "torch>=2.1"], python: "3.11", target: { kind: "script", path: "/data/train.py" },
      args: ["--config", "/data/c.yaml"], notices: [], error: null,
    });
  });

  it("handles python targets, -m, --opt=value, -w/-p, flags without effect and other commands", () => {
    expect(parseUvRun(["uv", "run", "--with", "lighteval", "python", "-c", "import x"])).toMatchObject({ with: ["lighteval"], target: { kind: "python" }, args: ["-c", "import x"] });
    expect(parseUvRun(["uv", "run", "-m", "http.server", "8000"])).toMatchObject({ target: { kind: "module", name: "http.server" }, args: ["8000"] });
    const eq = parseUvRun(["uv", "run", "--python=3.12", "-w", "six", "--no-project", "s.py"]);
    expect(eq).toMatchObject({ python: "3.12", with: ["six"], target: { kind: "script", path: "s.py" }, notices: [] });
    expect(parseUvRun(["uv", "run", "torchrun", "--nproc_per_node", "2", "/data/train.py"])).toMatchObject({ target: { kind: "command", name: "torchrun" }, args: ["--nproc_per_node", "2", "/data/train.py"] });
    expect(parseUvRun(["uv", "run", "--", "python3.12", "x.py"])).toMatchObject({ target: { kind: "python" }, args: ["x.py"] });
    expect(parseUvRun(["uv", "run", "--script", "job"])).toMatchObject({ target: { kind: "script", path: "job" } });
  });

  it("names every option it does not honour", () => {
    const r = parseUvRun(["uv", "run", "--index-url", "https://x/simple", "--with-requirements", "r.txt", "--frozen", "s.py"]);
    expect(r?.notices).toEqual([
      expect.stringContaining('"--index-url https://x/simple" not honoured: pip installs from this machine\'s pip configuration'),
      expect.stringContaining('"--with-requirements r.txt" not honoured'),
      expect.stringContaining('"--frozen" not honoured'),
    ]);
  });

  it("refuses script URLs and options without their value", () => {
    expect(parseUvRun(["uv", "run", "https://example.com/sft.py", "--lr", "1"])?.error).toMatch(/cannot run a script from a URL/);
    expect(parseUvRun(["uv", "run", "--with"])?.error).toMatch(/--with needs a value/);
    expect(parseUvRun(["uv", "run", "--with", "six"])?.error).toMatch(/needs a script or command/);
  });
});

describe("splitWithValue", () => {
  it("splits comma lists like uv, keeping version ranges and extras together", () => {
    expect(splitWithValue("numpy,polars")).toEqual(["numpy", "polars"]);
    expect(splitWithValue("x>=1,<2")).toEqual(["x>=1,<2"]);
    expect(splitWithValue("pkg[a,b]>=1, other")).toEqual(["pkg[a,b]>=1", "other"]);
  });
});
