// The demo's first account (Kestilä Logistics, the KAM's and the portal's
// showcase) carries a small, fixed story on top of its generated history, so
// the account page always has something to act on:
// - in November three loads to Vantaa came late and nobody told the customer (a
//   delivery that was a moment of truth and went badly); on the escalation call
//   the KAM promised a root-cause report, which has now slipped past its date
//   without notice — an open surprise held by the champion, so the app warns
//   against asking them for a reference although their latest NPS is a 9;
// - a high-importance promise (seasonal capacity) is due within days;
// - the CFO (economic buyer) is leaving before the renewal: a month ago they
//   introduced their successor, who will take over the renewal's pricing
//   proposal (the handover itself is made through the app in
//   db/seed/experience-story.ts, as are the planned surprises).
import type { Rng } from "./random.ts";
import { addDays, expectationRow, isoDate, type AccountRows, type AccountScope } from "./rows.ts";
import { SURVEY_TOOL_NAME } from "./words.ts";

type Touchpoint = AccountRows["touchpoints"][number];

/** The successor the demo's handover names (db/seed/experience-story.ts finds her by this name). */
export const SUCCESSOR_NAME = "Mervi Kallio";

export function addShowcaseStory(rng: Rng, scope: AccountScope, rows: AccountRows): void {
  const present = rows.stakeholders.filter((p) => p.left_on === null);
  const champion = present.find((p) => p.committee_role === "champion") ?? rows.stakeholders[0]!;
  const cfo = present.find((p) => p.committee_role === "economic_buyer");
  const ceo = present.find((p) => p.committee_role === "decision_maker");
  // The champion is someone whose word carries: a promoter with the most influence.
  champion.influence = 5;
  const promises = [
    {
      title: "Sesongin lisäkapasiteetti Vantaan terminaaliin",
      category: "delivery",
      importance: 3,
      due: 6,
      created: -40,
      holder: champion,
    },
    {
      title: "Juurisyyselvitys marraskuun myöhästyneistä kuormista",
      category: "outcome",
      importance: 3,
      due: -9,
      created: -30,
      holder: champion,
    },
    {
      title: "Sopimuksen jatkon hinnoitteluehdotus",
      category: "other",
      importance: 3,
      due: 30,
      created: -50,
      holder: cfo ?? champion,
    },
  ] as const;
  for (const p of promises) addPromise(rng, scope, rows, p);

  const late = touchpoint(rng, scope, -36, {
    kind: "delivery",
    title: "Marraskuun kuormat Vantaalle",
    summary: "Kolme kuormaa myöhästyi terminaalin ruuhkan vuoksi, eikä asiakkaalle ilmoitettu ajoissa.",
    sentiment: -1,
    treatment: 2,
    resolved: "partly",
    emotion_tags: ["frustrated"],
    moment_of_truth: true,
    shared_with_customer: true,
  });
  addMet(scope, rows, late, []);
  const escalation = touchpoint(rng, scope, -35, {
    kind: "call",
    title: "Eskalaatiopuhelu myöhästyneistä kuormista",
    summary:
      "Pahoittelimme ja lupasimme juurisyyselvityksen; asiakas arvosti suoraa puhetta, vaikka kuormat ovat yhä osin myöhässä.",
    sentiment: 0,
    treatment: 4,
    resolved: "partly",
    emotion_tags: ["reassured"],
    moment_of_truth: true,
    shared_with_customer: false,
  });
  addMet(scope, rows, escalation, [champion]);
  rows.surveys.push(csat(rng, scope, champion.id, escalation, 4));

  if (cfo) addSuccessor(rng, scope, rows, { cfo, ceo });

  setChampionNps(rng, scope, rows, champion);
}

type Person = AccountRows["stakeholders"][number];

/** The champion's NPS: an 8 last winter, a 9 after the route report surprised them (before November). */
function setChampionNps(rng: Rng, scope: AccountScope, rows: AccountRows, champion: Person) {
  const { accountId, today } = scope;
  rows.surveys = rows.surveys.filter(
    (s) =>
      !(s.kind === "nps" && s.stakeholder_id === champion.id && new Date(s.answered_at as Date) > addDays(today, -365)),
  );
  for (const [days, score, comment] of [
    [-310, 8, "Perusasiat toimivat, mutta ennakointia kaivataan lisää."],
    [-58, 9, "Luotettava kumppani; reittiraportti oli iloinen yllätys."],
  ] as const) {
    rows.surveys.push({
      account_id: accountId,
      id: rng.uuid(),
      stakeholder_id: champion.id,
      kind: "nps",
      score,
      comment,
      answered_at: addDays(today, days),
    });
  }
}

/** A story touchpoint on the timeline, with the KAM and the people met. */
function addMet(scope: AccountScope, rows: AccountRows, t: Touchpoint, people: (Person | undefined)[]) {
  rows.touchpoints.push(t);
  rows.touchpointUsers.push({ account_id: scope.accountId, touchpoint_id: t.id, user_id: scope.ownerId });
  for (const person of people) {
    if (!person) continue;
    rows.touchpointStakeholders.push({
      account_id: scope.accountId,
      touchpoint_id: t.id,
      stakeholder_id: person.id,
      occurred_at: t.occurred_at,
    });
  }
}

/** The CFO's successor joined a month before the handover and was introduced by the CFO at a meeting. */
function addSuccessor(
  rng: Rng,
  scope: AccountScope,
  rows: AccountRows,
  { cfo, ceo }: { cfo: Person; ceo: Person | undefined },
) {
  const { today } = scope;
  const successor = { ...cfo, id: rng.uuid(), external_id: `CRM-100000-P${rows.stakeholders.length + 1}` };
  Object.assign(successor, {
    name: SUCCESSOR_NAME,
    title: "Talouspäällikkö",
    email: "mervi.kallio@kestila-logistics.example",
    phone: "+358 40 612 4480",
    committee_role: null,
    influence: 3,
    stance: "supporter",
    reports_to_id: ceo?.id ?? null,
    created_at: addDays(today, -40),
  });
  rows.stakeholders.push(successor);
  const intro = touchpoint(rng, scope, -26, {
    kind: "meeting",
    title: "Talousjohtajan vaihdos: esittelypalaveri",
    summary: `Talousjohtaja esitteli seuraajansa ${SUCCESSOR_NAME}n. Kävimme läpi sopimuksen jatkon aikataulun ja avoimet lupaukset.`,
    sentiment: 1,
    treatment: 4,
    emotion_tags: [],
    moment_of_truth: false,
    shared_with_customer: false,
  });
  addMet(scope, rows, intro, [cfo, successor, ceo]);
}

function addPromise(
  rng: Rng,
  scope: AccountScope,
  rows: AccountRows,
  p: { title: string; category: string; importance: number; due: number; created: number; holder: { id: string } },
) {
  const { accountId, ownerId, today } = scope;
  const id = rng.uuid();
  const created = addDays(today, p.created);
  rows.expectations.push(
    expectationRow({
      account_id: accountId,
      id,
      title: p.title,
      category: p.category,
      holder_stakeholder_id: p.holder.id,
      source: "touchpoint",
      importance: p.importance,
      due_date: isoDate(addDays(today, p.due)),
      owner_id: ownerId,
      created_at: created,
      updated_at: created,
    }),
  );
  rows.expectationChanges.push({
    account_id: accountId,
    expectation_id: id,
    kind: "created",
    actor_id: ownerId,
    at: created,
    details: {},
  });
}

/** A story touchpoint `days` from today at 10:30 Helsinki (08:30 UTC). */
function touchpoint(
  rng: Rng,
  scope: AccountScope,
  days: number,
  t: Partial<Touchpoint> & { kind: string; title: string },
): Touchpoint {
  const day = addDays(scope.today, days);
  const at = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8, 30));
  return {
    account_id: scope.accountId,
    id: rng.uuid(),
    external_id: null,
    occurred_at: at,
    recorded_at: new Date(at.getTime() + 3_600_000),
    author_id: scope.ownerId,
    source: "internal",
    internal_notes: "",
    positive_surprise: false,
    created_at: at,
    updated_at: at,
    ...t,
  };
}

function csat(
  rng: Rng,
  scope: AccountScope,
  stakeholderId: string,
  t: Touchpoint,
  score: number,
): AccountRows["surveys"][number] {
  return {
    account_id: scope.accountId,
    id: rng.uuid(),
    stakeholder_id: stakeholderId,
    kind: "csat",
    score,
    touchpoint_id: t.id,
    answered_at: new Date((t.occurred_at as Date).getTime() + 20 * 3_600_000),
    source: "survey_tool",
    source_name: SURVEY_TOOL_NAME,
  };
}
