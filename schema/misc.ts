import {
  boolean,
  foreignKey,
  index,
  integer,
  pgTable,
  type PgTableExtraConfigValue,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";

import { baseColumns, linkBaseColumns } from "./columns.js";
import { department, person } from "./people.js";
import { project } from "./projects.js";

// Saved search filters, custom actions, plugins and the hardware inventory.

/** A saved search query of a list view, optionally shared within a project. */
export const searchFilter = pgTable(
  "search_filter",
  {
    listType: varchar("list_type", { length: 80 }).notNull(),
    entityType: varchar("entity_type", { length: 80 }),
    name: varchar("name", { length: 200 })
      .notNull()
      .$default(() => ""),
    searchQuery: varchar("search_query", { length: 500 })
      .notNull()
      .$default(() => ""),
    // Zou declares a database default (false) besides the application default.
    isShared: boolean("is_shared").notNull().default(false),
    departmentId: uuid("department_id"),
    searchFilterGroupId: uuid("search_filter_group_id"),
    personId: uuid("person_id"),
    projectId: uuid("project_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_search_filter_list_type").on(table.listType),
    index("ix_search_filter_person_id").on(table.personId),
    index("ix_search_filter_project_id").on(table.projectId),
    foreignKey({
      name: "search_filter_department_id_fkey",
      columns: [table.departmentId],
      foreignColumns: [department.id],
    }),
    foreignKey({
      name: "search_filter_search_filter_group_id_fkey",
      columns: [table.searchFilterGroupId],
      foreignColumns: [searchFilterGroup.id],
    }),
    foreignKey({
      name: "search_filter_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
    foreignKey({
      name: "search_filter_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
  ],
);

/** A named, coloured group of saved search filters. */
export const searchFilterGroup = pgTable(
  "search_filter_group",
  {
    listType: varchar("list_type", { length: 80 }).notNull(),
    entityType: varchar("entity_type", { length: 80 }),
    name: varchar("name", { length: 200 })
      .notNull()
      .$default(() => ""),
    color: varchar("color", { length: 8 })
      .notNull()
      .$default(() => ""),
    // Zou declares a database default (false) besides the application default.
    isShared: boolean("is_shared").notNull().default(false),
    personId: uuid("person_id"),
    projectId: uuid("project_id"),
    departmentId: uuid("department_id"),
    ...baseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    index("ix_search_filter_group_list_type").on(table.listType),
    index("ix_search_filter_group_person_id").on(table.personId),
    index("ix_search_filter_group_project_id").on(table.projectId),
    foreignKey({
      name: "search_filter_group_person_id_fkey",
      columns: [table.personId],
      foreignColumns: [person.id],
    }),
    foreignKey({
      name: "search_filter_group_project_id_fkey",
      columns: [table.projectId],
      foreignColumns: [project.id],
    }),
    foreignKey({
      name: "search_filter_group_department_id_fkey",
      columns: [table.departmentId],
      foreignColumns: [department.id],
    }),
  ],
);

/** A custom web action (a URL) offered in the UI for an entity type. */
export const customAction = pgTable("custom_action", {
  name: varchar("name", { length: 80 }).notNull(),
  url: varchar("url", { length: 400 }),
  entityType: varchar("entity_type", { length: 40 }).$default(() => "all"),
  isAjax: boolean("is_ajax").$default(() => false),
  ...baseColumns(),
});

/** An installed server plugin, as described by its manifest. */
export const plugin = pgTable(
  "plugin",
  {
    pluginId: varchar("plugin_id", { length: 80 }).notNull(),
    name: varchar("name", { length: 80 }).notNull(),
    description: text("description"),
    version: varchar("version", { length: 50 }).notNull(),
    maintainerName: varchar("maintainer_name", { length: 200 }).notNull(),
    // Lower-cased by the application before storage.
    maintainerEmail: varchar("maintainer_email", { length: 255 }),
    website: text("website"),
    license: varchar("license", { length: 80 }).notNull(),
    revision: varchar("revision", { length: 12 }),
    frontendProjectEnabled: boolean("frontend_project_enabled").$default(() => false),
    frontendStudioEnabled: boolean("frontend_studio_enabled").$default(() => false),
    icon: varchar("icon", { length: 255 }),
    ...baseColumns(),
  },
  (table) => [
    uniqueIndex("ix_plugin_plugin_id").on(table.pluginId),
    index("ix_plugin_name").on(table.name),
  ],
);

/** A hardware inventory item with its monthly cost. */
export const hardwareItem = pgTable("hardware_item", {
  name: varchar("name", { length: 40 }).notNull().unique("hardware_item_name_key"),
  shortName: varchar("short_name", { length: 20 }).notNull(),
  archived: boolean("archived").$default(() => false),
  monthlyCost: integer("monthly_cost").$default(() => 0),
  inventoryAmount: integer("inventory_amount").$default(() => 0),
  ...baseColumns(),
});

/** A hardware item assigned to a department. */
export const hardwareItemDepartmentLink = pgTable(
  "hardware_item_department_link",
  {
    departmentId: uuid("department_id").notNull(),
    hardwareItemId: uuid("hardware_item_id").notNull(),
    ...linkBaseColumns(),
  },
  (table): PgTableExtraConfigValue[] => [
    primaryKey({
      name: "hardware_item_department_link_pkey",
      columns: [table.departmentId, table.hardwareItemId, table.id],
    }),
    unique("hardware_item_department_link_uc").on(table.hardwareItemId, table.departmentId),
    index("ix_hardware_item_department_link_department_id").on(table.departmentId),
    index("ix_hardware_item_department_link_hardware_item_id").on(table.hardwareItemId),
    foreignKey({
      name: "hardware_item_department_link_department_id_fkey",
      columns: [table.departmentId],
      foreignColumns: [department.id],
    }),
    foreignKey({
      name: "hardware_item_department_link_hardware_item_id_fkey",
      columns: [table.hardwareItemId],
      foreignColumns: [hardwareItem.id],
    }),
  ],
);
