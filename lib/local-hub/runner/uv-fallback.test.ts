import { describe, expect, it } from "vitest";
import { pep723Dependencies, rewriteUvRun } from "./uv-fallback";

describe("rewriteUvRun", () => {
  it("leaves commands that are not `uv run` alone", () => {
    expect(rewriteUvRun(["python3", "-c", "print(1)"], "Python 3.11.2")).toBeNull();
    expect(rewriteUvRun(["uv", "pip", "install", "x"], "Python 3.11.2")).toBeNull();
  });

  it("runs a script with python3 and names every option not honoured (the argv shapes of specs/hub-jobs-api.md §9.1)", () => {
    const r = rewriteUvRun(["uv", "run", "--with", "trl", "--with", "torch>=2.1", "--python", "3.11", "/data/train.py", "--config", "/data/c.yaml"], "Python 3.11.2");
    expect(r?.argv).toEqual(["python3", "/data/train.py", "--config", "/data/c.yaml"]);
    expect(r?.notices).toEqual([
      expect.stringContaining('"--with trl" not honoured: package not installed'),
      expect.stringContaining('"--with torch>=2.1" not honoured'),
      expect.stringContaining('"--python 3.11" not honoured: the host\'s python3 (Python 3.11.2) is used'),
    ]);
    expect(r?.error).toBeNull();
  });

  it("handles python targets, -m, --opt=value, flags and commands", () => {
    expect(rewriteUvRun(["uv", "run", "--with", "lighteval", "python", "-c", "import x"], "P")?.argv).toEqual(["python3", "-c", "import x"]);
    expect(rewriteUvRun(["uv", "run", "-m", "http.server", "8000"], "P")?.argv).toEqual(["python3", "-m", "http.server", "8000"]);
    const eq = rewriteUvRun(["uv", "run", "--python=3.12", "--no-project", "s.py"], "P");
    expect(eq?.argv).toEqual(["python3", "s.py"]);
    expect(eq?.notices).toHaveLength(2);
    expect(rewriteUvRun(["uv", "run", "torchrun", "--nproc_per_node", "2", "/data/train.py"], "P")?.argv).toEqual(["torchrun", "--nproc_per_node", "2", "/data/train.py"]);
    expect(rewriteUvRun(["uv", "run", "--", "python3.12", "x.py"], "P")?.argv).toEqual(["python3", "x.py"]);
  });

  it("refuses script URLs (no download without uv and network)", () => {
    const r = rewriteUvRun(["uv", "run", "https://example.com/sft.py", "--lr", "1"], "P");
    expect(r?.error).toMatch(/cannot download scripts/);
  });
});

describe("pep723Dependencies", () => {
  it("reads the dependencies of a `# /// script` block", () => {
    const src = '# /// script\n# requires-python = ">=3.10"\n# dependencies = [\n#   "trl>=0.12",\n#   \'peft\',\n# ]\n# ///\nprint(1)\n';
    expect(pep723Dependencies(src)).toEqual(["trl>=0.12", "peft"]);
    expect(pep723Dependencies("print(1)\n")).toEqual([]);
  });
});
