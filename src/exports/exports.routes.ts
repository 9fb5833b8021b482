import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context.js";
import { requireViewer } from "../context.js";
import { csvFileName, formatCsvRow } from "./csv.js";
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
}
