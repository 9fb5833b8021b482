import { SecondFactorsResolver } from "../auth/second-factors.resolver.js";
import { CommentPreviewRemovalResolver } from "../comments/comment-preview-removal.resolver.js";
import { CommentRepliesResolver } from "../comments/comment-replies.resolver.js";
import { ProductionBreakdownResolver } from "../entities/production-breakdown.resolver.js";
import { EntityActivityResolver } from "../entities/entity-activity.resolver.js";
import { NewsJsonResolver } from "../notifications/news-json.resolver.js";
import { TaskSubscriptionsJsonResolver } from "../notifications/task-subscriptions.resolver.js";
import { AllProjectsDescriptorsResolver } from "../projects/all-projects-descriptors.resolver.js";
import { ProjectSettingsOrderResolver } from "../projects/project-settings-order.resolver.js";
import { KitsuAdminResolver } from "../people/kitsu-admin.resolver.js";
import { PlaylistPageResolver } from "../playlists/playlist-page.resolver.js";
import { KitsuPreviewsResolver } from "../previews/kitsu-previews.resolver.js";
import { KitsuScheduleResolver } from "../schedules/kitsu-schedule.resolver.js";
import { TimeSpentTablesResolver } from "../schedules/time-spent-tables.resolver.js";
import { TaskActionBarResolver } from "../tasks/task-action-bar.resolver.js";
import { TasksToCheckResolver } from "../tasks/tasks-to-check.resolver.js";
import { chatResolvers } from "../comments/chats.resolver.js";
import { quotaResolvers } from "../schedules/quotas.resolver.js";
import { sharedPlaylistResolvers } from "../playlists/shared-playlists.resolver.js";
import { previewActionResolvers } from "../previews/preview-actions.resolver.js";
import { productionActionResolvers } from "../tasks/production-actions.resolver.js";
import { accountResolvers } from "../auth/account.resolver.js";
import { playlistBuildResolvers } from "../playlists/playlist-builds.resolver.js";
import { overviewListResolvers } from "../tasks/overview-lists.resolver.js";
import { departmentListResolvers } from "../people/department-lists.resolver.js";

// Resolvers behind the Zou routes that Kitsu's web client calls and gazu
// does not (src/rest/kitsu.ts), listed here so the schema takes them in one entry.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const kitsuResolvers: Function[] = [
  SecondFactorsResolver,
  CommentRepliesResolver,
  ProductionBreakdownResolver,
  EntityActivityResolver,
  NewsJsonResolver,
  TaskSubscriptionsJsonResolver,
  ProjectSettingsOrderResolver,
  AllProjectsDescriptorsResolver,
  KitsuAdminResolver,
  KitsuPreviewsResolver,
  KitsuScheduleResolver,
  TimeSpentTablesResolver,
  TaskActionBarResolver,
  TasksToCheckResolver,
  PlaylistPageResolver,
  CommentPreviewRemovalResolver,
  ...chatResolvers,
  ...quotaResolvers,
  ...sharedPlaylistResolvers,
  ...previewActionResolvers,
  ...productionActionResolvers,
  ...accountResolvers,
  ...playlistBuildResolvers,
  ...overviewListResolvers,
  ...departmentListResolvers,
];
