import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { AnsiLine, stripAnsi, stripNonSgrEscapes, terminalText } from "./ansi-line";

const ESC = "\u001b";
const BEL = "\u0007";
/** OSC 8 hyperlink, terminated by ST (`ESC \`) as the user test sent it. */
const OSC8 = `${ESC}]8;;http://evil.example${ESC}\\link${ESC}]8;;${ESC}\\`;

// Rendered to HTML in Node (the project has no DOM test environment).
describe("log line escapes", () => {
  it("shows an OSC 8 hyperlink as its text only, never as a link or raw escape text", () => {
    const html = renderToStaticMarkup(<AnsiLine text={`see ${OSC8} now`} />);
    expect(html).toBe("see link now");
    expect(stripAnsi(`see ${OSC8} now`)).toBe("see link now");
  });

  it("drops BEL-terminated OSC (window title), cursor and erase CSI, charset and DCS escapes", () => {
    expect(stripNonSgrEscapes(`${ESC}]0;title${BEL}a${ESC}[2K${ESC}[1Gb${ESC}[?25l${ESC}(Bc${ESC}7d${ESC}Pq#0${ESC}\\e`)).toBe("abcde");
    expect(stripNonSgrEscapes(`x${ESC}]8;;http://unterminated`)).toBe("x");
  });

  it("strips colours for search and download to the text a terminal shows", () => {
    expect(stripAnsi(`${ESC}[1;32mok${ESC}[0m loss=${ESC}[38;5;196m0.5${ESC}[m done`)).toBe("ok loss=0.5 done");
    expect(stripAnsi(`${ESC}[31mred${ESC}[0m ${OSC8}`)).toBe("red link");
  });

  it("keeps SGR colours for anser", () => {
    const text = `${ESC}[31mred${ESC}[0m ${ESC}]8;;http://evil.example${BEL}plain${ESC}]8;;${BEL}`;
    expect(stripNonSgrEscapes(text)).toBe(`${ESC}[31mred${ESC}[0m plain`);
    const html = renderToStaticMarkup(<AnsiLine text={text} />);
    expect(html).toContain('style="color:rgb(187, 0, 0)">red</span>');
    expect(html).toContain("plain");
    expect(html).not.toMatch(/evil|<a|\]8;;/);
  });

  it("shows only the last redraw of a carriage-return progress line, as a terminal does", () => {
    const tqdm = "\rprogress 0%\rprogress 25%\rprogress 50%\rprogress 100%\r";
    expect(renderToStaticMarkup(<AnsiLine text={tqdm} />)).toBe("progress 100%");
    expect(stripAnsi(tqdm)).toBe("progress 100%");
    expect(terminalText("no carriage return")).toBe("no carriage return");
    expect(terminalText(`${ESC}[32m\r50%\r${ESC}[32m100%${ESC}[0m`)).toBe(`${ESC}[32m100%${ESC}[0m`);
  });

  it("makes bidi override characters visible instead of letting them reorder the line", () => {
    const line = "file \u202eevil\u202c.txt";
    expect(terminalText(line)).toBe("file <U+202E>evil<U+202C>.txt");
    expect(renderToStaticMarkup(<AnsiLine text={line} />)).toBe("file &lt;U+202E&gt;evil&lt;U+202C&gt;.txt");
  });
});
