import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { notification } from "../../schema/notifications.js";
import type { RequestContext } from "../context.js";
import { JSON } from "../graphql/scalars.js";
import { parseId } from "../ids.js";
import { toZouJson, type ZouJson } from "../rest/zou-json.js";
import { Notification } from "./notification.type.js";
import type { NotificationRow } from "./notifications.loaders.js";
import { getViewerNotification, listProjectNotifications, listProjectSubscriptions, listViewerNotifications, type NotificationPage } from "./notifications-json.service.js";

// Notifications in Zou's JSON, for the Zou routes of the user and tasks blueprints.

/** Zou's page size when a list is paged (its NB_RECORDS_PER_PAGE default). */
const PAGE_SIZE = 100;

@Resolver(() => Notification)
export class NotificationJsonResolver {
  @FieldResolver(() => JSON, { description: "The notification row in Zou's JSON." })
  zouJson(@Root() row: NotificationRow): ZouJson {
    return toZouJson(notification, row as unknown as Record<string, unknown>, "Notification");
  }

  @Query(() => JSON, {
    description:
      "The viewer's 100 latest notifications in Zou's JSON, with their task, comment, entity and playlist details. `after` and `before` are timestamps; `watching` keeps notifications of followed tasks (true) or the others (false).",
  })
  async viewerNotificationsJson(
    @Arg("after", () => String, { nullable: true }) after: string | null,
    @Arg("before", () => String, { nullable: true }) before: string | null,
    @Arg("taskTypeId", () => String, { nullable: true }) taskTypeId: string | null,
    @Arg("taskStatusId", () => String, { nullable: true }) taskStatusId: string | null,
    @Arg("type", () => String, { nullable: true }) type: string | null,
    @Arg("read", () => Boolean, { nullable: true }) read: boolean | null,
    @Arg("watching", () => Boolean, { nullable: true }) watching: boolean | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[]> {
    return listViewerNotifications(ctx, { after, before, taskTypeId, taskStatusId, type, read, watching });
  }

  @Query(() => JSON, { description: "One of the viewer's notifications in Zou's detailed JSON; NOT_FOUND for another person's." })
  async viewerNotificationJson(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ZouJson> {
    return getViewerNotification(ctx, parseId(id));
  }

  @Query(() => JSON, {
    description: "Notifications of a project's tasks in Zou's JSON, most recently updated first (admins only): all of them, or Zou's page object when `page` is given (100 per page).",
  })
  async projectNotificationsJson(
    @Arg("projectId", () => ID) projectId: string,
    @Arg("page", () => Int, { nullable: true }) page: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<ZouJson[] | NotificationPage> {
    return listProjectNotifications(ctx, parseId(projectId), page === null || page < 1 ? null : page, PAGE_SIZE);
  }

  @Query(() => JSON, { description: "Task subscriptions of a project in Zou's JSON (admins only)." })
  async projectSubscriptionsJson(@Arg("projectId", () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<ZouJson[]> {
    return listProjectSubscriptions(ctx, parseId(projectId));
  }
}
