import Anser from "anser";
import { memo } from "react";

/**
 * One log line with its ANSI colours. anser splits the text into styled runs; each run is a React
 * text node, so markup in a log line (`<img src=x onerror=…>`) shows as text and never becomes HTML.
 */
export const AnsiLine = memo(function AnsiLine({ text }: { text: string }) {
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

/** The line without ANSI escape codes (for the .txt download and text search). */
export function stripAnsi(text: string): string {
  return text.includes("\u001b") ? Anser.ansiToText(text) : text;
}
