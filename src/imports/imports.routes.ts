import { BadRequestError } from "../errors.js";
import { bodyObject, type RestInput, type RestRoute } from "../rest/route-table.js";

// Zou's ShotGrid import removal routes, on the route table.

const INT32_MAX = 2_147_483_647;

/** Reads the body's ShotGrid `id`, a whole number. Zou fails with 500 without it, and Kumiki returns a validation error. */
function shotgunIdVariables(input: RestInput): Record<string, unknown> {
  const body = bodyObject(input.body);
  const raw = body.id;
  if (raw === undefined || raw === null) {
    throw new BadRequestError("Validation error.", { errors: [{ field: "id", message: "Field required" }] });
  }
  const value = typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : raw;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > INT32_MAX) {
    throw new BadRequestError("Validation error.", { errors: [{ field: "id", message: "Input should be a valid integer" }] });
  }
  return { shotgunId: value };
}

/** Builds Zou's removal body, which has removed_instance_id only when a record was found. */
function removalShape(data: Record<string, unknown>): unknown {
  const result = Object.values(data)[0] as { success: boolean; removed_instance_id: string | null };
  if (result.removed_instance_id === null) return { success: result.success };
  return { removed_instance_id: result.removed_instance_id, success: result.success };
}

const REMOVE_PROJECT_CONNECTION = `mutation ($shotgunId: Int!) {
  removeShotgunProjectConnection(shotgunId: $shotgunId) { success removed_instance_id: removedInstanceId }
}`;

export const importRoutes: readonly RestRoute[] = [
  {
    method: "DELETE",
    path: "/import/shotgun/errors/{error_id}",
    operation: `mutation ($id: String!) { deleteShotgunImportError(id: $id) }`,
    variables: ({ params }) => ({ id: params.error_id }),
    // Zou builds {"deletion_success": true}, but a 204 carries no body.
    shape: () => undefined,
    status: 204,
  },
  {
    method: "POST",
    path: "/import/shotgun/remove/shot",
    operation: `mutation ($shotgunId: Int!) {
      removeShotgunShot(shotgunId: $shotgunId) { success removed_instance_id: removedInstanceId }
    }`,
    variables: shotgunIdVariables,
    shape: removalShape,
  },
  {
    method: "POST",
    path: "/import/shotgun/remove/projectconnection",
    operation: REMOVE_PROJECT_CONNECTION,
    variables: shotgunIdVariables,
    shape: removalShape,
  },
  {
    method: "POST",
    path: "/import/shotgun/remove/project-connection",
    operation: REMOVE_PROJECT_CONNECTION,
    variables: shotgunIdVariables,
    shape: removalShape,
  },
];
