import Anser from "anser";
import { memo } from "react";

/**
 * Escape sequences other than colours: OSC (`ESC ]` … BEL or `ESC \`, e.g. OSC 8 hyperlinks and window
 * titles), DCS/SOS/PM/APC strings (`ESC P|X|^|_` … `ESC \`), CSI sequences (`ESC [` params
 * intermediates final byte, cursor moves, erase line, …) and two- or three-byte escapes (`ESC ( B`,
 * `ESC 7`). An unterminated string sequence runs to the end of the line. Byte ranges per ECMA-48 §5.
 */
const ESCAPE_RE = /\u001b(?:\][\s\S]*?(?:\u0007|\u001b\\|$)|[PX^_][\s\S]*?(?:\u001b\\|$)|\[[0-?]*[ -/]*[@-~]?|[ -/]*[0-~]?)/g;
/** SGR (colours, bold, …): the only sequence anser is given. */
const SGR_RE = /^\u001b\[[0-9;:]*m$/;

/**
 * The line with every escape sequence except SGR colours removed, keeping the visible text: an OSC 8
 * hyperlink `ESC]8;;http://x ESC\ link ESC]8;; ESC\` becomes `link` (never a link: the target is
 * dropped), and anser, which only knows SGR, no longer shows the rest as raw text.
 */
export function stripNonSgrEscapes(text: string): string {
  return text.includes("\u001b") ? text.replace(ESCAPE_RE, (seq) => (SGR_RE.test(seq) ? seq : "")) : text;
}

/**
 * One log line with its ANSI colours (other escape sequences removed, {@link stripNonSgrEscapes}).
 * anser splits the text into styled runs; each run is a React text node, so markup in a log line
 * (`<img src=x onerror=…>`) shows as text and never becomes HTML.
 */
export const AnsiLine = memo(function AnsiLine({ text: raw }: { text: string }) {
  const text = stripNonSgrEscapes(raw);
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
  const clean = stripNonSgrEscapes(text);
  return clean.includes("\u001b") ? Anser.ansiToText(clean) : clean;
}
