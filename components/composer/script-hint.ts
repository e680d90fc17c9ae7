/**
 * The Entry script field's hint while no script is chosen (client-safe, no I/O). `defaultScript`
 * (dropped-files.ts) picks the file itself when exactly one `.py` file, or one with a PEP 723
 * `# /// script` header, was dropped; this tells the user why it could not.
 * @param params.paths the dropped files' relative paths (at least one)
 * @returns a sentence for the hint
 */
export function scriptHint(params: { paths: readonly string[] }): string {
  const py = params.paths.filter((p) => p.toLowerCase().endsWith(".py")).length;
  if (py === 0) return "No .py file among the dropped files: drop the script to run, or choose it below.";
  return `${py} .py files and none with a # /// script header: pick the one to run.`;
}
