import { eq } from "drizzle-orm";
import { project } from "../../schema/projects.js";
import { assertProjectManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { recordEvent } from "../events/events.service.js";
import { isUuid } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";

// The file trees a project can be given by name (Zou's set-file-tree), as
// rendered by entity-paths.ts and file-tree.ts. Each tree has a working and
// an output section with templates for every entity kind and for asset
// instances. These layouts are Kumiki's own.

type Section = {
  mountpoint: string;
  root: string;
  folder_path: Record<string, string>;
  file_name: Record<string, string>;
};

function section(mountpoint: string, root: string, folders: Record<string, string>, files: Record<string, string>): Section {
  return { mountpoint, root, folder_path: { ...folders, style: "lowercase" }, file_name: { ...files, style: "lowercase" } };
}

const DEFAULT_TREE = {
  working: section(
    "/studio/projects",
    "work",
    {
      asset: "<Project>/assets/<AssetType>/<Asset>/<TaskType>",
      shot: "<Project>/shots/<Episode>/<Sequence>/<Shot>/<TaskType>",
      sequence: "<Project>/sequences/<Episode>/<Sequence>/<TaskType>",
      scene: "<Project>/scenes/<Sequence>/<Scene>/<TaskType>",
      episode: "<Project>/episodes/<Episode>/<TaskType>",
    },
    {
      asset: "<Project>_<AssetType>_<Asset>_<TaskType>_<Name>_v<Revision>",
      shot: "<Project>_<Sequence>_<Shot>_<TaskType>_<Name>_v<Revision>",
      sequence: "<Project>_<Sequence>_<TaskType>_<Name>_v<Revision>",
      scene: "<Project>_<Sequence>_<Scene>_<TaskType>_<Name>_v<Revision>",
      episode: "<Project>_<Episode>_<TaskType>_<Name>_v<Revision>",
    },
  ),
  output: section(
    "/studio/projects",
    "publish",
    {
      asset: "<Project>/assets/<AssetType>/<Asset>/<TaskType>/<OutputType>/v<Revision>/<Representation>",
      shot: "<Project>/shots/<Episode>/<Sequence>/<Shot>/<TaskType>/<OutputType>/v<Revision>/<Representation>",
      sequence: "<Project>/sequences/<Episode>/<Sequence>/<TaskType>/<OutputType>/v<Revision>/<Representation>",
      scene: "<Project>/scenes/<Sequence>/<Scene>/<TaskType>/<OutputType>/v<Revision>/<Representation>",
      episode: "<Project>/episodes/<Episode>/<TaskType>/<OutputType>/v<Revision>/<Representation>",
      instance: "<Project>/shots/<Sequence>/<TemporalEntity>/instances/<AssetType>/<Asset>/<Instance>/<OutputType>/v<Revision>/<Representation>",
      instance_asset: "<Project>/assets/<AssetType>/<Asset>/instances/<Instance>/<OutputType>/v<Revision>/<Representation>",
    },
    {
      asset: "<Project>_<AssetType>_<Asset>_<OutputType>_<Name>_v<Revision>",
      shot: "<Project>_<Sequence>_<Shot>_<OutputType>_<Name>_v<Revision>",
      sequence: "<Project>_<Sequence>_<OutputType>_<Name>_v<Revision>",
      scene: "<Project>_<Sequence>_<Scene>_<OutputType>_<Name>_v<Revision>",
      episode: "<Project>_<Episode>_<OutputType>_<Name>_v<Revision>",
      instance: "<Project>_<TemporalEntity>_<Asset>_<Instance>_<OutputType>_<Name>_v<Revision>",
      instance_asset: "<Project>_<Asset>_<Instance>_<OutputType>_<Name>_v<Revision>",
    },
  ),
};

const SIMPLE_TREE = {
  working: section(
    "/studio/projects",
    "",
    { asset: "<Project>/<Asset>", shot: "<Project>/<Sequence>/<Shot>", sequence: "<Project>/<Sequence>", scene: "<Project>/<Scene>", episode: "<Project>/<Episode>" },
    { asset: "<Asset>_<TaskType>_v<Revision>", shot: "<Shot>_<TaskType>_v<Revision>", sequence: "<Sequence>_<TaskType>_v<Revision>", scene: "<Scene>_<TaskType>_v<Revision>", episode: "<Episode>_<TaskType>_v<Revision>" },
  ),
  output: section(
    "/studio/projects",
    "",
    {
      asset: "<Project>/<Asset>/<OutputType>",
      shot: "<Project>/<Sequence>/<Shot>/<OutputType>",
      sequence: "<Project>/<Sequence>/<OutputType>",
      scene: "<Project>/<Scene>/<OutputType>",
      episode: "<Project>/<Episode>/<OutputType>",
      instance: "<Project>/<TemporalEntity>/<Asset>_<Instance>/<OutputType>",
      instance_asset: "<Project>/<Asset>/<Instance>/<OutputType>",
    },
    {
      asset: "<Asset>_<OutputType>_v<Revision>",
      shot: "<Shot>_<OutputType>_v<Revision>",
      sequence: "<Sequence>_<OutputType>_v<Revision>",
      scene: "<Scene>_<OutputType>_v<Revision>",
      episode: "<Episode>_<OutputType>_v<Revision>",
      instance: "<TemporalEntity>_<Asset>_<Instance>_<OutputType>_v<Revision>",
      instance_asset: "<Asset>_<Instance>_<OutputType>_v<Revision>",
    },
  ),
};

/** The named trees set-file-tree accepts. */
export const FILE_TREES: Readonly<Record<string, unknown>> = { default: DEFAULT_TREE, simple: SIMPLE_TREE };

/**
 * Gives a project one of the named file trees (admins and the project's
 * managers); event project:update. An unknown tree name is a 400 with Zou's
 * message. Returns the project in Zou's JSON.
 */
export async function setProjectFileTree(ctx: RequestContext, projectId: string, body: unknown): Promise<ZouJson> {
  const data = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const treeName = data.tree_name;
  if (typeof treeName !== "string") {
    throw new BadRequestError("Validation error.", { errors: [{ field: "tree_name", message: treeName === undefined ? "Field required" : "Input should be a valid string" }] });
  }
  if (!isUuid(projectId)) throw new NotFoundError("Project not found.");
  const id = projectId.toLowerCase();
  await assertProjectManager(ctx, id);
  const tree = Object.hasOwn(FILE_TREES, treeName) ? FILE_TREES[treeName] : undefined;
  if (tree === undefined) throw new BadRequestError("Selected tree is not available");

  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(project).set({ fileTree: structuredClone(tree) as Record<string, unknown> }).where(eq(project.id, id)).returning();
    await recordEvent(tx, ctx, { name: "project:update", projectId: id, data: { project_id: id } });
    return toZouJson(project, row, "Project");
  });
}
