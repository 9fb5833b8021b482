import { FileCatalogResolver, OutputFileResolver, TaskFilesResolver, WorkingFileResolver } from "../files/file.resolver.js";
import {
  NewsResolver,
  NotificationResolver,
  PersonNotificationsResolver,
  TaskSubscriptionResolver,
} from "../notifications/notification.resolver.js";
import { DepartmentResolver, OrganisationResolver, StudioResolver } from "../people/person.resolver.js";
import { PlaylistResolver, ProjectPlaylistsResolver } from "../playlists/playlist.resolver.js";
import { PlaylistJsonResolver } from "../playlists/playlist-json.resolver.js";
import { EventJsonResolver } from "../events/event-json.resolver.js";
import { SearchResolver } from "../search/search.resolver.js";
import { MetadataDescriptorResolver, ProjectSettingsResolver } from "../projects/project-settings.resolver.js";
import {
  BudgetResolver,
  DayOffResolver,
  MilestoneResolver,
  PersonScheduleResolver,
  ProjectScheduleResolver,
  ScheduleItemResolver,
  TimeSpentResolver,
} from "../schedules/schedule.resolver.js";
import { crossDomainResolvers } from "./cross-domain.resolver.js";
import { PluginResolver } from "./plugin.resolver.js";

// The resolvers of the people, projects, playlists, schedules, notifications,
// files and misc domains beyond the first two, listed once so that the shared
// schema registry needs a single entry for them.

export const productionResolvers = [
  DepartmentResolver,
  StudioResolver,
  OrganisationResolver,
  ProjectSettingsResolver,
  MetadataDescriptorResolver,
  PlaylistResolver,
  ProjectPlaylistsResolver,
  PlaylistJsonResolver,
  EventJsonResolver,
  SearchResolver,
  ScheduleItemResolver,
  MilestoneResolver,
  TimeSpentResolver,
  DayOffResolver,
  BudgetResolver,
  ProjectScheduleResolver,
  PersonScheduleResolver,
  NotificationResolver,
  TaskSubscriptionResolver,
  NewsResolver,
  PersonNotificationsResolver,
  WorkingFileResolver,
  OutputFileResolver,
  FileCatalogResolver,
  TaskFilesResolver,
  PluginResolver,
  ...crossDomainResolvers,
] as const;
