import { DateTimeResolver, JSONResolver, LocalDateResolver } from "graphql-scalars";

// Scalars shared by every domain's types.
export const DateTime = DateTimeResolver;
export const JSON = JSONResolver;
/** A calendar date, YYYY-MM-DD. */
export const LocalDate = LocalDateResolver;
