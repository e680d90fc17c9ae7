import { describe, expect, it } from "vitest";
import { formatCommandLine, parseCommandLine } from "./command-line";

describe("parseCommandLine", () => {
  it("splits a quoted python -c line exactly, nothing expanded", () => {
    expect(parseCommandLine({ text: 'python -c "print(6*7)"' })).toEqual({ ok: true, argv: ["python", "-c", "print(6*7)"] });
    expect(parseCommandLine({ text: "echo $HOME ~ *.py 'a;b' \"x\\\"y\" c\\ d" })).toEqual({
      ok: true,
      argv: ["echo", "$HOME", "~", "*.py", "a;b", 'x"y', "c d"],
    });
  });
  it("keeps backslashes in double quotes unless they escape \\ \" $ `", () => {
    expect(parseCommandLine({ text: '"a\\nb" "\\$x" \'\\n\'' })).toEqual({ ok: true, argv: ["a\\nb", "$x", "\\n"] });
  });
  it("reports an unterminated quote with its position and the field", () => {
    expect(parseCommandLine({ text: 'python -c "print(1)' })).toEqual({
      ok: false,
      error: { field: "command", message: "Unclosed double quote at position 11", index: 10 },
    });
    const r = parseCommandLine({ text: "a 'b", field: "args" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ field: "args", index: 2 });
  });
  it("refuses an empty line", () => {
    expect(parseCommandLine({ text: "  \n " })).toMatchObject({ ok: false, error: { field: "command", index: -1 } });
  });
});

describe("formatCommandLine", () => {
  it("quotes only what needs quoting", () => {
    expect(formatCommandLine(["python", "-c", "print(6*7)"])).toBe("python -c 'print(6*7)'");
    expect(formatCommandLine(["uv", "run", "--with", "torch>=2", "/data/a.py", "--lr=1e-4"])).toBe("uv run --with 'torch>=2' /data/a.py --lr=1e-4");
  });
  it("round-trips awkward arguments through parseCommandLine", () => {
    const argv = ["", "it's", 'say "hi"', "a\nb", "$HOME", "back\\slash", "#not-a-comment", "~"];
    const line = formatCommandLine(argv);
    expect(parseCommandLine({ text: line })).toEqual({ ok: true, argv });
  });
});
