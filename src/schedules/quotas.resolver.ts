import { PersonTimeTotalsResolver } from "./person-time-totals.resolver.js";
import { QuotaJsonResolver } from "./quota-json.resolver.js";

// Resolvers of quotas and per-person time totals.

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const quotaResolvers: Function[] = [QuotaJsonResolver, PersonTimeTotalsResolver];
