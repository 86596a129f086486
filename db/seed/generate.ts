// Deterministic demo and benchmark data. Every account is generated on its own
// from (seed, index), so a 5,000-account dataset streams into the database one
// account at a time and never sits in memory whole. Data is placed relative to
// `today`, so the demo always looks current.
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
import { Rng } from "./random.ts";

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
} as const satisfies Record<string, SeedSize>;
export type SeedSizeName = keyof typeof SEED_SIZES;

export { DEMO_PASSWORD } from "#app/models/demo-sign-ins.server.ts";
export const DEMO_ACCOUNT_NAME = "Kestilä Logistics Oy";

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

const DAY = 86_400_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * DAY);

const KAM_NAMES = ["Kalle Kam", "Kaisa Kivelä", "Mikko Rantanen", "Laura Nieminen", "Jussi Heikkinen"];
const FIRST_NAMES = [
  "Aino", "Eero", "Helmi", "Ilkka", "Johanna", "Kari", "Leena", "Markku", "Niina", "Olli", "Pirjo", "Riikka",
  "Sami", "Tiina", "Ulla", "Ville", "Anna", "Juha", "Minna", "Pekka", "Satu", "Timo", "Hanna", "Antti",
];
const LAST_NAMES = [
  "Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Koskinen", "Heikkinen",
  "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen", "Heinonen", "Niemi", "Kinnunen", "Salonen",
  "Turunen", "Salo", "Laitinen", "Tuominen", "Rantanen", "Karjalainen",
];
const COMPANY_STEMS = [
  "Aalto", "Borealis", "Carelia", "Dyyni", "Ekovirta", "Fenno", "Halla", "Ilves", "Jokiranta", "Kaamos",
  "Lumo", "Meriaura", "Nordkapp", "Otava", "Pohjoisvirta", "Revontuli", "Saimaa", "Tunturi", "Ukko", "Vakka",
  "Wärtsi", "Ylä-Savo", "Kuusamo", "Louhi", "Mänty", "Nokka", "Oulujoki", "Pihlaja", "Routa", "Sisu",
];
const COMPANY_KINDS = [
  ["Logistics", "logistics"], ["Foods", "food"], ["Energy", "energy"], ["Forest", "forestry"], ["Health", "healthcare"],
  ["Retail", "retail"], ["Marine", "shipping"], ["Systems", "software"], ["Build", "construction"], ["Metals", "manufacturing"],
] as const;
const TITLES_BY_ROLE: Record<string, string[]> = {
  decision_maker: ["CEO", "COO", "Managing Director"],
  economic_buyer: ["CFO", "Head of Finance"],
  champion: ["Head of Logistics", "Operations Manager", "Supply Chain Director"],
  influencer: ["Development Manager", "Quality Manager"],
  technical_evaluator: ["IT Manager", "Solution Architect"],
  user: ["Warehouse Supervisor", "Planner", "Coordinator", "Team Lead"],
  procurement: ["Procurement Manager", "Buyer"],
  blocker: ["Legal Counsel", "Security Officer"],
};

const KIND_WEIGHTS = [
  ["meeting", 14], ["call", 16], ["email", 22], ["chat", 6], ["business_review", 3], ["delivery", 12],
  ["invoice", 9], ["support_case", 8], ["training", 3], ["event", 2], ["word_of_mouth", 2], ["other", 3],
] as const;
const TWO_WAY = new Set(["meeting", "call", "email", "chat", "business_review", "training", "event", "support_case"]);
const TITLES: Record<string, string[]> = {
  meeting: ["Monthly operations meeting", "Steering group", "Roadmap workshop", "Site visit", "Kick-off for new lane"],
  call: ["Check-in call", "Escalation call", "Call about capacity", "Pricing discussion", "Follow-up call"],
  email: ["Reply on delivery schedule", "Question about reporting", "Proposal sent", "Update on open items", "Contract clarification"],
  chat: ["Quick question in Teams", "Chat about a late truck", "Slack thread on forecasts"],
  business_review: ["Quarterly business review", "Annual account review", "Half-year review"],
  delivery: ["Weekly delivery", "Peak season delivery", "Pilot delivered", "Batch delivered", "Integration go-live"],
  invoice: ["Monthly invoice", "Service invoice", "Project milestone invoice"],
  support_case: ["Tracking data missing", "Wrong pallet count", "Portal login trouble", "Damaged goods claim", "EDI message rejected"],
  training: ["User training", "New planner onboarding", "Reporting training"],
  event: ["Customer day", "Industry fair meeting", "Partner seminar"],
  word_of_mouth: ["Heard at a trade fair", "Feedback through a partner", "Comment from a mutual contact"],
  other: ["Note", "Internal handover note", "Site access arranged"],
};
const SUMMARIES = [
  "Went through open items and agreed next steps.",
  "Customer raised concerns about lead times; we promised an update.",
  "Positive tone; they appreciated the quick response.",
  "Discussed volumes for next quarter and staffing.",
  "Agreed to follow up with a written proposal.",
  "Reviewed the last month's deviations one by one.",
  "",
];
const EXPECTATION_TITLES: [string, string][] = [
  ["Deliver the Q{n} capacity plan", "delivery"],
  ["Reply to support cases within 4 hours", "response_time"],
  ["Cut damaged-goods claims below 0.5 %", "outcome"],
  ["Consolidated monthly invoice", "invoicing"],
  ["Weekly status report by Friday", "communication"],
  ["Go live with EDI integration", "delivery"],
  ["New warehouse lane in service", "delivery"],
  ["Credit note for the disputed batch", "invoicing"],
  ["Peak season extra capacity", "delivery"],
  ["Named contact for escalations", "communication"],
  ["Root-cause report on late trucks", "outcome"],
  ["Price review proposal", "other"],
];
const EMOTIONS_POSITIVE = ["relieved", "delighted", "reassured", "valued"];
const EMOTIONS_NEGATIVE = ["frustrated", "anxious", "ignored", "confused", "angry"];

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

/** All rows of one account, generated from (seed, index) alone. */
export function generateAccount(index: number, ctx: Ctx): AccountRows {
  const { size, today } = ctx;
  const rng = Rng.derive(ctx.seed, index);
  const owner = ctx.kams[index % ctx.kams.length]!;
  // A hidden character per account, so health varies believably across the portfolio.
  const reliability = 0.55 + rng.next() * 0.43;
  const mood = rng.next() * 2 - 0.6; // mean sentiment tendency, -0.6..1.4
  const declining = rng.chance(0.2);

  const accountId = rng.uuid();
  const kind = companyKind(index);
  const relationshipStart = addDays(today, -rng.int(Math.min(size.historyDays, 700), 365 * 8));
  const historyStart = new Date(Math.max(relationshipStart.getTime(), addDays(today, -size.historyDays).getTime()));
  const renewal = addDays(today, index === 0 ? 75 : rng.int(-20, 540));
  const account: AccountRows["account"] = {
    id: accountId,
    external_id: `CRM-${String(100_000 + index)}`,
    name: accountName(index),
    industry: index === 0 ? "logistics" : kind[1],
    tier: index === 0 ? "strategic" : rng.weighted([["strategic", 1], ["key", 3], ["growth", 3], ["standard", 3]] as const),
    lifecycle_stage: index === 0 ? "renewal" : rng.weighted([["onboarding", 1], ["adoption", 3], ["expansion", 2], ["renewal", 2], ["at_risk", 1]] as const),
    relationship_start: isoDate(relationshipStart),
    contract_value: (rng.int(20, 2_000) * 1_000).toFixed(2),
    currency: "EUR",
    renewal_date: isoDate(renewal),
    owner_id: owner.id,
    created_at: relationshipStart,
    updated_at: today,
  };

  // The buying committee: a decision maker at the top, everyone else reporting up.
  const stakeholderCount = rng.int(size.stakeholders[0], size.stakeholders[1]);
  const stakeholders: AccountRows["stakeholders"] = [];
  const baseRoles = ["decision_maker", "economic_buyer", "champion", "user", "influencer", "technical_evaluator", "procurement"];
  for (let s = 0; s < stakeholderCount; s++) {
    const role =
      s < baseRoles.length
        ? baseRoles[s]!
        : rng.weighted([["user", 5], ["influencer", 2], ["technical_evaluator", 1], ["blocker", 1], [null, 2]] as const);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const managerPool = stakeholders.slice(0, Math.min(s, 4));
    const influence =
      role === "decision_maker" || role === "economic_buyer" ? rng.int(4, 5) : role === "champion" ? rng.int(3, 5) : rng.int(1, 4);
    const stanceScore = mood + (rng.next() - 0.5) * 2;
    stakeholders.push({
      account_id: accountId,
      id: rng.uuid(),
      external_id: `CRM-${100_000 + index}-P${s + 1}`,
      name: `${first} ${last}`,
      title: rng.pick(TITLES_BY_ROLE[role ?? "user"] ?? ["Specialist"]),
      email: `${first}.${last}.${s + 1}@${slug(account.name)}.example`.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""),
      phone: `+358 40 ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
      committee_role: role,
      influence,
      stance: stanceScore > 1 ? "advocate" : stanceScore > 0.3 ? "supporter" : stanceScore > -0.4 ? "neutral" : stanceScore > -1 ? "skeptic" : "opponent",
      reports_to_id: s === 0 ? null : (managerPool.length ? rng.pick(managerPool).id : null),
      left_on: null,
      created_at: relationshipStart,
      updated_at: today,
    });
  }
  // Some people leave; in some accounts the champion left and nobody took over.
  const touchpoints: AccountRows["touchpoints"] = [];
  const touchpointStakeholders: AccountRows["touchpointStakeholders"] = [];
  const touchpointUsers: AccountRows["touchpointUsers"] = [];
  const championLeft = index !== 0 && rng.chance(0.15);
  for (const [s, person] of stakeholders.entries()) {
    const leaves = (s === 2 && championLeft) || (s >= 3 && rng.chance(0.08));
    if (!leaves) continue;
    const leftOn = addDays(today, -rng.int(15, 300));
    person.left_on = isoDate(leftOn);
    if (person.committee_role === "champion" || person.committee_role === "decision_maker") {
      const id = rng.uuid();
      touchpoints.push({
        account_id: accountId,
        id,
        kind: "committee_change",
        occurred_at: leftOn,
        recorded_at: leftOn,
        author_id: owner.id,
        source: "system",
        title: `${person.name} (${person.committee_role === "champion" ? "champion" : "decision maker"}) left`,
        // Read in each reader's language, like the entries the app writes (app/i18n/system-titles.ts).
        title_key: "committeeChange.left",
        title_params: { name: person.name, role: person.committee_role },
        summary: "",
      });
      touchpointStakeholders.push({ account_id: accountId, touchpoint_id: id, stakeholder_id: person.id, occurred_at: leftOn });
    }
  }

  const invoices: AccountRows["invoices"] = [];
  const supportCases: AccountRows["supportCases"] = [];
  const surveys: AccountRows["surveys"] = [];
  const spanMs = today.getTime() - historyStart.getTime();
  const touchpointCount = index === 0 ? size.firstAccountTouchpoints : rng.int(size.touchpoints[0], size.touchpoints[1]);
  let invoiceNo = 0;
  for (let t = 0; t < touchpointCount; t++) {
    const kindName = rng.weighted(KIND_WEIGHTS);
    // Business hours, Helsinki (UTC+2/3): 05:00–15:00 UTC.
    const day = new Date(historyStart.getTime() + Math.floor(rng.next() * spanMs));
    const occurredAt = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), rng.int(5, 14), rng.pick([0, 15, 30, 45])));
    if (occurredAt > today) continue;
    const id = rng.uuid();
    const ageShare = 1 - (today.getTime() - occurredAt.getTime()) / Math.max(spanMs, DAY); // 0 old .. 1 now
    const tendency = mood - (declining ? ageShare * ageShare * 2.2 : 0);
    const rated = kindName !== "invoice" && kindName !== "word_of_mouth" ? rng.chance(0.75) : rng.chance(0.2);
    const sentiment = rated ? clamp(Math.round(tendency + (rng.next() - 0.5) * 2.4), -2, 2) : null;
    const negative = sentiment !== null && sentiment < 0;
    touchpoints.push({
      account_id: accountId,
      id,
      external_id: null,
      kind: kindName,
      occurred_at: occurredAt,
      recorded_at: new Date(occurredAt.getTime() + rng.int(5, 600) * 60_000),
      author_id: owner.id,
      source: kindName === "invoice" || kindName === "support_case" ? rng.weighted([["import", 3], ["internal", 1]] as const) : "internal",
      title: kindName === "invoice" ? `Invoice ${index + 1}-${++invoiceNo}` : rng.pick(TITLES[kindName]!),
      summary: rng.pick(SUMMARIES),
      internal_notes: rng.chance(0.1) ? "Keep an eye on this; the tone was not great." : "",
      shared_with_customer: rng.chance(kindName === "delivery" || kindName === "business_review" ? 0.8 : 0.35),
      sentiment,
      treatment: sentiment === null ? null : clamp(3 + sentiment + rng.int(-1, 1), 1, 5),
      resolved: sentiment === null ? null : negative ? rng.pick(["partly", "no"]) : rng.weighted([["yes", 5], ["partly", 1]] as const),
      emotion_tags: sentiment === null || rng.chance(0.5) ? [] : [rng.pick(negative ? EMOTIONS_NEGATIVE : EMOTIONS_POSITIVE)],
      moment_of_truth: rng.chance(0.03),
      positive_surprise: sentiment !== null && sentiment > 0 && rng.chance(0.06),
      created_at: occurredAt,
      updated_at: occurredAt,
    });
    touchpointUsers.push({ account_id: accountId, touchpoint_id: id, user_id: owner.id });
    if (TWO_WAY.has(kindName)) {
      const present = stakeholders.filter((p) => !p.left_on || p.left_on > isoDate(occurredAt));
      // Decision makers and champions are met more often than the rest.
      const weightedPool = present.flatMap((p) => (p.committee_role === "decision_maker" || p.committee_role === "champion" ? [p, p, p] : [p]));
      const chosen = new Set<string>();
      for (let k = rng.int(1, 3); k > 0 && weightedPool.length; k--) chosen.add(rng.pick(weightedPool).id);
      for (const stakeholderId of chosen) {
        touchpointStakeholders.push({ account_id: accountId, touchpoint_id: id, stakeholder_id: stakeholderId, occurred_at: occurredAt });
        if (kindName !== "email" && rng.chance(0.04)) {
          surveys.push({ account_id: accountId, id: rng.uuid(), stakeholder_id: stakeholderId, kind: "csat", score: clamp(3 + (sentiment ?? 0) + rng.int(-1, 1), 1, 5), touchpoint_id: id, answered_at: addDays(occurredAt, 1) });
        }
      }
    }
    if (kindName === "invoice") {
      const due = addDays(occurredAt, 30);
      const ageDays = (today.getTime() - due.getTime()) / DAY;
      const unpaid = ageDays < 0 ? rng.chance(0.8) : rng.chance((1 - reliability) * 0.15);
      const disputed = rng.chance((1 - reliability) * 0.12);
      invoices.push({
        account_id: accountId,
        touchpoint_id: id,
        number: `INV-${index + 1}-${invoiceNo}`,
        amount: (rng.int(500, 60_000) + rng.int(0, 99) / 100).toFixed(2),
        currency: "EUR",
        due_date: isoDate(due),
        paid_on: unpaid ? null : isoDate(addDays(due, rng.int(-10, disputed ? 40 : 12))),
        disputed,
        dispute_reason: disputed ? rng.pick(["Volume does not match the delivery notes", "Price not as agreed", "Charged twice"]) : "",
      });
    }
    if (kindName === "support_case") {
      const severity = rng.weighted([["low", 3], ["normal", 5], ["high", 2], ["critical", 1]] as const);
      const slaHours = { low: 72, normal: 24, high: 8, critical: 4 }[severity];
      const sla = new Date(occurredAt.getTime() + slaHours * 3_600_000);
      const recent = today.getTime() - occurredAt.getTime() < 21 * DAY;
      const open = recent ? rng.chance(0.6) : rng.chance(0.01);
      const resolvedAt = open ? null : new Date(occurredAt.getTime() + slaHours * 3_600_000 * (0.3 + rng.next() * (reliability > 0.8 ? 0.8 : 1.6)));
      supportCases.push({
        account_id: accountId,
        touchpoint_id: id,
        severity,
        status: open ? rng.weighted([["open", 3], ["waiting", 1]] as const) : rng.weighted([["resolved", 1], ["closed", 3]] as const),
        opened_at: occurredAt,
        sla_due_at: sla,
        resolved_at: resolvedAt && resolvedAt > today ? today : resolvedAt,
      });
    }
  }

  // Relationship NPS: most current people answer about once a year.
  for (const person of stakeholders) {
    for (let yearsBack = 0; yearsBack < 3; yearsBack++) {
      if (!rng.chance(yearsBack === 0 ? 0.6 : 0.4)) continue;
      const answered = addDays(today, -(yearsBack * 365 + rng.int(5, 330)));
      if (answered < relationshipStart || (person.left_on && isoDate(answered) > person.left_on)) continue;
      const stanceLift = { advocate: 2, supporter: 1, neutral: 0, skeptic: -1.5, opponent: -3 }[person.stance as string] ?? 0;
      surveys.push({
        account_id: accountId,
        id: rng.uuid(),
        stakeholder_id: person.id,
        kind: "nps",
        score: clamp(Math.round(7 + mood * 1.5 + stanceLift + (rng.next() - 0.5) * 3), 0, 10),
        comment: rng.pick(["", "", "Reliable partner.", "Communication could be faster.", "Deliveries have been late too often.", "Great team."]),
        answered_at: answered,
      });
    }
  }

  // The ledger: promises over the last two years and the coming months.
  const expectations: AccountRows["expectations"] = [];
  const expectationChanges: AccountRows["expectationChanges"] = [];
  const expectationCount = rng.int(size.expectations[0], size.expectations[1]);
  const holders = stakeholders.filter((p) => p.committee_role !== null);
  const todayIso = isoDate(today);
  for (let e = 0; e < expectationCount; e++) {
    const [template, category] = rng.pick(EXPECTATION_TITLES);
    const id = rng.uuid();
    const due = addDays(today, rng.int(-730, 120));
    const replanned = rng.chance(0.2);
    const original = replanned ? addDays(due, -rng.int(7, 45)) : due;
    const created = new Date(Math.max(relationshipStart.getTime(), original.getTime() - rng.int(20, 150) * DAY));
    if (created > today) continue;
    const holder = holders.length ? rng.pick(holders) : undefined;
    const row: AccountRows["expectations"][number] = {
      account_id: accountId,
      id,
      external_id: null,
      title: template.replace("{n}", String(1 + Math.floor((due.getUTCMonth() / 12) * 4))),
      description: "",
      category,
      holder_stakeholder_id: holder?.id ?? null,
      source: rng.weighted([["contract", 3], ["touchpoint", 2], ["customer", 2], ["internal", 1]] as const),
      importance: rng.weighted([[1, 2], [2, 5], [3, 3]] as const),
      original_due_date: isoDate(original),
      due_date: isoDate(due),
      owner_id: owner.id,
      status: "open",
      created_at: created,
      updated_at: created,
    };
    expectationChanges.push({ account_id: accountId, expectation_id: id, kind: "created", actor_id: owner.id, at: created, details: {} });
    if (replanned) {
      const at = new Date(Math.min(today.getTime(), original.getTime() - rng.int(-10, 14) * DAY));
      const notified = rng.chance(reliability);
      expectationChanges.push({
        account_id: accountId,
        expectation_id: id,
        kind: "replanned",
        from_due_date: isoDate(original),
        to_due_date: isoDate(due),
        reason: rng.pick(["Supplier delay", "Customer asked to move it", "Capacity shortage", "Waiting for customer data"]),
        customer_notified: notified && at <= original,
        actor_id: owner.id,
        at: at < created ? created : at,
        details: {},
      });
    }
    const isPast = isoDate(due) < todayIso;
    const deliverNow = isPast ? !rng.chance((1 - reliability) * 0.25) : rng.chance(0.15);
    if (deliverNow) {
      const outcome = isPast
        ? rng.weighted([["kept", reliability * 6], ["exceeded", reliability], ["late", (1 - reliability) * 5], ["partial", (1 - reliability) * 2], ["missed", (1 - reliability) * 1.5], ["withdrawn", 0.3]] as const)
        : rng.weighted([["kept", 4], ["exceeded", 1]] as const);
      const deliveredOn =
        outcome === "late" ? addDays(due, rng.int(2, 30)) : outcome === "missed" || outcome === "withdrawn" ? due : addDays(due, -rng.int(0, 10));
      const deliveredIso = isoDate(deliveredOn > today ? today : deliveredOn);
      row.status = "resolved";
      row.outcome = outcome;
      row.delivered_on = deliveredIso;
      row.delivery_note = outcome === "late" ? "Delivered after the promised date." : "";
      const at = new Date(Date.parse(deliveredIso) + 12 * 3_600_000);
      row.updated_at = at;
      expectationChanges.push({ account_id: accountId, expectation_id: id, kind: "delivered", actor_id: owner.id, at, details: { outcome, delivered_on: deliveredIso, due_date: row.due_date } });
      if (outcome !== "withdrawn" && rng.chance(0.5)) {
        const disputed = (outcome === "partial" || outcome === "missed" || outcome === "late") && rng.chance(0.5);
        row.customer_response = disputed ? (outcome === "partial" ? "disputed_partly" : "disputed_not_delivered") : "confirmed";
        row.customer_comment = disputed ? "This is not what we agreed." : "";
        row.customer_responded_at = new Date(at.getTime() + rng.int(1, 7) * DAY);
        if (row.customer_responded_at > today) row.customer_responded_at = today;
        expectationChanges.push({ account_id: accountId, expectation_id: id, kind: disputed ? "disputed" : "confirmed", actor_id: null, at: row.customer_responded_at, details: {} });
      }
    }
    expectations.push(row);
  }

  const portalAccess: AccountRows["portalAccess"] = [];
  const portalUser = ctx.portalUsers?.[index];
  const portalStakeholder = portalUser ? portalPerson(stakeholders) : undefined;
  if (portalUser && portalStakeholder) {
    portalAccess.push({ account_id: accountId, user_id: portalUser.id, stakeholder_id: portalStakeholder.id, granted_by: owner.id, created_at: addDays(today, -200) });
  }

  return {
    account,
    stakeholders,
    touchpoints,
    touchpointStakeholders,
    touchpointUsers,
    invoices,
    supportCases,
    expectations,
    expectationChanges,
    surveys,
    portalAccess,
  };
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

function slug(name: string): string {
  return name.replace(/\s+(Oy|Ab|Oyj)$/i, "").replace(/[^A-Za-zÀ-ÿ0-9]+/g, "-").replace(/^-|-$/g, "");
}
