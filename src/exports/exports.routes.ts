import type { FastifyInstance, FastifyReply } from "fastify";
import type { AppServices } from "../context.js";
import { requireViewer } from "../context.js";
import { BadRequestError, NotFoundError } from "../errors.js";
import { isUuid } from "../ids.js";
import { csvFileName, formatCsvRow, type CsvValue } from "./csv.js";
import { exportAssetsCsv, exportShotsCsv, type EntityExportFilters } from "./entities-csv.service.js";
import { listOpenProjectTimeSpents } from "./exports.service.js";

// Zou's CSV exports: plain routes rather than route table entries, because
// they send a file instead of JSON.

const TIME_SPENT_HEADERS = ["Project", "Person", "Entity Type Name", "Entity", "Task Type", "Date", "Time spent"];

/** Returns today's date in the person's time zone (UTC when it is unset or unknown), written YYYY-MM-DD. */
function todayIn(timeZone: string | null): string {
  const format = (zone: string) => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  try {
    return format(timeZone ?? "UTC");
  } catch {
    return format("UTC");
  }
}

function sendCsv(reply: FastifyReply, lines: CsvValue[][], name: string): FastifyReply {
  return reply
    .header("Content-Type", "text/csv; charset=utf-8")
    .header("Content-Disposition", `attachment; filename=${csvFileName(name)}`)
    .send(lines.map(formatCsvRow).join(""));
}

/** Reads the optional episode_id and assigned_to filters of the entity exports. */
function entityExportFilters(query: Record<string, string | string[] | undefined>): EntityExportFilters {
  const filters: EntityExportFilters = {};
  for (const [key, field] of [["episode_id", "episodeId"], ["assigned_to", "assignedTo"]] as const) {
    const raw = query[key];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value === undefined || value === "") continue;
    if (!isUuid(value)) throw new BadRequestError(`Invalid ${key}: expected an id, got "${String(value).slice(0, 40)}".`);
    filters[field] = value.toLowerCase();
  }
  return filters;
}

function projectIdParam(params: unknown): string {
  const value = (params as { project_id?: string }).project_id;
  if (!isUuid(value)) throw new NotFoundError("Project not found.");
  return value.toLowerCase();
}

export function registerExportRoutes(app: FastifyInstance, _services: AppServices): void {
  app.get("/export/csv/time-spents.csv", async (request, reply) => {
    const rows = await listOpenProjectTimeSpents(request.ctx);
    const viewer = requireViewer(request.ctx);

    const lines = [formatCsvRow(TIME_SPENT_HEADERS)];
    for (const row of rows) {
      lines.push(formatCsvRow([row.projectName, row.personName, row.entityTypeName, row.entityName, row.taskTypeName, row.date, row.duration]));
    }

    const fileName = csvFileName(`${todayIn(viewer.person.timezone)}_open_projects_time_spents_export`);
    return reply
      .header("Content-Type", "text/csv; charset=utf-8")
      .header("Content-Disposition", `attachment; filename=${fileName}`)
      .send(lines.join(""));
  });

  app.get("/export/csv/projects/:project_id/shots.csv", async (request, reply) => {
    const projectId = projectIdParam(request.params);
    const result = await exportShotsCsv(request.ctx, projectId, entityExportFilters(request.query as Record<string, string>));
    return sendCsv(reply, result.lines, `${result.projectName} shots`);
  });

  app.get("/export/csv/projects/:project_id/assets.csv", async (request, reply) => {
    const projectId = projectIdParam(request.params);
    const result = await exportAssetsCsv(request.ctx, projectId, entityExportFilters(request.query as Record<string, string>));
    return sendCsv(reply, result.lines, `${result.projectName} assets`);
  });
}
