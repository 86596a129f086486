// What the demo generator produces for one account, and the small helpers its
// per-entity generators share.
import type { Insertable } from "kysely";
import type {
  AccountsTable,
  ExpectationChangesTable,
  ExpectationsTable,
  PortalAccessTable,
  StakeholdersTable,
  SurveyResponsesTable,
  TouchpointInvoicesTable,
  TouchpointStakeholdersTable,
  TouchpointSupportCasesTable,
  TouchpointsTable,
  TouchpointUsersTable,
  UsersTable,
} from "#db/schema.ts";

export interface SeedUser extends Insertable<UsersTable> {
  id: string;
  email: string;
  name: string;
}

export interface AccountRows {
  account: Insertable<AccountsTable> & { id: string; name: string };
  stakeholders: (Insertable<StakeholdersTable> & { id: string })[];
  touchpoints: (Insertable<TouchpointsTable> & { id: string })[];
  touchpointStakeholders: Insertable<TouchpointStakeholdersTable>[];
  touchpointUsers: Insertable<TouchpointUsersTable>[];
  invoices: Insertable<TouchpointInvoicesTable>[];
  supportCases: Insertable<TouchpointSupportCasesTable>[];
  expectations: (Insertable<ExpectationsTable> & { id: string })[];
  expectationChanges: Insertable<ExpectationChangesTable>[];
  surveys: Insertable<SurveyResponsesTable>[];
  portalAccess: Insertable<PortalAccessTable>[];
}

/** An account's hidden character, drawn first, so health varies believably across the portfolio. */
export interface Character {
  /** 0.45..0.98 (a troubled account under 0.6): how well promises are kept and invoices paid. */
  reliability: number;
  /** Mean sentiment tendency, -0.8..1.4 (a troubled account under 0). */
  mood: number;
  /** Sentiment sinks towards today. */
  declining: boolean;
}

/** What every per-entity generator of one account knows. */
/** How long a demo account's portal user has had access (db/seed/generate.ts). */
export const PORTAL_ACCESS_DAYS = 200;

export interface AccountScope {
  index: number;
  accountId: string;
  ownerId: string;
  today: Date;
  relationshipStart: Date;
  character: Character;
  /** The person the account's portal user speaks for (portal accounts only): they answer the portal's questions. */
  portalStakeholderId?: string | null;
}

/**
 * A new expectation as recorded: open, no description or external id unless
 * told, and its original due date the due date it was recorded with (the due
 * date moves later only by a re-plan). The generator and the test factories
 * (tests/factories) both build expectations with it.
 */
export function expectationRow<T extends Omit<Insertable<ExpectationsTable>, "original_due_date"> & { original_due_date?: string }>(
  row: T,
): T & Insertable<ExpectationsTable> {
  return { description: "", external_id: null, status: "open", ...row, original_due_date: row.original_due_date ?? row.due_date };
}

export const DAY = 86_400_000;
export const isoDate = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY);

export function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

export function slug(name: string): string {
  return name.replace(/\s+(Oy|Ab|Oyj)$/i, "").replace(/[^A-Za-zÀ-ÿ0-9]+/g, "-").replace(/^-|-$/g, "");
}
