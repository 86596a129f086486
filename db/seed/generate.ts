// Deterministic demo and benchmark data. Every account is generated on its own
// from (seed, index), so a 5,000-account dataset streams into the database one
// account at a time and never sits in memory whole. Data is placed relative to
// `today`, so the demo always looks current.
import { generateExpectations } from "./expectations.ts";
import { Rng } from "./random.ts";
import { addDays, isoDate, PORTAL_ACCESS_DAYS, slug, type AccountRows, type AccountScope, type SeedUser } from "./rows.ts";
import { generateLeavers, generateStakeholders } from "./stakeholders.ts";
import { addShowcaseStory } from "./story.ts";
import { generateNps } from "./surveys.ts";
import { generateTouchpoints } from "./touchpoints.ts";
import { COMPANY_KINDS, COMPANY_STEMS, FIRST_NAMES, KAM_NAMES, LAST_NAMES } from "./words.ts";

export interface SeedSize {
  accounts: number;
  kams: number;
  stakeholders: [number, number];
  touchpoints: [number, number];
  /** The first account (Kestilä Logistics) is the big one. */
  firstAccountTouchpoints: number;
  expectations: [number, number];
  historyDays: number;
}

export const SEED_SIZES = {
  demo: {
    accounts: 40,
    kams: 5,
    stakeholders: [6, 11],
    touchpoints: [120, 260],
    firstAccountTouchpoints: 600,
    expectations: [12, 30],
    historyDays: 900,
  },
  small: {
    accounts: 200,
    kams: 10,
    stakeholders: [10, 30],
    touchpoints: [300, 500],
    firstAccountTouchpoints: 5_000,
    expectations: [30, 50],
    historyDays: 1_095,
  },
  large: {
    accounts: 5_000,
    kams: 50,
    stakeholders: [10, 30],
    touchpoints: [340, 440],
    firstAccountTouchpoints: 50_000,
    expectations: [35, 50],
    historyDays: 1_095,
  },
  // The size the product is meant for (issue 16): ~10,000,000 touchpoints (about
  // 1,960 per account on average and 200,000 on the first), ~1,000,000
  // expectations (~4 % of the drawn ones fall due too far ahead to exist yet).
  xlarge: {
    accounts: 5_000,
    kams: 50,
    stakeholders: [10, 30],
    touchpoints: [1_721, 2_200],
    firstAccountTouchpoints: 200_000,
    expectations: [181, 238],
    historyDays: 1_095,
  },
} as const satisfies Record<string, SeedSize>;
export type SeedSizeName = keyof typeof SEED_SIZES;

export { DEMO_PASSWORD } from "#app/models/demo-sign-ins.server.ts";
export const DEMO_ACCOUNT_NAME = "Kestilä Logistics Oy";

export type { AccountRows, SeedUser } from "./rows.ts";

/** The fixed internal users (and, for bigger sizes, more KAMs). All share the demo password's hash. */
export function generateUsers(size: SeedSize, seed: number, passwordHash: string): SeedUser[] {
  const rng = Rng.derive(seed, -1);
  const users: SeedUser[] = [
    { id: rng.uuid(), email: "admin@pohjola.example", name: "Aino Admin", role: "admin", password_hash: passwordHash },
    { id: rng.uuid(), email: "director@pohjola.example", name: "Heikki Johtaja", role: "director", password_hash: passwordHash },
  ];
  for (let k = 0; k < size.kams; k++) {
    const name = KAM_NAMES[k] ?? `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    users.push({
      id: rng.uuid(),
      email: k === 0 ? "kam@pohjola.example" : `kam${k + 1}@pohjola.example`,
      name,
      role: "kam",
      password_hash: passwordHash,
      locale: k % 3 === 1 ? "fi" : "en",
    });
  }
  return users;
}

export function kamsOf(users: SeedUser[]): SeedUser[] {
  return users.filter((u) => u.role === "kam");
}

/** How many of the first accounts get a portal user in the demo. */
export const DEMO_PORTAL_ACCOUNTS = 10;

/** The demo customer's e-mail for the account at `index`: customer@kestila.example for the first. */
export function portalEmail(index: number): string {
  if (index === 0) return "customer@kestila.example";
  return `customer@${slug(accountName(index)).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")}.example`;
}

/** Who at the account speaks for it in the portal: a present champion, else the first present key person. */
function portalPerson(stakeholders: AccountRows["stakeholders"]) {
  const present = stakeholders.filter((p) => p.left_on === null);
  return (
    present.find((p) => p.committee_role === "champion") ??
    present.find((p) => p.committee_role === "decision_maker" || p.committee_role === "economic_buyer") ??
    present[0]
  );
}

/**
 * Portal users for the first `count` accounts (fewer when there are fewer), one
 * each, named as the person they speak for. Deterministic: each account's rows
 * come from (seed, index) alone, so the person is the one generateAccount picks.
 */
export function generatePortalUsers(ctx: Omit<Ctx, "portalUsers">, passwordHash: string, count = DEMO_PORTAL_ACCOUNTS): SeedUser[] {
  const rng = Rng.derive(ctx.seed, -2);
  const users: SeedUser[] = [];
  for (let index = 0; index < Math.min(count, ctx.size.accounts); index++) {
    const person = portalPerson(generateAccount(index, ctx).stakeholders);
    if (!person) continue;
    users[index] = {
      id: rng.uuid(),
      email: portalEmail(index),
      name: person.name,
      role: "customer",
      password_hash: passwordHash,
      locale: index % 2 === 0 ? "fi" : "en",
    };
  }
  return users;
}

const COMBOS = COMPANY_STEMS.length * COMPANY_KINDS.length;
// 7919 is prime to COMBOS, so neighbouring indexes spread over the alphabet without repeats.
const comboOf = (index: number) => (index * 7919) % COMBOS;
const companyKind = (index: number) => COMPANY_KINDS[Math.floor(comboOf(index) / COMPANY_STEMS.length)]!;

export function accountName(index: number): string {
  if (index === 0) return DEMO_ACCOUNT_NAME;
  const stem = COMPANY_STEMS[comboOf(index) % COMPANY_STEMS.length]!;
  const round = Math.floor(index / COMBOS);
  return `${stem} ${companyKind(index)[0]}${round === 0 ? "" : ` ${round + 1}`} Oy`;
}

interface Ctx {
  size: SeedSize;
  seed: number;
  today: Date;
  kams: SeedUser[];
  /** Portal users by account index (see generatePortalUsers). */
  portalUsers?: (SeedUser | undefined)[];
}

/** All rows of one account, generated from (seed, index) alone, entity by entity (the order of the draws is fixed). */
export function generateAccount(index: number, ctx: Ctx): AccountRows {
  const { size, today } = ctx;
  const rng = Rng.derive(ctx.seed, index);
  const owner = ctx.kams[index % ctx.kams.length]!;
  // Most customers are served well; a few (about one in eight) are in trouble:
  // promises slip, the mood sinks. That is the portfolio a director recognises.
  const troubled = index !== 0 && rng.chance(0.13);
  const character = troubled
    ? { reliability: 0.45 + rng.next() * 0.15, mood: rng.next() * 0.6 - 0.8, declining: true }
    : { reliability: 0.8 + rng.next() * 0.18, mood: 0.3 + rng.next() * 1.1, declining: rng.chance(0.08) };
  const accountId = rng.uuid();
  const relationshipStart = addDays(today, -rng.int(Math.min(size.historyDays, 700), 365 * 8));
  const historyStart = new Date(Math.max(relationshipStart.getTime(), addDays(today, -size.historyDays).getTime()));
  const scope: AccountScope = { index, accountId, ownerId: owner.id, today, relationshipStart, character };
  const rows: AccountRows = {
    account: accountRow(rng, scope),
    stakeholders: [],
    touchpoints: [],
    touchpointStakeholders: [],
    touchpointUsers: [],
    invoices: [],
    supportCases: [],
    expectations: [],
    expectationChanges: [],
    surveys: [],
    portalAccess: [],
  };
  rows.stakeholders = generateStakeholders(rng, scope, rows.account.name, rng.int(size.stakeholders[0], size.stakeholders[1]));
  generateLeavers(rng, scope, rows.stakeholders, rows);
  const portalUser = ctx.portalUsers?.[index];
  const portalStakeholder = portalUser ? portalPerson(rows.stakeholders) : undefined;
  scope.portalStakeholderId = portalStakeholder?.id ?? null;
  const touchpointCount = index === 0 ? size.firstAccountTouchpoints : rng.int(size.touchpoints[0], size.touchpoints[1]);
  generateTouchpoints(rng, scope, rows.stakeholders, historyStart, touchpointCount, rows);
  generateNps(rng, scope, rows.stakeholders, rows.surveys);
  generateExpectations(rng, scope, rows.stakeholders, rng.int(size.expectations[0], size.expectations[1]), rows);
  if (portalUser && portalStakeholder) {
    rows.portalAccess.push({ account_id: accountId, user_id: portalUser.id, stakeholder_id: portalStakeholder.id, granted_by: owner.id, created_at: addDays(today, -PORTAL_ACCESS_DAYS) });
  }
  if (index === 0) addShowcaseStory(rng, scope, rows);
  return rows;
}

function accountRow(rng: Rng, scope: AccountScope): AccountRows["account"] {
  const { index, today, relationshipStart } = scope;
  const renewal = addDays(today, index === 0 ? 75 : rng.int(-20, 540));
  return {
    id: scope.accountId,
    external_id: `CRM-${String(100_000 + index)}`,
    name: accountName(index),
    industry: index === 0 ? "logistics" : companyKind(index)[1],
    tier: index === 0 ? "strategic" : rng.weighted([["strategic", 1], ["key", 3], ["growth", 3], ["standard", 3]] as const),
    lifecycle_stage: index === 0 ? "renewal" : rng.weighted([["onboarding", 1], ["adoption", 3], ["expansion", 2], ["renewal", 2], ["at_risk", 1]] as const),
    relationship_start: isoDate(relationshipStart),
    contract_value: (rng.int(20, 2_000) * 1_000).toFixed(2),
    currency: "EUR",
    renewal_date: isoDate(renewal),
    owner_id: scope.ownerId,
    created_at: relationshipStart,
    updated_at: today,
  };
}
