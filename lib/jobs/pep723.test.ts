import { describe, expect, it } from "vitest";
import { parsePep723 } from "./pep723";

describe("parsePep723", () => {
  it("reads dependencies, requires-python and keeps [tool.uv] intact", () => {
    const text = [
      "#!/usr/bin/env python",
      "# /// script",
      '# requires-python = ">=3.10"',
      "# dependencies = [",
      '#   "torch>=2.1",',
      '#   "pandas[performance]; python_version >= \\"3.10\\"",',
      "# ]",
      "#",
      "# [tool.uv]",
      '# exclude-newer = "2025-01-01T00:00:00Z"',
      "# ///",
      "print(1)",
    ].join("\n");
    const r = parsePep723(text);
    expect(r.ok).toBe(true);
    if (!r.ok || !r.metadata) throw new Error("no metadata");
    expect(r.metadata.dependencies).toEqual(["torch>=2.1", 'pandas[performance]; python_version >= "3.10"']);
    expect(r.metadata.requiresPython).toBe(">=3.10");
    expect(r.metadata.tool).toEqual({ uv: { "exclude-newer": "2025-01-01T00:00:00Z" } });
    expect(r.metadata.startLine).toBe(2);
    expect(r.metadata.endLine).toBe(11);
  });
  it("B12: requires-python without dependencies → dependencies = []", () => {
    const r = parsePep723('# /// script\n# requires-python = ">=3.12"\n# ///\nprint("ok")\n');
    expect(r).toMatchObject({ ok: true, metadata: { dependencies: [], requiresPython: ">=3.12" } });
  });
  it("B13: a block glued right after another is an error with its line number", () => {
    const r = parsePep723('# /// script\n# dependencies = ["requests"]\n# ///\n# /// notes\n# hello\n# ///\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(3);
    expect(r.error.message).toMatch(/blank line/);
  });
  it("B13: separated by a blank line, the script block parses", () => {
    const r = parsePep723('# /// script\n# dependencies = ["requests"]\n# ///\n\n# /// notes\n# hello\n# ///\n');
    expect(r).toMatchObject({ ok: true, metadata: { dependencies: ["requests"] } });
  });
  it("B14: a blank line inside the block leaves it unclosed → error at line 1", () => {
    const text = '# /// script\n# dependencies = ["rich"]\n\n# [tool.uv]\n# exclude-newer = "2025-01-01T00:00:00Z"\n# ///\n';
    const r = parsePep723(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(1);
    expect(r.error.message).toMatch(/Unclosed `# \/\/\/ script` block at line 1/);
  });
  it("B15: works for a file without .py (shebang first, CRLF line ends)", () => {
    const text = '#!/usr/bin/env -S uv run --script\r\n# /// script\r\n# dependencies = ["httpx"]\r\n# ///\r\nimport httpx\r\n';
    expect(parsePep723(text)).toMatchObject({ ok: true, metadata: { dependencies: ["httpx"], startLine: 2 } });
  });
  it("reports bad TOML with the script's line number", () => {
    const r = parsePep723('print(0)\n# /// script\n# dependencies = ["a",\n# requires-python = \n# ///\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBeGreaterThanOrEqual(3);
    expect(r.error.line).toBeLessThanOrEqual(4);
    expect(r.error.message).toMatch(/Invalid TOML/);
  });
  it("reports wrongly typed fields", () => {
    expect(parsePep723('# /// script\n# dependencies = "rich"\n# ///\n')).toMatchObject({ ok: false, error: { line: 2 } });
    expect(parsePep723("# /// script\n# requires-python = 3.12\n# ///\n")).toMatchObject({ ok: false, error: { line: 2 } });
  });
  it("returns null metadata when there is no block (and ignores a look-alike with trailing text)", () => {
    expect(parsePep723("print(1)\n")).toEqual({ ok: true, metadata: null });
    expect(parsePep723("# /// script extra\n# ///\n")).toEqual({ ok: true, metadata: null });
  });
});
