"use client";

import { useEffect, useState } from "react";
import { Button, type ButtonProps } from "./button";

/**
 * Copies `text` to the clipboard and says "Copied" for 2 s. `label` is the accessible name
 * (e.g. "Copy folder link"). Falls back to a hidden textarea where the async clipboard is refused
 * (plain-http origins other than localhost).
 */
export function CopyButton({ text, label, size = "sm", variant = "secondary" }: { text: string; label: string } & Pick<ButtonProps, "size" | "variant">) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      const done = document.execCommand("copy");
      area.remove();
      setState(done ? "copied" : "failed");
    }
  }

  return (
    <Button size={size} variant={variant} onClick={copy} aria-label={label} data-copy-text={text} title={text}>
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}
      <span aria-live="polite" className="sr-only">
        {state === "copied" ? "Copied to clipboard" : ""}
      </span>
    </Button>
  );
}
