import { BadRequestError } from "../errors.js";
import { asObject } from "../misc/input-checks.js";

// Path rendering from a project's file tree (the `file_tree` JSON of Zou's
// project table), for output files of asset instances. A tree section reads
//   {mountpoint, root, folder_path: {<kind>: template, style}, file_name: {<kind>: template, style}}
// and a template is text with <Token> or <Token.field> placeholders.

/** Fields a token may name; any other field reads `name`, as in Zou. */
const ALLOWED_FIELDS = new Set(["name", "short_name", "number", "id"]);

const UUID_IN_TEXT = /[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}/g;

/** A record a token reads fields from, keyed by Zou's column names. */
export type TokenSource = Record<string, unknown>;

/** Values of the tokens of an asset instance's output path. */
export interface InstancePathValues {
  project: TokenSource;
  temporalEntity: TokenSource;
  /** Lower-cased by the renderer. */
  temporalEntityTypeName: string;
  /** The sequence above the temporal entity (or the entity itself when it is a sequence), if any. */
  sequence: TokenSource | null;
  /** The episode above the temporal entity, if any. */
  episode: TokenSource | null;
  asset: TokenSource;
  assetType: TokenSource;
  instance: { name: string | null; number: number | null; id: string };
  outputType: TokenSource;
  taskType: TokenSource;
  department: TokenSource | null;
  representation: string;
  name: string;
  revision: number;
}

export interface InstancePath {
  folderPath: string;
  fileName: string;
}

/** Creates the error for a tree that cannot render a path; the route sends it as Zou's `{"error": reason}` body. */
export function fileTreeError(reason: string): BadRequestError {
  return new BadRequestError(reason, { bodyShape: "error-string" });
}

/**
 * Slugifies as python-slugify does with `separator="_"`: accents folded to
 * ASCII, quotes dropped, lower-cased, every other run of characters but
 * letters and digits turned into one `_`, none at either end.
 * NOTE(compat): python-slugify also transliterates non-Latin scripts
 * (unidecode); here such characters are dropped.
 */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/['"]+/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

function applyStyle(text: string, style: unknown): string {
  if (style === "uppercase") return text.toUpperCase();
  if (style === "lowercase") return text.toLowerCase();
  return text;
}

function readField(source: TokenSource | null, token: string, field: string): string {
  if (source === null) return "";
  const value = source[field];
  if (value === undefined || value === null) throw fileTreeError(`The file tree token <${token}> reads the field "${field}", which is not set.`);
  return String(value);
}

/** Zou folds sequence names such as "Seq2" to "S002", so Seq2 and Seq02 share a folder. */
function sequenceFolder(name: string): string {
  if (!name.includes("Seq")) return name;
  return `S${name.slice(3).padStart(3, "0")}`;
}

function instanceFolder(instance: InstancePathValues["instance"], field: string): string {
  const number = String(instance.number ?? 0).padStart(4, "0");
  if (field === "name") return instance.name ?? number;
  return number;
}

/** Returns the raw value of one token, before it is slugified. */
function tokenValue(values: InstancePathValues, token: string, kind: string, field: string): string {
  switch (kind) {
    case "Project":
      return readField(values.project, token, field);
    case "TemporalEntity":
    case "Shot":
    case "Scene":
      return readField(values.temporalEntity, token, field);
    case "TemporalEntityType":
      return values.temporalEntityTypeName.toLowerCase();
    case "Sequence":
      return sequenceFolder(readField(values.sequence, token, field));
    case "Episode":
      return values.episode === null ? "e001" : readField(values.episode, token, field);
    case "Asset":
      return readField(values.asset, token, field);
    case "AssetType":
      return readField(values.assetType, token, field);
    case "OutputType":
      return readField(values.outputType, token, field).toLowerCase();
    case "TaskType":
      return readField(values.taskType, token, field);
    case "Department":
      return readField(values.department, token, field);
    case "Instance":
      return instanceFolder(values.instance, field);
    case "Representation":
      return values.representation;
    case "Name":
    case "OutputFile":
    case "WorkingFile":
      return values.name;
    case "Version":
    case "Revision":
      return String(values.revision).padStart(3, "0");
    default:
      throw fileTreeError(`Unknown data type: ${kind}.`);
  }
}

/** Replaces every <Token> of a template; values are slugified and styled, ids kept as they are. */
function renderTemplate(template: string, values: InstancePathValues, style: unknown): string {
  let rendered = template;
  for (const [placeholder, token] of template.matchAll(/<([\w.]*)>/g)) {
    const [kind, requestedField] = token.split(".");
    const field = requestedField !== undefined && ALLOWED_FIELDS.has(requestedField) ? requestedField : "name";
    const raw = tokenValue(values, token, kind, field);
    const value = field === "id" ? raw : applyStyle(slugify(raw), style);
    rendered = rendered.replace(placeholder, value);
  }
  return rendered;
}


function templateOf(section: Record<string, unknown>, part: "folder_path" | "file_name", templateKind: string, mode: string): { template: string; style: unknown } {
  const templates = asObject(section[part]);
  const template = templates?.[templateKind];
  if (typeof template !== "string") throw fileTreeError(`The file tree has no ${mode} ${part} template for "${templateKind}".`);
  return { template, style: templates?.style };
}

/**
 * Renders the output folder and file name of an asset instance from the
 * project's tree. The template kind is `instance_asset` when the instance
 * targets an asset, else `instance`. Throws a file-tree error, before anything
 * is written, when the tree lacks the section, a template or a token's value.
 */
export function renderInstanceOutputPath(tree: unknown, templateKind: "instance" | "instance_asset", values: InstancePathValues, separator: string): InstancePath {
  const mode = "output";
  const treeObject = asObject(tree);
  if (treeObject === undefined) throw fileTreeError("No tree can be found for given project.");
  const section = asObject(treeObject[mode]);
  if (section === undefined) throw fileTreeError(`Mode ${mode} cannot be found on given tree.`);
  if (!("mountpoint" in section) || !("root" in section)) throw fileTreeError(`Can't find given mode (${mode}) in given tree.`);

  const root = section.root === null || section.root === "" ? "" : String(section.root);
  const rootPath = root === "" ? `${String(section.mountpoint)}${separator}` : `${String(section.mountpoint)}${separator}${root}${separator}`;

  const folder = templateOf(section, "folder_path", templateKind, mode);
  const folderPath = rootPath + renderTemplate(folder.template, values, folder.style).replaceAll("/", separator);

  // NOTE(compat): Zou styles each file name token in lower case, then
  // slugifies the whole name once more with the file name style.
  const file = templateOf(section, "file_name", templateKind, mode);
  const renderedName = renderTemplate(file.template, values, "lowercase");
  const ids = renderedName.match(UUID_IN_TEXT) ?? [];
  let fileName = applyStyle(slugify(renderedName), file.style);
  for (const id of ids) fileName = fileName.replace(applyStyle(slugify(id), file.style), id);

  return { folderPath, fileName };
}
