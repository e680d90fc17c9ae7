/**
 * A captured log line as text, without anser: the escapes a terminal would not show removed, and
 * {@link stripAnsi} for search, the .txt download and printed metrics. ./ansi-line.tsx renders the
 * colours on top of {@link terminalText}. Client-safe, pure.
 */

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

/** Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069): they can make a log line read
 * differently from what it contains ("Trojan Source"), so they are shown as visible code points. */
const BIDI_CONTROL_RE = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * What a terminal would show for one captured line: non-SGR escapes removed
 * ({@link stripNonSgrEscapes}); for carriage-return updates (tqdm-style `\rprogress 25%`), only the
 * last non-empty segment, as each `\r` redraws the line (a shorter redraw leaving older characters
 * visible is not modelled); bidi control characters made visible as `<U+202E>`.
 */
export function terminalText(raw: string): string {
  let text = stripNonSgrEscapes(raw);
  if (text.includes("\r")) {
    const segments = text.split("\r").filter((seg) => seg.length > 0);
    text = segments.at(-1) ?? "";
  }
  return text.replace(BIDI_CONTROL_RE, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}>`);
}

/** Every SGR sequence (the only escapes {@link terminalText} leaves). */
const SGR_ALL_RE = /\u001b\[[0-9;:]*m/g;

/**
 * The line without ANSI escape codes (for the .txt download and text search). After
 * {@link terminalText} only SGR sequences remain, so a regex removes them: the same text anser's
 * `ansiToText` gives, without parsing colours (a search over 100 000 coloured lines strips them all).
 */
export function stripAnsi(text: string): string {
  const clean = terminalText(text);
  return clean.includes("\u001b") ? clean.replace(SGR_ALL_RE, "") : clean;
}
