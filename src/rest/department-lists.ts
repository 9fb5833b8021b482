import { ZOU_ERRORS, strictPathId } from "./inputs.js";
import type { RestRoute } from "./route-table.js";

// Department equipment lists and budget time spents.

export const departmentListsRoutes: RestRoute[] = [
  {
    method: "GET",
    path: "/data/departments/software-licenses",
    operation: 'query DepartmentSoftware { departmentEquipmentJson(kind: "software") }',
  },
  {
    method: "GET",
    path: "/data/departments/hardware-items",
    operation: 'query DepartmentHardwareItems { departmentEquipmentJson(kind: "hardwareItem") }',
  },
  {
    // Zou returns an empty object for an unknown project, where Kumiki returns 404.
    method: "GET",
    path: "/data/projects/{project_id}/budgets/time-spents",
    operation: "query ProjectBudgetTimeSpents($projectId: ID!) { projectBudgetTimeSpentsJson(projectId: $projectId) }",
    variables: ({ params }) => ({ projectId: strictPathId(params.project_id) }),
    errors: ZOU_ERRORS,
  },
];
