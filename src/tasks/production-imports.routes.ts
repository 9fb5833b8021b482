import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppServices } from "../context.js";
import { AppError, BadRequestError, PayloadTooLargeError } from "../errors.js";
import { isUuid } from "../ids.js";
import { importCastingCsv } from "../imports/casting-csv.service.js";
import { assertCanImportEstimations, importEstimationsCsv } from "../imports/estimations-csv.service.js";
import { assertProjectManager } from "../auth/permissions.js";

// Plain routes of the casting and estimation CSV imports: they read a
// multipart upload, so they call the import services directly instead of
// passing the file through a GraphQL document.

/** Upper bound of an uploaded CSV file, read into memory whole. */
const MAX_CSV_BYTES = 20 * 1024 * 1024;

/** Reads the part named `file` of a multipart request as UTF-8 text, as Zou reads request.files["file"]. */
async function readCsvUpload(request: FastifyRequest): Promise<string> {
  const missing = "File not provided: send the CSV file as the multipart field 'file'.";
  if (!request.isMultipart()) throw new BadRequestError(missing);
  for await (const part of request.parts({ limits: { fileSize: MAX_CSV_BYTES } })) {
    if (part.type !== "file") continue;
    if (part.fieldname !== "file") {
      part.file.resume();
      continue;
    }
    try {
      return (await part.toBuffer()).toString("utf8");
    } catch (error) {
      if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw new PayloadTooLargeError(`The file is larger than the ${MAX_CSV_BYTES} bytes allowed.`);
      throw new BadRequestError(`The upload was interrupted: ${(error as Error).message}`);
    }
  }
  throw new BadRequestError(missing);
}

/** Path ids are checked before the upload is read, so a malformed one costs no upload. */
function pathIdOrThrow(value: string): string {
  if (!isUuid(value)) throw new BadRequestError("Malformed ID.");
  return value.toLowerCase();
}

/**
 * Sends Zou's import failure body for an error on one row of the file:
 * `line_number` is the data row (1 for the first row after the header), and
 * `imported_rows` is 0 because a failed import writes nothing.
 */
function sendImportError(reply: FastifyReply, error: unknown): FastifyReply | undefined {
  if (!(error instanceof AppError) || typeof error.details?.lineNumber !== "number") return undefined;
  return reply.status(400).send({ error: true, message: error.message, line_number: error.details.lineNumber, imported_rows: 0 });
}

export function registerProductionImportRoutes(app: FastifyInstance, _services: AppServices): void {
  app.post<{ Params: { project_id: string } }>("/import/csv/projects/:project_id/casting", async (request, reply) => {
    const projectId = pathIdOrThrow(request.params.project_id);
    // Permission first, so a rejected request never has its file read.
    await assertProjectManager(request.ctx, projectId);
    const text = await readCsvUpload(request);
    try {
      return reply.status(201).send(await importCastingCsv(request.ctx, projectId, text));
    } catch (error) {
      if (sendImportError(reply, error) === undefined) throw error;
      return reply;
    }
  });

  const importEstimations = async (request: FastifyRequest<{ Params: { project_id: string; task_type_id: string; episode_id?: string } }>, reply: FastifyReply) => {
    const projectId = pathIdOrThrow(request.params.project_id);
    const taskTypeId = pathIdOrThrow(request.params.task_type_id);
    const rawEpisode = request.params.episode_id;
    const episodeId = rawEpisode === undefined || rawEpisode === "all" || rawEpisode === "main" ? (rawEpisode ?? null) : pathIdOrThrow(rawEpisode);
    await assertCanImportEstimations(request.ctx, projectId, taskTypeId);
    const text = await readCsvUpload(request);
    try {
      return reply.status(201).send(await importEstimationsCsv(request.ctx, { projectId, taskTypeId, episodeId }, text));
    } catch (error) {
      if (sendImportError(reply, error) === undefined) throw error;
      return reply;
    }
  };
  app.post("/import/csv/projects/:project_id/task-types/:task_type_id/estimations", importEstimations);
  app.post("/import/csv/projects/:project_id/episodes/:episode_id/task-types/:task_type_id/estimations", importEstimations);
}
