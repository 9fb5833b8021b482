import { and, eq, sql, type SQL } from "drizzle-orm";
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { news, notification, subscription } from "../../schema/notifications.js";
import { task } from "../../schema/tasks.js";
import { getReadableProject } from "../auth/permissions.js";
import type { RequestContext } from "../context.js";
import { requireViewer } from "../context.js";
import { idIn } from "../db/loader.js";
import { ForbiddenError } from "../errors.js";
import { PageArgs } from "../graphql/connection.js";
import { parseId } from "../ids.js";
import { pageOfTable, projectIdsWhereRole, timestampSortColumn } from "../misc/lists.js";
import { Person } from "../people/person.type.js";
import type { PersonRow } from "../people/person.json.js";
import { News, NewsConnection, Notification, NotificationConnection, TaskSubscription } from "./notification.type.js";
import type { NotificationRow } from "./notifications.loaders.js";
import { getOwnNotification, markAllNotificationsRead, markNotificationRead, subscribeToTask, unsubscribeFromTask } from "./notifications.service.js";

type NewsRow = typeof news.$inferSelect;

@ArgsType()
class NotificationsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: "Only read (true) or unread (false) notifications." })
  read?: boolean;

  @Field(() => String, { nullable: true })
  type?: string;
}

@ArgsType()
class NewsArgs extends PageArgs {
  @Field(() => ID)
  projectId!: string;
}

function viewerNotifications(ctx: RequestContext, args: NotificationsArgs) {
  const viewer = requireViewer(ctx);
  const conditions: SQL[] = [eq(notification.personId, viewer.id)];
  if (args.read != null) conditions.push(eq(notification.read, args.read));
  if (args.type != null) conditions.push(eq(notification.type, args.type));
  return pageOfTable<NotificationRow>(ctx, args, {
    table: notification,
    sortColumn: timestampSortColumn(notification.createdAt),
    idColumn: notification.id,
    sortKey: (row) => row.createdAt,
    where: and(...conditions),
    descending: true,
  });
}

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => Notification, { description: "One of the logged-in person's notifications; FORBIDDEN for anyone else's." })
  async notification(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return getOwnNotification(ctx, parseId(id));
  }

  @Query(() => NotificationConnection, { description: "The logged-in person's notifications, newest first." })
  async notifications(@Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: RequestContext) {
    return viewerNotifications(ctx, args);
  }

  @Mutation(() => Notification, { description: "Marks one of the logged-in person's notifications read (or unread with read: false); event notification:read or notification:unread." })
  async markNotificationRead(@Arg("id", () => ID) id: string, @Arg("read", () => Boolean, { nullable: true }) read: boolean | null, @Ctx() ctx: RequestContext) {
    return markNotificationRead(ctx, parseId(id), read ?? true);
  }

  @Mutation(() => Int, { description: "Marks all the logged-in person's notifications read and returns how many changed; event notification:all-read." })
  async markAllNotificationsRead(@Ctx() ctx: RequestContext) {
    return markAllNotificationsRead(ctx);
  }
}

@Resolver(() => TaskSubscription)
export class TaskSubscriptionResolver {
  @Query(() => [TaskSubscription], { description: "The logged-in person's task subscriptions." })
  async taskSubscriptions(@Ctx() ctx: RequestContext) {
    return ctx.loaders.subscriptionsByPersonId.load(requireViewer(ctx).id);
  }

  @Query(() => Boolean, { description: "Whether the logged-in person follows the task." })
  async isSubscribedToTask(@Arg("taskId", () => ID) taskId: string, @Ctx() ctx: RequestContext) {
    const viewer = requireViewer(ctx);
    const rows = await ctx.db.orm
      .select({ id: subscription.id })
      .from(subscription)
      .where(and(eq(subscription.personId, viewer.id), eq(subscription.taskId, parseId(taskId))))
      .limit(1);
    return rows.length > 0;
  }

  @Mutation(() => TaskSubscription, { description: "Subscribes the logged-in person to a task they may read; bots are refused." })
  async subscribeToTask(@Arg("taskId", () => ID) taskId: string, @Ctx() ctx: RequestContext) {
    return subscribeToTask(ctx, parseId(taskId));
  }

  @Mutation(() => Boolean, { description: "Unsubscribes the logged-in person from a task; true even when there was no subscription, as in Zou." })
  async unsubscribeFromTask(@Arg("taskId", () => ID) taskId: string, @Ctx() ctx: RequestContext) {
    return unsubscribeFromTask(ctx, parseId(taskId));
  }
}

@Resolver(() => News)
export class NewsResolver {
  @Query(() => NewsConnection, { description: "A project's activity feed, newest first; FORBIDDEN outside its team and for vendors and clients." })
  async news(@Args(() => NewsArgs) args: NewsArgs, @Ctx() ctx: RequestContext) {
    const projectId = parseId(args.projectId);
    await getReadableProject(ctx, projectId);
    const allowed = await projectIdsWhereRole(ctx, (role) => role !== "vendor" && role !== "client");
    if (allowed !== undefined && !allowed.includes(projectId)) throw new ForbiddenError();
    return pageOfTable<NewsRow>(ctx, args, {
      table: news,
      sortColumn: timestampSortColumn(news.createdAt),
      idColumn: news.id,
      sortKey: (row) => row.createdAt,
      where: sql`${news.taskId} in (select ${task.id} from ${task} where ${idIn(task.projectId, [projectId])})`,
      descending: true,
    });
  }
}

@Resolver(() => Person)
export class PersonNotificationsResolver {
  @FieldResolver(() => NotificationConnection, { description: "The person's notifications; only the logged-in person may read their own (FORBIDDEN otherwise)." })
  async notifications(@Root() person: PersonRow, @Args(() => NotificationsArgs) args: NotificationsArgs, @Ctx() ctx: RequestContext) {
    if (requireViewer(ctx).id !== person.id) throw new ForbiddenError();
    return viewerNotifications(ctx, args);
  }

  @FieldResolver(() => [TaskSubscription], { description: "The person's task subscriptions; only the logged-in person may read their own (FORBIDDEN otherwise)." })
  async taskSubscriptions(@Root() person: PersonRow, @Ctx() ctx: RequestContext) {
    if (requireViewer(ctx).id !== person.id) throw new ForbiddenError();
    return ctx.loaders.subscriptionsByPersonId.load(person.id);
  }
}
