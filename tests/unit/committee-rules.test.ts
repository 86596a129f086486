import { describe, expect, it } from "vitest";
import {
  departedDetractorCounts,
  influenceBreaches,
  leavingCountsFrom,
  leavingEntry,
  npsStakeholder,
  roleBreaches,
} from "#app/domain/committee-rules.ts";
import { relationshipNps } from "#app/domain/nps.ts";
import { reasonParams } from "#app/components/signal-text.tsx";
import { formatters } from "#app/i18n/index.ts";
import { signalReasonKey } from "#app/i18n/messages/scores.ts";
import { touchpointTitle } from "#app/i18n/system-titles.ts";

// The committee's rules on hand-worked examples (app/domain/committee-rules.ts, docs/scoring.md).

const now = new Date("2026-11-22T12:00:00Z");

describe("committee rules: when a leaving counts", () => {
  it("counts from the later of the day stated and the day recorded", () => {
    // Typed in today (22 Nov) as having left on 2 Nov: counts from today.
    expect(leavingCountsFrom("2026-11-02", "2026-11-22")).toBe("2026-11-22");
    // Recorded in advance of a day already past is not possible; recorded the same day: that day.
    expect(leavingCountsFrom("2026-11-22", "2026-11-22")).toBe("2026-11-22");
    // Without a record of when (left before the rule): the stated day alone.
    expect(leavingCountsFrom("2026-11-02", null)).toBe("2026-11-02");
    expect(leavingCountsFrom(null, null)).toBeNull();
  });

  it("so a back-dated leaving takes no answer given before it was recorded out of NPS", () => {
    // A promoter and a detractor (answered 17 Nov). The detractor is marked as left on 2 Nov, recorded on 22 Nov.
    const answers = [
      { stakeholderId: "p", score: 10, answeredAt: "2026-11-17T10:00:00Z" },
      { stakeholderId: "d", score: 2, answeredAt: "2026-11-17T10:00:00Z" },
    ];
    const people = [
      npsStakeholder({ id: "p", influence: 2, leftOn: null }),
      npsStakeholder({ id: "d", influence: 5, leftOn: "2026-11-02", leftRecordedOn: "2026-11-22" }),
    ];
    // (1 − 1) / 2 = 0, as before the leaving was recorded.
    expect(relationshipNps(answers, people, { now })).toMatchObject({ score: 0, respondents: 2, detractors: 1 });
    // Had the leaving been recorded on 2 Nov, the answer of 17 Nov came after it: not the relationship's.
    const honest = [people[0]!, npsStakeholder({ id: "d", influence: 5, leftOn: "2026-11-02", leftRecordedOn: "2026-11-02" })];
    expect(relationshipNps(answers, honest, { now })).toMatchObject({ score: 100, respondents: 1 });
  });
});

describe("committee rules: a departed influential detractor", () => {
  it("counts for 90 days after the day the leaving counts from, that day included", () => {
    expect(departedDetractorCounts("2026-11-22", "2026-11-22", 90)).toBe(true);
    // 2026-11-22 + 90 days = 2027-02-20: the last day.
    expect(departedDetractorCounts("2026-11-22", "2027-02-20", 90)).toBe(true);
    expect(departedDetractorCounts("2026-11-22", "2027-02-21", 90)).toBe(false);
  });
});

describe("committee rules: which leavings go on the timeline", () => {
  it("a detractor's whatever their role, a key role's whatever their answer, nobody else's", () => {
    expect(leavingEntry("economic_buyer", { score: 2 })).toEqual({ kind: "detractor", score: 2, role: "economic_buyer" });
    expect(leavingEntry(null, { score: 6 })).toEqual({ kind: "detractor", score: 6, role: null });
    expect(leavingEntry("decision_maker", { score: 0 })).toEqual({ kind: "detractor", score: 0, role: "decision_maker" });
    expect(leavingEntry("champion", { score: 10 })).toEqual({ kind: "key_role", role: "champion" });
    expect(leavingEntry("decision_maker", null)).toEqual({ kind: "key_role", role: "decision_maker" });
    expect(leavingEntry("economic_buyer", { score: 7 })).toBeNull();
    expect(leavingEntry("user", null)).toBeNull();
  });
});

describe("committee rules: how a departed detractor's signal and leaving read", () => {
  const params = { stakeholderId: "d", name: "Eero", score: 2, influence: 5, answeredAt: "2026-11-17T10:00:00.000Z", leftOn: "2026-11-02" };

  it("the signal's reason says they have since left, in English and Finnish", () => {
    expect(signalReasonKey("influential_detractor", params)).toBe("signal.reason.influential_detractor.left");
    const { leftOn: _, ...active } = params;
    expect(signalReasonKey("influential_detractor", active)).toBe("signal.reason.influential_detractor");
    const en = formatters("en");
    expect(en.t(signalReasonKey("influential_detractor", params), reasonParams(params, en))).toBe(
      "Eero, with influence 5 of 5, gave 2 of 10 when asked whether they would recommend us, and has since left (on 2 Nov 2026): the answer still counts.",
    );
    const fi = formatters("fi");
    expect(fi.t(signalReasonKey("influential_detractor", params), reasonParams(params, fi))).toBe(
      "Eero (vaikutusvalta 5/5) antoi suositteluhalukkuudelleen arvosanan 2/10 ja on sittemmin lähtenyt (2.11.2026): vastaus lasketaan yhä.",
    );
  });

  it("the timeline entry names the detractor's score, in the reader's language", () => {
    const title = { title: "", title_key: "committeeChange.leftDetractor", title_params: { name: "Eero", role: "economic_buyer", score: 2 } };
    expect(touchpointTitle(formatters("en"), title)).toBe("Eero (economic buyer) left, a detractor: their latest NPS answer was 2 of 10");
    expect(touchpointTitle(formatters("fi"), title)).toMatch(/^Eero \(.+\) lähti yrityksestä, arvostelijana: viimeisin NPS-vastaus oli 2\/10$/);
  });
});

describe("committee rules: influence while the latest answer is a detractor's", () => {
  const refused = [{ field: "influence", key: "committee.influenceNotLowered", params: { score: 2 } }];

  it("refuses lowering it, 5 → 3 and 5 → 4, which would end the influential detractor signal", () => {
    expect(influenceBreaches({ influence: 5 }, { score: 2 }, 3)).toEqual(refused);
    expect(influenceBreaches({ influence: 5 }, { score: 2 }, 4)).toEqual(refused);
    // 6 is still a detractor's.
    expect(influenceBreaches({ influence: 2 }, { score: 6 }, 1)).toEqual([
      { field: "influence", key: "committee.influenceNotLowered", params: { score: 6 } },
    ]);
  });

  it("lets it be raised or kept, and lowered when the answer that counts is a passive's or a promoter's, or there is none", () => {
    expect(influenceBreaches({ influence: 3 }, { score: 2 }, 5)).toEqual([]);
    expect(influenceBreaches({ influence: 5 }, { score: 2 }, 5)).toEqual([]);
    expect(influenceBreaches({ influence: 5 }, { score: 2 }, undefined)).toEqual([]);
    expect(influenceBreaches({ influence: 5 }, { score: 7 }, 1)).toEqual([]);
    expect(influenceBreaches({ influence: 5 }, { score: 10 }, 1)).toEqual([]);
    expect(influenceBreaches({ influence: 5 }, null, 1)).toEqual([]);
  });

  it("reads the answer that counts: a detractor who left keeps it, a newer promoter answer supersedes it", () => {
    const [counted] = relationshipNps(
      [
        { stakeholderId: "d", score: 2, answeredAt: "2026-10-01T10:00:00Z" },
        { stakeholderId: "d", score: 9, answeredAt: "2026-11-10T10:00:00Z" },
      ],
      [npsStakeholder({ id: "d", influence: 5, leftOn: "2026-11-01", leftRecordedOn: "2026-11-01" })],
      { now },
    ).answers;
    // The 9 came after the leaving counted: the 2 is still theirs, and influence stays.
    expect(counted).toMatchObject({ score: 2 });
    expect(influenceBreaches({ influence: 5 }, counted, 3)).toEqual(refused);
    const [active] = relationshipNps(
      [
        { stakeholderId: "d", score: 2, answeredAt: "2026-10-01T10:00:00Z" },
        { stakeholderId: "d", score: 9, answeredAt: "2026-11-10T10:00:00Z" },
      ],
      [npsStakeholder({ id: "d", influence: 5, leftOn: null })],
      { now },
    ).answers;
    expect(influenceBreaches({ influence: 5 }, active, 3)).toEqual([]);
  });
});

describe("committee rules: the role of someone who has left", () => {
  const left = { committeeRole: "decision_maker", leftOn: "2026-11-22" };
  const active = { committeeRole: "decision_maker", leftOn: null };
  const frozen = [{ field: "committee_role", key: "committee.roleFrozenLeft" }];

  it("is frozen: another role or none is refused, the same role is no change", () => {
    expect(roleBreaches(left, { committeeRole: "user" })).toEqual(frozen);
    expect(roleBreaches(left, { committeeRole: null })).toEqual(frozen);
    expect(roleBreaches(left, { committeeRole: "decision_maker" })).toEqual([]);
    expect(roleBreaches(left, { committeeRole: undefined })).toEqual([]);
    // Nor with the return in the same write: the return first, on its own.
    expect(roleBreaches(left, { committeeRole: "user", leftOn: null })).toEqual(frozen);
  });

  it("does not change in the write that records the leaving: they leave in the role they hold", () => {
    expect(roleBreaches(active, { committeeRole: "user", leftOn: "2026-11-22" })).toEqual([
      { field: "committee_role", key: "committee.roleFrozenLeaving" },
    ]);
    expect(roleBreaches(active, { committeeRole: "decision_maker", leftOn: "2026-11-22" })).toEqual([]);
  });

  it("changes freely while the person is on the committee", () => {
    expect(roleBreaches(active, { committeeRole: "user" })).toEqual([]);
    expect(roleBreaches(active, { committeeRole: "user", leftOn: null })).toEqual([]);
    expect(roleBreaches({ committeeRole: null, leftOn: null }, { committeeRole: "champion" })).toEqual([]);
  });
});
