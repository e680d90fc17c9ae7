/**
 * The relative path a launch form's file entry stands for (layout: lib/jobs/launch-form.ts):
 * `file:<path>` entries name it in the key; a `file` entry by its file name, or, when that name is
 * only the basename of the path listed at the same position among the `file` entries, by that path
 * (transports that strip folders from file names).
 * @param key the entry's field name; `name` its file name; `position` its index among `file` entries
 * @param listed `input.files[].path` in order ("" for an unusable entry)
 */
export function formFilePath(key: string, name: string, position: number, listed: readonly string[]): string {
  if (key.startsWith("file:")) return key.slice("file:".length);
  const atPosition = listed[position];
  if (!listed.includes(name) && atPosition && atPosition.split("/").at(-1) === name) return atPosition;
  return name;
}
