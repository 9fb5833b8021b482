// Name keys of the casting and estimation CSV imports. Zou matches the names
// of a file to entities through python-slugify: accents dropped, lower case,
// every other run of characters replaced by "-", no "-" at either end.

/** Slugifies a name the way python-slugify does with its default options. */
export function slugKey(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['"]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
