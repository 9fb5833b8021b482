import type { EntityKind } from "../entities/entities.loaders.js";
import { fileTreeError, slugify, type TokenSource } from "./file-tree.js";
import { asObject } from "../misc/input-checks.js";

// Path rendering from a project's file tree for the working and output files
// of an entity (or of a task on it), the counterpart of file-tree.ts for
// asset instances. A tree section reads
//   {mountpoint, root, folder_path: {<kind>: template, style}, file_name: {<kind>: template, style}}
// where <kind> is shot, sequence, scene, episode or asset (every other kind).

const ALLOWED_FIELDS = new Set(["name", "short_name", "number", "id"]);
const UUID_IN_TEXT = /[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}/g;

/** Values of the tokens of an entity's working or output path. */
export interface EntityPathValues {
  project: TokenSource;
  entity: TokenSource;
  entityKind: EntityKind;
  /** The entity's type name, for <AssetType> and <TemporalEntityType>. */
  entityTypeName: string;
  /** The sequence above a shot or scene, or the entity itself when it is a sequence. */
  sequence: TokenSource | null;
  /** The episode above the entity, or the entity itself when it is an episode. */
  episode: TokenSource | null;
  task: TokenSource | null;
  taskType: TokenSource | null;
  department: TokenSource | null;
  software: TokenSource | null;
  outputType: TokenSource | null;
  name: string;
  representation: string;
  revision: number;
}

export interface EntityPath {
  folderPath: string;
  fileName: string;
}

function templateKind(kind: EntityKind): string {
  if (kind === "Shot" || kind === "Sequence" || kind === "Scene" || kind === "Episode") return kind.toLowerCase();
  return "asset";
}

function readField(source: TokenSource | null, token: string, field: string): string {
  if (source === null) throw fileTreeError(`The file tree token <${token}> has no value for this ${field === "name" ? "path" : field}.`);
  const value = source[field];
  if (value === undefined || value === null) throw fileTreeError(`The file tree token <${token}> reads the field "${field}", which is not set.`);
  return String(value);
}

/** Zou folds sequence names such as "Seq2" to "S002", so Seq2 and Seq02 share a folder. */
function sequenceFolder(name: string): string {
  if (!name.includes("Seq")) return name;
  return `S${name.slice(3).padStart(3, "0")}`;
}

function tokenValue(values: EntityPathValues, token: string, kind: string, field: string): string {
  switch (kind) {
    case "Project":
      return readField(values.project, token, field);
    case "Task":
      return readField(values.task, token, field);
    case "TaskType":
      return values.taskType === null ? "" : readField(values.taskType, token, field);
    case "Department":
      return values.department === null ? "" : readField(values.department, token, field);
    case "Shot":
    case "Scene":
    case "TemporalEntity":
    case "Asset":
      return readField(values.entity, token, field);
    case "TemporalEntityType":
      return values.entityTypeName.toLowerCase();
    case "AssetType":
      return values.entityTypeName;
    case "Sequence":
      return values.sequence === null ? "" : sequenceFolder(readField(values.sequence, token, field));
    case "Episode":
      return values.episode === null ? "e001" : readField(values.episode, token, field);
    case "Software":
      return readField(values.software, token, field);
    case "OutputType":
      // NOTE(compat): Zou falls back to an output type named Geometry, which it creates; Kumiki uses the name without writing a row.
      return values.outputType === null ? "geometry" : readField(values.outputType, token, field).toLowerCase();
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

function renderTemplate(template: string, values: EntityPathValues, style: unknown): string {
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

function applyStyle(text: string, style: unknown): string {
  if (style === "uppercase") return text.toUpperCase();
  if (style === "lowercase") return text.toLowerCase();
  return text;
}


/**
 * Renders the folder and file name of an entity's working or output file
 * (`mode` names the tree section, usually "working" or "output"). Throws a
 * file-tree error when the tree lacks the section, a template or a value.
 */
export function renderEntityPath(tree: unknown, mode: string, values: EntityPathValues, separator: string): EntityPath {
  const treeObject = asObject(tree);
  if (treeObject === undefined) throw fileTreeError("No tree can be found for given project.");
  const section = asObject(treeObject[mode]);
  if (section === undefined) throw fileTreeError(`Mode ${mode} cannot be found on given tree.`);
  if (!("mountpoint" in section) || !("root" in section)) throw fileTreeError(`Can't find given mode (${mode}) in given tree.`);
  const root = section.root === null || section.root === "" ? "" : String(section.root);
  const rootPath = root === "" ? `${String(section.mountpoint)}${separator}` : `${String(section.mountpoint)}${separator}${root}${separator}`;

  const kind = templateKind(values.entityKind);
  const folders = asObject(section.folder_path);
  const files = asObject(section.file_name);
  const folderTemplate = folders?.[kind];
  const fileTemplate = files?.[kind];
  if (typeof folderTemplate !== "string" || typeof fileTemplate !== "string") throw fileTreeError(`The file tree has no ${mode} template for "${kind}".`);

  const folderPath = rootPath + renderTemplate(folderTemplate, values, folders?.style ?? "").replaceAll("/", separator);

  // As for instances, each file name token is lower-cased, then the whole name is slugified with the file name style.
  // Ids are kept as they are.
  const renderedName = renderTemplate(fileTemplate, values, "lowercase");
  const ids = renderedName.match(UUID_IN_TEXT) ?? [];
  let fileName = applyStyle(slugify(renderedName), files?.style);
  for (const id of ids) fileName = fileName.replace(applyStyle(slugify(id), files?.style), id);
  return { folderPath, fileName };
}
