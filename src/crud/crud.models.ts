import { attachmentFile, chat, chatMessage, chatParticipant, comment, commentAcknoledgments, commentDepartmentMentions, commentMentions, commentPreviewLink, previewBackgroundFile, previewFile } from "../../schema/comments.js";
import { assetInstance, assetInstanceLink, entity, entityConceptLink, entityLink, entityType, taskTypeAssetTypeLink } from "../../schema/entities.js";
import { fileStatus, outputFile, outputType, software, workingFile } from "../../schema/files.js";
import { customAction, hardwareItem, plugin, searchFilter, searchFilterGroup } from "../../schema/misc.js";
import { apiEvent, news, notification, subscription } from "../../schema/notifications.js";
import { department, departmentLink, organisation, person, studio } from "../../schema/people.js";
import { buildJob, playlist } from "../../schema/playlists.js";
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
  projectTemplate,
  projectTemplateAssetTypeLink,
  projectTemplatePreviewBackgroundFileLink,
  projectTemplateStatusAutomationLink,
  projectTemplateTaskStatusLink,
  projectTemplateTaskTypeLink,
  statusAutomation,
} from "../../schema/projects.js";
import {
  budget,
  budgetEntry,
  dayOff,
  milestone,
  productionScheduleVersion,
  productionScheduleVersionTaskLink,
  productionScheduleVersionTaskLinkPersonLink,
  salaryScale,
  scheduleItem,
  timeSpent,
} from "../../schema/schedules.js";
import { task, taskPersonLink, taskStatus, taskType } from "../../schema/tasks.js";
import {
  commentHooks,
  customActionHooks,
  dayOffHooks,
  entityHooks,
  entityTypeHooks,
  metadataDescriptorHooks,
  personHooks,
  playlistHooks,
  previewBackgroundFileHooks,
  projectHooks,
  scheduleItemHooks,
  scheduleVersionTaskLinkHooks,
  statusAutomationHooks,
  taskListHooks,
  taskStatusHooks,
  taskTypeHooks,
  timeSpentHooks,
} from "./crud.hooks.js";
import type { CrudModel } from "./crud.types.js";

// The generic CRUD registry: one entry per model Zou serves under
// /data/<path>, with who may list, read, create, update and delete it (from
// the hooks of Zou's per-model resources, stricter where Zou leaks rows of
// other productions), how its rows reach a project, and its link tables.

/** Person columns never sent, filtered or written through the generic routes (Zou's safe serializer). */
const PERSON_SECRETS = ["password", "totp_secret", "email_otp_secret", "otp_recovery_codes", "fido_credentials", "jti", "login_failed_attemps", "last_login_failed"];

const byProject = (column = "project_id") => ({ kind: "column", column }) as const;
const throughEntity = (column: string) => ({ kind: "through", column, table: "entity" }) as const;
const throughTask = (column: string) => ({ kind: "through", column, table: "task" }) as const;

/** A model readable by anyone logged in and written by admins only (statuses, types, studios…). */
function referenceModel(path: string, table: CrudModel["table"], type: string, extra: Partial<CrudModel> = {}): CrudModel {
  return { path, table, type, list: "logged-in", read: "logged-in", create: "admin", update: "admin", delete: "admin", ...extra };
}

/** A model only admins reach through the generic routes. */
function adminModel(path: string, table: CrudModel["table"], type: string, extra: Partial<CrudModel> = {}): CrudModel {
  return { path, table, type, list: "admin", read: "admin", create: "admin", update: "admin", delete: "admin", ...extra };
}

export const crudModels: readonly CrudModel[] = [
  {
    path: "persons",
    table: person,
    type: "Person",
    list: "logged-in",
    read: "logged-in",
    create: "admin",
    update: "self-or-admin",
    delete: "admin-not-self",
    hiddenColumns: PERSON_SECRETS,
    writeOnly: ["password"],
    extraParameters: ["with_pass_hash"],
    relations: [{ key: "departments", table: departmentLink, ownColumn: "person_id", otherColumn: "department_id", writable: true }],
    hooks: personHooks,
  },
  {
    path: "projects",
    table: project,
    type: "Project",
    list: "logged-in",
    read: "project-member",
    create: "admin",
    update: "project-manager",
    delete: "admin",
    scope: { kind: "project" },
    protectedColumns: ["team"],
    relations: [
      { key: "team", table: projectPersonLink, ownColumn: "project_id", otherColumn: "person_id" },
      { key: "asset_types", table: projectAssetTypeLink, ownColumn: "project_id", otherColumn: "asset_type_id", writable: true },
      { key: "task_statuses", table: projectTaskStatusLink, ownColumn: "project_id", otherColumn: "task_status_id", writable: true },
      { key: "task_types", table: projectTaskTypeLink, ownColumn: "project_id", otherColumn: "task_type_id", writable: true },
      { key: "status_automations", table: projectStatusAutomationLink, ownColumn: "project_id", otherColumn: "status_automation_id", writable: true },
      { key: "preview_background_files", table: projectPreviewBackgroundFileLink, ownColumn: "project_id", otherColumn: "preview_background_file_id", writable: true },
    ],
    hooks: projectHooks,
  },
  referenceModel("project-status", projectStatus, "ProjectStatus"),
  {
    path: "project-templates",
    table: projectTemplate,
    type: "ProjectTemplate",
    list: "manager",
    read: "manager",
    create: "admin",
    update: "admin",
    delete: "admin",
    relations: [
      { key: "task_types", table: projectTemplateTaskTypeLink, ownColumn: "project_template_id", otherColumn: "task_type_id", writable: true },
      { key: "task_statuses", table: projectTemplateTaskStatusLink, ownColumn: "project_template_id", otherColumn: "task_status_id", writable: true },
      { key: "asset_types", table: projectTemplateAssetTypeLink, ownColumn: "project_template_id", otherColumn: "asset_type_id", writable: true },
      { key: "status_automations", table: projectTemplateStatusAutomationLink, ownColumn: "project_template_id", otherColumn: "status_automation_id", writable: true },
      { key: "preview_background_files", table: projectTemplatePreviewBackgroundFileLink, ownColumn: "project_template_id", otherColumn: "preview_background_file_id", writable: true },
    ],
  },
  referenceModel("entity-types", entityType, "EntityType", {
    relations: [{ key: "task_types", table: taskTypeAssetTypeLink, ownColumn: "asset_type_id", otherColumn: "task_type_id", writable: true }],
    hooks: entityTypeHooks,
  }),
  {
    path: "entities",
    table: entity,
    type: "Entity",
    list: "logged-in",
    read: "entity-access",
    create: "project-manager",
    // TODO: Zou also lets a department supervisor change an entity's data
    // fields; Kumiki only lets project managers update entities here.
    update: "project-manager",
    delete: "creator-or-project-manager",
    scope: byProject(),
    vendorScope: { column: "id", kind: "entity" },
    protectedColumns: ["shotgun_id", "created_by"],
    relations: [
      { key: "entities_out", table: entityLink, ownColumn: "entity_in_id", otherColumn: "entity_out_id" },
      { key: "entities_in", table: entityLink, ownColumn: "entity_out_id", otherColumn: "entity_in_id" },
      { key: "entity_concept_links", table: entityConceptLink, ownColumn: "entity_in_id", otherColumn: "entity_out_id" },
      { key: "instance_casting", table: assetInstanceLink, ownColumn: "entity_id", otherColumn: "asset_instance_id" },
    ],
    hooks: entityHooks,
  },
  referenceModel("task-types", taskType, "TaskType", { hooks: taskTypeHooks }),
  referenceModel("task-status", taskStatus, "TaskStatus", { hooks: taskStatusHooks }),
  {
    path: "tasks",
    table: task,
    type: "Task",
    list: "logged-in",
    read: "entity-access",
    // Zou checks no role on task creation; Kumiki asks for a project manager,
    // the rule of its task creation actions.
    create: "project-manager",
    // TODO: Zou lets a department supervisor change scheduling fields.
    update: "project-manager",
    delete: "project-manager",
    scope: byProject(),
    vendorScope: { column: "id", kind: "task" },
    extraParameters: ["episode_id"],
    relations: [{ key: "assignees", table: taskPersonLink, ownColumn: "task_id", otherColumn: "person_id", writable: true }],
    hooks: taskListHooks,
  },
  referenceModel("departments", department, "Department"),
  referenceModel("organisations", organisation, "Organisation"),
  referenceModel("file-status", fileStatus, "FileStatus"),
  referenceModel("softwares", software, "Software"),
  adminModel("hardware-items", hardwareItem, "HardwareItem"),
  {
    path: "output-files",
    table: outputFile,
    type: "OutputFile",
    list: "not-vendor",
    read: "entity-access",
    create: "admin",
    // TODO: Zou also lets a person working on the entity update its output files.
    update: "project-manager",
    delete: "admin",
    scope: throughEntity("entity_id"),
    openProjectsOnly: true,
    vendorScope: { column: "entity_id", kind: "entity" },
    embeds: [{ key: "source_file", column: "source_file_id", table: workingFile, type: "WorkingFile" }],
  },
  referenceModel("output-types", outputType, "OutputType"),
  {
    path: "preview-files",
    table: previewFile,
    type: "PreviewFile",
    list: "logged-in",
    read: "entity-access",
    create: "admin",
    update: "project-manager",
    delete: "project-manager",
    scope: throughTask("task_id"),
    vendorScope: { column: "task_id", kind: "task" },
    relations: [{ key: "comments", table: commentPreviewLink, ownColumn: "preview_file", otherColumn: "comment" }],
  },
  {
    path: "working-files",
    table: workingFile,
    type: "WorkingFile",
    list: "not-vendor",
    read: "entity-access",
    create: "admin",
    update: "task-actor",
    delete: "admin",
    scope: throughTask("task_id"),
    vendorScope: { column: "task_id", kind: "task" },
    relations: [{ key: "outputs", table: outputFile, ownColumn: "source_file_id", otherColumn: "id", children: true }],
  },
  {
    path: "attachment-files",
    table: attachmentFile,
    type: "AttachmentFile",
    list: "admin",
    read: "entity-access",
    create: "admin",
    update: "admin",
    delete: "admin",
    scope: { kind: "attachment" },
    vendorScope: { column: "id", kind: "attachment" },
    embeds: [
      { key: "comment", column: "comment_id", table: comment, type: "Comment" },
      { key: "chat_message", column: "chat_message_id", table: chatMessage, type: "ChatMessage" },
    ],
  },
  {
    path: "comments",
    table: comment,
    type: "Comment",
    list: "admin",
    // TODO: clients only see comments made for clients, as Zou's check_comment_access.
    read: "entity-access",
    create: "admin",
    update: "owner-or-project-manager",
    delete: "owner-or-project-manager",
    scope: throughTask("object_id"),
    vendorScope: { column: "object_id", kind: "task" },
    protectedColumns: ["object_id", "object_type"],
    relations: [
      { key: "previews", table: commentPreviewLink, ownColumn: "comment", otherColumn: "preview_file" },
      { key: "mentions", table: commentMentions, ownColumn: "comment", otherColumn: "person" },
      { key: "department_mentions", table: commentDepartmentMentions, ownColumn: "comment", otherColumn: "department" },
      { key: "acknowledgements", table: commentAcknoledgments, ownColumn: "comment", otherColumn: "person" },
      { key: "attachment_files", table: attachmentFile, ownColumn: "comment_id", otherColumn: "id", children: true },
    ],
    hooks: commentHooks,
  },
  {
    ...adminModel("time-spents", timeSpent, "TimeSpent"),
    delete: "owner-or-project-manager",
    scope: throughTask("task_id"),
    extraParameters: ["start_date", "end_date"],
    hooks: timeSpentHooks,
  },
  { path: "day-offs", table: dayOff, type: "DayOff", list: "admin", read: "self-or-admin", create: "self-or-admin", update: "self-or-admin", delete: "self-or-admin", hooks: dayOffHooks },
  { ...adminModel("custom-actions", customAction, "CustomAction"), list: "not-vendor", hooks: customActionHooks },
  { ...adminModel("status-automations", statusAutomation, "StatusAutomation"), list: "not-vendor", hooks: statusAutomationHooks },
  {
    ...adminModel("asset-instances", assetInstance, "AssetInstance"),
    read: "entity-access",
    update: "entity-access",
    scope: throughEntity("asset_id"),
    vendorScope: { column: "asset_id", kind: "entity" },
    protectedColumns: ["number"],
    relations: [{ key: "shots", table: assetInstanceLink, ownColumn: "asset_instance_id", otherColumn: "entity_id" }],
  },
  {
    path: "playlists",
    table: playlist,
    type: "Playlist",
    list: "not-vendor",
    read: "project-member-not-vendor",
    create: "project-supervisor",
    // TODO: Zou also lets the supervisor who created a playlist update and delete it.
    update: "project-manager",
    delete: "project-manager",
    scope: byProject(),
    clientColumn: "for_client",
    protectedColumns: ["created_by"],
    relations: [{ key: "build_jobs", table: buildJob, ownColumn: "playlist_id", otherColumn: "id", children: true }],
    hooks: playlistHooks,
  },
  { ...adminModel("events", apiEvent, "ApiEvent"), maxRows: 1000 },
  adminModel("notifications", notification, "Notification"),
  adminModel("search-filters", searchFilter, "SearchFilter"),
  adminModel("search-filter-groups", searchFilterGroup, "SearchFilterGroup"),
  {
    ...adminModel("schedule-items", scheduleItem, "ScheduleItem"),
    // Creating and deleting stay admin-only, as in Zou 1.0.67.
    // TODO: Zou narrows supervisors to the task type's department.
    update: "project-supervisor",
    scope: byProject(),
    hooks: scheduleItemHooks,
  },
  adminModel("news", news, "News"),
  {
    path: "milestones",
    table: milestone,
    type: "Milestone",
    list: "admin",
    read: "project-member-not-vendor",
    create: "project-manager",
    update: "project-manager",
    delete: "project-manager",
    scope: byProject(),
  },
  {
    ...adminModel("metadata-descriptors", metadataDescriptor, "MetadataDescriptor"),
    list: "not-vendor",
    scope: byProject(),
    relations: [{ key: "departments", table: departmentMetadataDescriptorLink, ownColumn: "metadata_descriptor_id", otherColumn: "department_id", writable: true }],
    hooks: metadataDescriptorHooks,
  },
  adminModel("subscriptions", subscription, "Subscription"),
  adminModel("entity-links", entityLink, "EntityLink"),
  {
    ...adminModel("chats", chat, "Chat"),
    relations: [{ key: "participants", table: chatParticipant, ownColumn: "chat_id", otherColumn: "person_id", writable: true }],
  },
  {
    ...adminModel("chat-messages", chatMessage, "ChatMessage"),
    relations: [{ key: "attachment_files", table: attachmentFile, ownColumn: "chat_message_id", otherColumn: "id", children: true }],
  },
  referenceModel("preview-background-files", previewBackgroundFile, "PreviewBackgroundFile", { hooks: previewBackgroundFileHooks }),
  referenceModel("studios", studio, "Studio"),
  // TODO: Zou's list first creates the missing department × position × seniority rows.
  { ...adminModel("salary-scales", salaryScale, "SalaryScale"), create: "never", protectedColumns: ["department_id"] },
  { ...adminModel("budgets", budget, "Budget"), protectedColumns: ["revision"] },
  { ...adminModel("budget-entries", budgetEntry, "BudgetEntry"), protectedColumns: ["budget_id"] },
  adminModel("plugins", plugin, "Plugin"),
  {
    path: "production-schedule-versions",
    table: productionScheduleVersion,
    type: "ProductionScheduleVersion",
    list: "project-staff",
    read: "project-staff",
    create: "project-manager",
    update: "project-manager",
    // Zou 1.0.67 keeps its admin-only default for deleting a version.
    delete: "admin",
    scope: byProject(),
  },
  {
    path: "production-schedule-version-task-links",
    table: productionScheduleVersionTaskLink,
    type: "ProductionScheduleVersionTaskLink",
    list: "project-staff",
    read: "project-staff",
    create: "project-manager",
    update: "project-manager",
    delete: "project-manager",
    scope: throughTask("task_id"),
    protectedColumns: ["task_id", "production_schedule_version_id"],
    extraParameters: ["project_id"],
    relations: [
      { key: "assignees", table: productionScheduleVersionTaskLinkPersonLink, ownColumn: "production_schedule_version_task_link_id", otherColumn: "person_id", writable: true },
    ],
    hooks: scheduleVersionTaskLinkHooks,
  },
];

export const crudModelByPath: ReadonlyMap<string, CrudModel> = new Map(crudModels.map((model) => [model.path, model]));
