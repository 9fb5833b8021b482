import type { FastifyInstance } from "fastify";
import type { AppServices } from "../context.js";
import { BadRequestError } from "../errors.js";
import { strictPathId } from "../rest/inputs.js";
import { discardAttachments, readCommentForm } from "./comment-attachments.js";
import { assertCanPostChatMessage, postChatMessage, readChatMessageText } from "./chats.service.js";

// Plain routes of entity chats: messages with files. Kitsu posts a message
// as a multipart form (a `message` field and file parts), other clients as
// JSON, so the route reads both and streams files to the store.

export function registerChatRoutes(app: FastifyInstance, _services: AppServices): void {
  app.post<{ Params: { entity_id: string } }>("/data/entities/:entity_id/chat/messages", async (request, reply) => {
    const ctx = request.ctx;
    const entityId = strictPathId(request.params.entity_id);
    // Checked before the body is read, so a refused post never stores its files.
    await assertCanPostChatMessage(ctx, entityId);

    if (!request.isMultipart()) {
      const body = request.body;
      if (body !== undefined && body !== null && (typeof body !== "object" || Array.isArray(body))) throw new BadRequestError("The request body must be a JSON object.");
      const text = readChatMessageText((body as Record<string, unknown> | undefined)?.message);
      return reply.status(201).send(await postChatMessage(ctx, entityId, text, []));
    }

    const form = await readCommentForm(ctx, request);
    try {
      const text = readChatMessageText(form.fields.message);
      return reply.status(201).send(await postChatMessage(ctx, entityId, text, form.files));
    } catch (error) {
      await discardAttachments(ctx, form.files);
      throw error;
    }
  });
}
