import type { ReactNode } from "react";
import { Providers } from "../../providers";

/** Every page under here reads through react-query: its provider (app/providers.tsx). */
export default function QueryLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
