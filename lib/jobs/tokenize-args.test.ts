import { describe, expect, it } from "vitest";
import { formatArgs, tokenizeArgs } from "./tokenize-args";

const ok = (text: string) => {
  const r = tokenizeArgs(text);
  if (!r.ok) throw new Error(r.error);
  return r.args;
};

describe("tokenizeArgs", () => {
  it("splits on unquoted whitespace, any amount", () => {
    expect(ok("  --epochs 3\t--lr\n1e-4 ")).toEqual(["--epochs", "3", "--lr", "1e-4"]);
    expect(ok("")).toEqual([]);
  });
  it("keeps single-quoted text literally", () => {
    expect(ok(`--msg 'a "b" $HOME \\n'`)).toEqual(["--msg", 'a "b" $HOME \\n']);
  });
  it("handles escapes inside double quotes and keeps other backslashes", () => {
    expect(ok(`"say \\"hi\\" \\$x \\n"`)).toEqual(['say "hi" $x \\n']);
  });
  it("does no expansion of variables, globs, tildes or redirections (B01)", () => {
    expect(ok("$HOME ~/x *.py a>b c|d ;")).toEqual(["$HOME", "~/x", "*.py", "a>b", "c|d", ";"]);
  });
  it("produces empty arguments for empty quotes and joins adjacent quoted parts", () => {
    expect(ok(`a "" '' b`)).toEqual(["a", "", "", "b"]);
    expect(ok(`--name="my run"'s'`)).toEqual(["--name=my runs"]);
  });
  it("forwards CLI-looking flags verbatim (B08)", () => {
    expect(ok("-q --format json --epochs 3")).toEqual(["-q", "--format", "json", "--epochs", "3"]);
  });
  it("unescapes backslash outside quotes and supports line continuation", () => {
    expect(ok("a\\ b c\\\nd")).toEqual(["a b", "cd"]);
  });
  it("reports unclosed quotes and a trailing backslash with their position", () => {
    expect(tokenizeArgs(`a "bc`)).toEqual({ ok: false, error: "Unclosed double quote at position 3", index: 2 });
    expect(tokenizeArgs(`'x`)).toMatchObject({ ok: false, index: 0 });
    expect(tokenizeArgs(`x \\`)).toMatchObject({ ok: false, index: 2 });
  });
  it("formatArgs round-trips through tokenizeArgs", () => {
    const args = ["--x", "", "a b", "it's", "$HOME", "données #1?.csv", "torch>=2.1"];
    expect(ok(formatArgs(args))).toEqual(args);
  });
});
