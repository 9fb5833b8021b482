import { BudgetTimeSpentsResolver } from "../schedules/budget-time-spents.resolver.js";
import { DepartmentEquipmentListsResolver } from "./department-equipment-lists.resolver.js";

// Resolvers of department equipment lists and budget time spents.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const departmentListResolvers: Function[] = [DepartmentEquipmentListsResolver, BudgetTimeSpentsResolver];
