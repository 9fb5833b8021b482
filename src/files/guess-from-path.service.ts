import { and, eq, isNull } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { outputType } from "../../schema/files.js";
import { department } from "../../schema/people.js";
import { task, taskType } from "../../schema/tasks.js";
import { getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { selectEntities } from "../entities/entities.loaders.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { fileTreeError, slugify } from "./file-tree.js";
import { asObject } from "../misc/input-checks.js";

// Zou's guess_from_path: the file tree templates (working and output folder
// templates of every entity kind) a file path matches, each with the ids of
// the rows its tokens name. The counterpart of entity-paths.ts, which renders
// those paths.
//
// As in Zou, the modes are read in the tree's key order, and each mode whose
// root starts the path (both in the folder style) is tried. The path's folders
// are compared with a template's folders up to the shorter of the two, so a
// file name after the folders is ignored. Tokens are looked up left to right,
// each one constrained by those found before it (a shot by its sequence, an
// asset by its type), and a template's lookups stop at the first token that
// names nothing. A template that matches is listed once, as
// {Template: <kind>, <Token>: <id or value>, ...}.
//
// Kumiki differs from Zou's file_tree_service in these points:
// - A template folder may hold several tokens and literal text
//   (`<Asset>_<Instance>`, `v<Revision>`); Zou reads only the first token of
//   a folder and does not check its literal text.
// - Names are compared as the renderer writes them (slugified), so "Concept
//   Art" matches `concept_art`, and a sequence matches its folded folder
//   name ("Seq2" as `s002`).
// - <Project> names only the requested project, where Zou searches every
//   project by name and can return another project's id.
// - The `e001` folder the renderer writes for a shot without episode is
//   skipped, and the sequence is then looked up outside any episode; Zou stops
//   at it, so it never finds such a shot.
// - <Revision> reads like <Version>. <Scene> is constrained by its sequence.
// - Entities and tasks the viewer cannot read (a vendor's unassigned tasks)
//   are never returned.
// - Template folders are split on "/", which is how the renderer writes them,
//   and the path on `sep`; Zou splits both on `sep`.
// - An empty `sep` and a project without a tree are 400s, where Zou fails
//   with a 500.

/** One template's match: the template kind, then one entry per token found. */
export type GuessedTemplate = Record<string, string>;

interface GuessInput {
  projectId: string;
  filePath: string;
  separator: string;
}

interface FieldError {
  field: string;
  message: string;
}

/** Reads Zou's body ({project_id, file_path, sep = "/"}) and rejects it whole with "Validation error." when a field is wrong. */
function parseGuessBody(body: unknown): GuessInput {
  const data = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const errors: FieldError[] = [];

  const requiredText = (field: string): string => {
    const value = data[field];
    if (value === undefined || value === null) errors.push({ field, message: "Field required" });
    else if (typeof value !== "string") errors.push({ field, message: "Input should be a valid string" });
    else if (value === "") errors.push({ field, message: "String should have at least 1 character" });
    return typeof value === "string" ? value : "";
  };

  const projectId = requiredText("project_id");
  const filePath = requiredText("file_path");
  const separator = data.sep === undefined || data.sep === null ? "/" : requiredText("sep");

  if (errors.length > 0) throw new BadRequestError("Validation error.", { errors });
  return { projectId, filePath, separator };
}


function applyStyle(text: string, style: unknown): string {
  if (style === "uppercase") return text.toUpperCase();
  if (style === "lowercase") return text.toLowerCase();
  return text;
}

/** Zou folds sequence names such as "Seq2" to "S002" in paths, as entity-paths.ts renders them. */
function sequenceFolder(name: string): string {
  if (!name.includes("Seq")) return name;
  return `S${name.slice(3).padStart(3, "0")}`;
}

/** A token of a template folder: `Asset` for `<Asset>`, `Shot` with field `short_name` for `<Shot.short_name>`. */
interface FolderToken {
  kind: string;
  field: string | null;
}

/** A template folder compiled to a regular expression with one group per token. */
interface FolderPattern {
  tokens: FolderToken[];
  pattern: RegExp;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compileFolder(folder: string): FolderPattern {
  const tokens: FolderToken[] = [];
  let source = "";
  let last = 0;
  for (const match of folder.matchAll(/<([\w.]*)>/g)) {
    source += escapeRegExp(folder.slice(last, match.index));
    source += "(.*?)";
    last = match.index + match[0].length;
    const [kind, field] = match[1].split(".");
    tokens.push({ kind, field: field ?? null });
  }
  source += escapeRegExp(folder.slice(last));
  // Literal text is compared without case, because the style applies to the path but not to a template's own text.
  return { tokens, pattern: new RegExp(`^${source}$`, "i") };
}

/** A token of the path with the text the path holds for it. */
interface PathToken extends FolderToken {
  value: string;
}

/**
 * Reads the token values of a path's folders against a template's folders,
 * up to the shorter of the two. Returns null when a folder does not match.
 */
function readPathTokens(pathFolders: string[], templateFolders: string[]): PathToken[] | null {
  const tokens: PathToken[] = [];
  const count = Math.min(pathFolders.length, templateFolders.length);
  for (let index = 0; index < count; index += 1) {
    const folder = compileFolder(templateFolders[index]);
    const match = folder.pattern.exec(pathFolders[index]);
    if (match === null) return null;
    folder.tokens.forEach((token, position) => tokens.push({ ...token, value: match[position + 1] }));
  }
  return tokens;
}

/** True when a stored name renders as the path's text. */
function sameName(name: string | null, value: string): boolean {
  return name !== null && slugify(name) === slugify(value);
}

/** Looks up the rows that template tokens name, running each query once per guess. */
class TokenLookup {
  private readonly cache = new Map<string, Promise<unknown[]>>();

  constructor(
    private readonly ctx: RequestContext,
    private readonly project: { id: string; name: string },
  ) {}

  private cached<T>(key: string, load: () => Promise<T[]>): Promise<T[]> {
    let rows = this.cache.get(key);
    if (rows === undefined) {
      rows = load();
      this.cache.set(key, rows);
    }
    return rows as Promise<T[]>;
  }

  /** Entities of one entity type (by name or id) in the project, under a parent when given, that the viewer may read. */
  private async entities(typeCondition: { name: string } | { id: string }, parentId: string | null | undefined) {
    const key = `entity:${JSON.stringify(typeCondition)}:${parentId === undefined ? "*" : parentId ?? "none"}`;
    return this.cached(key, async () => {
      const scope = await this.ctx.loaders.viewerAccess();
      const conditions = [
        eq(entity.projectId, this.project.id),
        "name" in typeCondition ? eq(entityType.name, typeCondition.name) : eq(entity.entityTypeId, typeCondition.id),
      ];
      if (parentId === null) conditions.push(isNull(entity.parentId));
      else if (parentId !== undefined) conditions.push(eq(entity.parentId, parentId));
      const rows = await selectEntities(this.ctx).where(and(...conditions));
      return scope.isAdmin ? rows : rows.filter((row) => scope.canReadEntity(row));
    });
  }

  private entityTypes() {
    return this.cached("entity-types", () => this.ctx.db.orm.select({ id: entityType.id, name: entityType.name }).from(entityType));
  }

  private taskTypes() {
    return this.cached("task-types", () => this.ctx.db.orm.select({ id: taskType.id, name: taskType.name }).from(taskType));
  }

  private departments() {
    return this.cached("departments", () => this.ctx.db.orm.select({ id: department.id, name: department.name }).from(department));
  }

  private outputTypes() {
    return this.cached("output-types", () => this.ctx.db.orm.select({ id: outputType.id, name: outputType.name }).from(outputType));
  }

  private tasks(entityId: string, taskTypeId: string) {
    return this.cached(`task:${entityId}:${taskTypeId}`, async () => {
      const scope = await this.ctx.loaders.viewerAccess();
      const rows = await this.ctx.db.orm
        .select({ id: task.id, name: task.name, projectId: task.projectId })
        .from(task)
        .where(and(eq(task.projectId, this.project.id), eq(task.entityId, entityId), eq(task.taskTypeId, taskTypeId)));
      return scope.isAdmin ? rows : rows.filter((row) => scope.canReadTask(row));
    });
  }

  private async byName(rows: Promise<{ id: string; name: string | null }[]>, value: string): Promise<string | null> {
    return (await rows).find((row) => sameName(row.name, value))?.id ?? null;
  }

  /**
   * Returns the id or value a token names, given the tokens found before it,
   * "skip" for the placeholder episode folder, or null when it names nothing.
   */
  async find(token: PathToken, found: GuessedTemplate): Promise<string | "skip" | null> {
    const { value } = token;
    switch (token.kind) {
      case "Project":
        return sameName(this.project.name, value) ? this.project.id : null;
      case "Episode": {
        if (found.Project === undefined) return null;
        const id = await this.byName(this.entities({ name: "Episode" }, undefined), value);
        // The renderer writes e001 for an entity without episode.
        return id ?? (slugify(value) === "e001" ? "skip" : null);
      }
      case "Sequence": {
        if (found.Project === undefined) return null;
        const sequences = await this.entities({ name: "Sequence" }, found.Episode ?? null);
        return sequences.find((row) => sameName(row.name, value) || sameName(sequenceFolder(row.name), value))?.id ?? null;
      }
      case "Shot":
      case "Scene":
        if (found.Project === undefined || found.Sequence === undefined) return null;
        return this.byName(this.entities({ name: token.kind }, found.Sequence), value);
      case "Asset":
        if (found.Project === undefined || found.AssetType === undefined) return null;
        return this.byName(this.entities({ id: found.AssetType }, undefined), value);
      case "TemporalEntity":
        if (found.Project === undefined || found.TemporalEntityType === undefined) return null;
        return this.byName(this.entities({ id: found.TemporalEntityType }, undefined), value);
      case "AssetType":
      case "TemporalEntityType":
        return this.byName(this.entityTypes(), value);
      case "TaskType":
        return this.byName(this.taskTypes(), value);
      case "Department":
        return this.byName(this.departments(), value);
      case "OutputType":
        return this.byName(this.outputTypes(), value);
      case "Task": {
        const entityId = found.Scene ?? found.Asset ?? found.Shot;
        if (found.Project === undefined || found.TaskType === undefined || entityId === undefined) return null;
        return this.byName(this.tasks(entityId, found.TaskType), value);
      }
      case "Name":
      case "Representation": {
        // As Zou, the text itself, with the renderer's underscores read back as spaces.
        const text = value.replaceAll("_", " ");
        return text === "" ? null : text;
      }
      case "Version":
      case "Revision": {
        const revision = /^\d{1,9}$/.test(value) ? Number(value) : 0;
        return revision === 0 ? null : String(revision);
      }
      default:
        // NOTE(compat): Zou filters <Instance> on an episode_id that Kumiki's asset_instance lacks, and has no lookup for <Software>, so a template stops there.
        return null;
    }
  }
}

/** Looks up a template's tokens left to right and returns what was found, or null when no token was read. */
async function guessTemplate(lookup: TokenLookup, templateKind: string, tokens: PathToken[]): Promise<GuessedTemplate | null> {
  if (tokens.length === 0) return null;
  const found: GuessedTemplate = { Template: templateKind };
  for (const token of tokens) {
    // NOTE(compat): a token that reads another field (`<Shot.short_name>`) is not looked up, and the template stops there.
    if (token.field !== null && token.field !== "name") break;
    if (found[token.kind] !== undefined) continue;
    const data = await lookup.find(token, found);
    if (data === null) break;
    if (data !== "skip") found[token.kind] = data;
  }
  return found;
}

function rootPath(section: Record<string, unknown>, mode: string, separator: string): string {
  if (!("mountpoint" in section) || !("root" in section)) throw fileTreeError(`Can't find given mode (${mode}) in given tree.`);
  const root = section.root === null || section.root === "" ? "" : String(section.root);
  const mountpoint = String(section.mountpoint);
  return root === "" ? `${mountpoint}${separator}` : `${mountpoint}${separator}${root}${separator}`;
}

function sameGuess(left: GuessedTemplate, right: GuessedTemplate): boolean {
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => left[key] === right[key]);
}

/**
 * Lists the project's file tree templates a file path matches, with the ids
 * of the rows its tokens name (Zou's body: project_id, file_path, sep). Team
 * members and admins only. A project without a file tree is a 400 with Zou's
 * file tree message, as on the path routes.
 */
export async function guessFromPath(ctx: RequestContext, body: unknown): Promise<GuessedTemplate[]> {
  const input = parseGuessBody(body);
  if (!isUuid(input.projectId)) throw new NotFoundError("Project not found.");
  const projectRow = await getReadableProject(ctx, input.projectId.toLowerCase());

  const tree = asObject(projectRow.fileTree);
  if (tree === undefined) throw fileTreeError("No tree can be found for given project.");

  const lookup = new TokenLookup(ctx, { id: projectRow.id, name: projectRow.name });
  const matches: GuessedTemplate[] = [];
  for (const [mode, sectionValue] of Object.entries(tree)) {
    const section = asObject(sectionValue);
    const folders = asObject(section?.folder_path);
    if (section === undefined || folders === undefined) continue;

    const style = folders.style ?? "";
    const root = applyStyle(rootPath(section, mode, input.separator), style);
    const styledPath = applyStyle(input.filePath, style);
    if (!styledPath.startsWith(root)) continue;
    const pathFolders = styledPath.slice(root.length).split(input.separator);

    for (const [templateKind, template] of Object.entries(folders)) {
      if (templateKind === "style" || typeof template !== "string") continue;
      const tokens = readPathTokens(pathFolders, template.split("/"));
      if (tokens === null) continue;
      const guess = await guessTemplate(lookup, templateKind, tokens);
      if (guess !== null && !matches.some((known) => sameGuess(known, guess))) matches.push(guess);
    }
  }
  return matches;
}
