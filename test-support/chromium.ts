/**
 * How every browser test and benchmark starts Debian's Chromium (never a downloaded browser): headless,
 * and without the background connections a machine with no outside network refuses by the dozen
 * (env skill, node.md "Known to work").
 */
export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
};
