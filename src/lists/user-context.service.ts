import { and, asc, count, desc, eq, isNull, notInArray, or, type SQL } from "drizzle-orm";
import type { Table } from "drizzle-orm";
import { entity, entityType } from "../../schema/entities.js";
import { previewBackgroundFile } from "../../schema/comments.js";
import { customAction, plugin, searchFilter, searchFilterGroup } from "../../schema/misc.js";
import { notification } from "../../schema/notifications.js";
import { department, departmentLink, person, studio } from "../../schema/people.js";
import {
  departmentMetadataDescriptorLink,
  metadataDescriptor,
  project,
  projectAssetTypeLink,
  projectPersonLink,
  projectPreviewBackgroundFileLink,
  projectStatus,
  projectStatusAutomationLink,
  projectTaskStatusLink,
  projectTaskTypeLink,
  statusAutomation,
} from "../../schema/projects.js";
import { taskStatus, taskType } from "../../schema/tasks.js";
import { isAdmin, isManager } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { idIn } from "../db/loader.js";
import { ForbiddenError } from "../errors.js";
import { personToZouJson } from "../people/person.json.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { TEMPORAL_TYPES } from "./with-tasks.service.js";

// The payload Kitsu loads once after login (Zou's user context): the open
// projects of the viewer with their settings, and the studio's reference
// lists. Each part is one statement, so the count is fixed whatever the size
// of the studio.

const MINIMAL_PERSON_KEYS = [
  "id", "type", "first_name", "last_name", "full_name", "has_avatar", "active", "departments", "studio_id", "role", "desktop_login", "is_bot",
];

function groupIds<Row>(rows: Row[], key: (row: Row) => string, value: (row: Row) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list === undefined) groups.set(key(row), [value(row)]);
    else list.push(value(row));
  }
  return groups;
}

function all(ctx: RequestContext, table: Table, type: string, order?: SQL): Promise<ZouJson[]> {
  const query = ctx.db.orm.select().from(table as never);
  return (order === undefined ? query : query.orderBy(order)).then((rows) =>
    (rows as Record<string, unknown>[]).map((row) => toZouJson(table, row, type)),
  );
}

/** Builds Zou's user context for the viewer. */
export async function getUserContext(ctx: RequestContext): Promise<ZouJson> {
  const viewer = requireViewer(ctx);
  if (viewer.person.isBot) throw new ForbiddenError();
  const orm = ctx.db.orm;
  const admin = isAdmin(viewer);
  const manager = isManager(viewer);

  // The viewer's open projects, with their settings and link tables.
  const teamProjectIds = (await ctx.loaders.viewerTeamLinks()).keys();
  const visibleIds = [...teamProjectIds];
  const projectRows = await orm
    .select({ row: project })
    .from(project)
    .innerJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
    .where(and(eq(projectStatus.name, "Open"), admin ? undefined : idIn(project.id, visibleIds)))
    .orderBy(asc(project.name));
  const projectIds = projectRows.map((entry) => entry.row.id);

  const [teams, assetTypeLinks, taskTypeLinks, taskStatusLinks, automationLinks, backgroundLinks, descriptors, episodes] = await Promise.all([
    orm.select().from(projectPersonLink).where(idIn(projectPersonLink.projectId, projectIds)),
    orm.select().from(projectAssetTypeLink).where(idIn(projectAssetTypeLink.projectId, projectIds)),
    orm.select().from(projectTaskTypeLink).where(idIn(projectTaskTypeLink.projectId, projectIds)),
    orm.select().from(projectTaskStatusLink).where(idIn(projectTaskStatusLink.projectId, projectIds)),
    orm.select().from(projectStatusAutomationLink).where(idIn(projectStatusAutomationLink.projectId, projectIds)),
    orm.select().from(projectPreviewBackgroundFileLink).where(idIn(projectPreviewBackgroundFileLink.projectId, projectIds)),
    orm
      .select({ descriptor: metadataDescriptor, departmentId: departmentMetadataDescriptorLink.departmentId })
      .from(metadataDescriptor)
      .leftJoin(departmentMetadataDescriptorLink, eq(departmentMetadataDescriptorLink.metadataDescriptorId, metadataDescriptor.id))
      .where(idIn(metadataDescriptor.projectId, projectIds))
      .orderBy(asc(metadataDescriptor.position), asc(metadataDescriptor.name)),
    orm
      .select({ id: entity.id, projectId: entity.projectId, status: entity.status })
      .from(entity)
      .innerJoin(entityType, eq(entityType.id, entity.entityTypeId))
      .where(and(eq(entityType.name, "Episode"), idIn(entity.projectId, projectIds)))
      .orderBy(asc(entity.projectId), asc(entity.name)),
  ]);

  const viewerDepartments = new Set((await ctx.loaders.departmentLinksByPersonId.load(viewer.id)).map((link: { departmentId: string }) => link.departmentId));
  const descriptorsByProject = new Map<string, Map<string, { json: ZouJson; departments: string[] }>>();
  for (const { descriptor, departmentId } of descriptors) {
    // Clients get only the descriptors published to them, vendors only those of their departments.
    if (viewer.role === "client" && descriptor.forClient !== true) continue;
    let perProject = descriptorsByProject.get(descriptor.projectId);
    if (perProject === undefined) descriptorsByProject.set(descriptor.projectId, (perProject = new Map()));
    let entry = perProject.get(descriptor.id);
    if (entry === undefined) {
      entry = {
        json: {
          id: descriptor.id,
          name: descriptor.name,
          field_name: descriptor.fieldName,
          data_type: descriptor.dataType,
          choices: descriptor.choices,
          for_client: descriptor.forClient ?? false,
          entity_type: descriptor.entityType,
          task_type_id: descriptor.taskTypeId,
          position: descriptor.position,
        },
        departments: [],
      };
      perProject.set(descriptor.id, entry);
    }
    if (departmentId !== null) entry.departments.push(departmentId);
  }

  const teamByProject = groupIds(teams, (row) => row.projectId, (row) => row.personId);
  const assetTypesByProject = groupIds(assetTypeLinks, (row) => row.projectId, (row) => row.assetTypeId);
  const taskTypesByProject = groupIds(taskTypeLinks, (row) => row.projectId, (row) => row.taskTypeId);
  const taskStatusesByProject = groupIds(taskStatusLinks, (row) => row.projectId, (row) => row.taskStatusId);
  const automationsByProject = groupIds(automationLinks, (row) => row.projectId, (row) => row.statusAutomationId);
  const backgroundsByProject = groupIds(backgroundLinks, (row) => row.projectId, (row) => row.previewBackgroundFileId);

  const firstEpisode = new Map<string, string>();
  for (const episode of episodes) if (episode.status === "running" && !firstEpisode.has(episode.projectId)) firstEpisode.set(episode.projectId, episode.id);
  for (const episode of episodes) if (!firstEpisode.has(episode.projectId)) firstEpisode.set(episode.projectId, episode.id);

  const projects = projectRows.map(({ row }) => {
    const json = toZouJson(project, row as Record<string, unknown>, "Project");
    json.team = teamByProject.get(row.id) ?? [];
    json.asset_types = assetTypesByProject.get(row.id) ?? [];
    json.task_statuses = taskStatusesByProject.get(row.id) ?? [];
    json.task_types = taskTypesByProject.get(row.id) ?? [];
    json.status_automations = automationsByProject.get(row.id) ?? [];
    json.preview_background_files = backgroundsByProject.get(row.id) ?? [];
    json.descriptors = [...(descriptorsByProject.get(row.id)?.values() ?? [])]
      .filter((entry) => viewer.role !== "vendor" || entry.departments.length === 0 || entry.departments.some((id) => viewerDepartments.has(id)))
      .map((entry) => ({ ...entry.json, departments: entry.departments }));
    json.task_types_priority = Object.fromEntries(taskTypeLinks.filter((link) => link.projectId === row.id).map((link) => [link.taskTypeId, link.priority]));
    json.task_statuses_link = Object.fromEntries(
      taskStatusLinks.filter((link) => link.projectId === row.id).map((link) => [link.taskStatusId, { priority: link.priority, roles_for_board: link.rolesForBoard ?? [] }]),
    );
    if (row.productionType === "tvshow" && firstEpisode.has(row.id)) json.first_episode_id = firstEpisode.get(row.id);
    return json;
  });

  const [persons, departmentLinks, unread, filters, filterGroups] = await Promise.all([
    orm.select().from(person).where(eq(person.isGuest, false)).orderBy(asc(person.lastName), asc(person.firstName)),
    orm.select().from(departmentLink),
    orm.select({ total: count() }).from(notification).where(and(eq(notification.personId, viewer.id), eq(notification.read, false))),
    orm
      .select({ filter: searchFilter })
      .from(searchFilter)
      .leftJoin(project, eq(project.id, searchFilter.projectId))
      .leftJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
      .where(and(
        or(eq(searchFilter.personId, viewer.id), eq(searchFilter.isShared, true)),
        or(isNull(searchFilter.projectId), eq(projectStatus.name, "Open")),
        admin ? undefined : or(isNull(searchFilter.projectId), idIn(searchFilter.projectId, visibleIds)),
      ))
      .orderBy(asc(searchFilter.name)),
    orm
      .select({ group: searchFilterGroup })
      .from(searchFilterGroup)
      .leftJoin(project, eq(project.id, searchFilterGroup.projectId))
      .leftJoin(projectStatus, eq(projectStatus.id, project.projectStatusId))
      .where(and(
        or(eq(searchFilterGroup.personId, viewer.id), eq(searchFilterGroup.isShared, true)),
        or(isNull(searchFilterGroup.projectId), eq(projectStatus.name, "Open")),
        admin ? undefined : or(isNull(searchFilterGroup.projectId), idIn(searchFilterGroup.projectId, visibleIds)),
      ))
      .orderBy(desc(searchFilterGroup.createdAt)),
  ]);

  const departmentsByPerson = groupIds(departmentLinks, (row) => row.personId, (row) => row.departmentId);
  const personList = persons.map((row) => {
    const json = personToZouJson(row, departmentsByPerson.get(row.id) ?? []);
    return manager ? json : Object.fromEntries(MINIMAL_PERSON_KEYS.map((key) => [key, json[key]]));
  });

  const groupByListAndProject = <Row extends { listType: string; projectId: string | null; departmentId?: string | null }>(
    rows: Row[],
    table: Table,
    type: string,
  ) => {
    const result: Record<string, Record<string, ZouJson[]>> = {};
    for (const row of rows) {
      // Department filters are for that department's members, and managers.
      if (row.departmentId !== undefined && row.departmentId !== null && !manager && !viewerDepartments.has(row.departmentId)) continue;
      const byProject = (result[row.listType] ??= {});
      (byProject[row.projectId ?? "all"] ??= []).push(toZouJson(table, row as unknown as Record<string, unknown>, type));
    }
    return result;
  };

  const [assetTypes, customActions, statusAutomations, departments, studios, projectStatuses, taskTypes, taskStatuses, backgrounds, plugins] =
    await Promise.all([
      orm.select().from(entityType).where(notInArray(entityType.name, TEMPORAL_TYPES)).orderBy(asc(entityType.name))
        .then((rows) => rows.map((row) => toZouJson(entityType, row as Record<string, unknown>, "AssetType"))),
      all(ctx, customAction, "CustomAction"),
      all(ctx, statusAutomation, "StatusAutomation"),
      all(ctx, department, "Department", asc(department.name)),
      all(ctx, studio, "Studio", asc(studio.name)),
      all(ctx, projectStatus, "ProjectStatus"),
      all(ctx, taskType, "TaskType", asc(taskType.name)),
      all(ctx, taskStatus, "TaskStatus", asc(taskStatus.name)),
      all(ctx, previewBackgroundFile, "PreviewBackgroundFile"),
      all(ctx, plugin, "Plugin"),
    ]);

  const context: ZouJson = {
    asset_types: assetTypes,
    custom_actions: customActions,
    status_automations: statusAutomations,
    departments,
    studios,
    notification_count: unread[0]?.total ?? 0,
    persons: personList,
    project_status: projectStatuses,
    project_roles: Object.fromEntries(teams.filter((link) => link.personId === viewer.id && link.role !== null).map((link) => [link.projectId, link.role])),
    projects,
    task_types: taskTypes,
    task_status: taskStatuses,
    search_filters: groupByListAndProject(filters.map((entry) => entry.filter), searchFilter, "SearchFilter"),
    search_filter_groups: groupByListAndProject(filterGroups.map((entry) => entry.group), searchFilterGroup, "SearchFilterGroup"),
    preview_background_files: backgrounds,
    plugins,
  };
  if (admin) context.user_limit = 100;
  return context;
}
