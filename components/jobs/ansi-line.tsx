import Anser from "anser";
import { memo } from "react";
import { terminalText } from "./terminal-text";

// The text half (no anser) is ./terminal-text.ts, which search, download and the metric charts use
// without loading the colour parser; re-exported here.
export { stripAnsi, stripNonSgrEscapes, terminalText } from "./terminal-text";

/**
 * One log line with its ANSI colours, as a terminal would show it ({@link terminalText}).
 * anser splits the text into styled runs; each run is a React text node, so markup in a log line
 * (`<img src=x onerror=…>`) shows as text and never becomes HTML.
 */
export const AnsiLine = memo(function AnsiLine({ text: raw }: { text: string }) {
  const text = terminalText(raw);
  if (!text.includes("\u001b")) return <>{text}</>;
  const runs = Anser.ansiToJson(text, { json: true, remove_empty: true });
  return (
    <>
      {runs.map((run, k) => {
        const style: React.CSSProperties = {};
        if (run.fg) style.color = `rgb(${run.fg})`;
        if (run.bg) style.backgroundColor = `rgb(${run.bg})`;
        const decorations = run.decorations ?? [];
        if (decorations.includes("bold")) style.fontWeight = 600;
        if (decorations.includes("italic")) style.fontStyle = "italic";
        if (decorations.includes("underline")) style.textDecoration = "underline";
        if (decorations.includes("dim")) style.opacity = 0.7;
        return (
          <span key={k} style={style}>
            {run.content}
          </span>
        );
      })}
    </>
  );
});
