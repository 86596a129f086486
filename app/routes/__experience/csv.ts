import { QUADRANTS } from "#app/domain/experience.ts";
import { ADVOCACY_KINDS, POLARITIES } from "#app/domain/vocabulary.ts";
import type { Translate } from "#app/i18n/index.ts";
import type { ExperienceFigures } from "#app/models/experience.server.ts";
import type { CsvCell } from "#app/web/csv.server.ts";

// The quadrants as CSV, for the account's and the pooled experience pages:
// one row per cell, headers and cell names in the reader's language, numbers
// machine-readable; an empty figure is "not enough data" (the answer count says why).
// Then one row per kind of advocacy and polarity (references and referrals given,
// word of mouth heard): its count in the touchpoints column, keyed kind.polarity.

export function experienceCsvHeader(t: Translate): string[] {
  return [
    t("experience.csv.cell"),
    t("experience.csv.from"),
    t("experience.csv.to"),
    t("experience.csv.touchpoints"),
    t("experience.npsAfter"),
    t("experience.csv.npsAnswers"),
    t("experience.csv.promoters"),
    t("experience.csv.passives"),
    t("experience.csv.detractors"),
    t("experience.csatAfter"),
    t("experience.csv.csatAnswers"),
    "quadrant",
  ];
}

export async function* experienceCsvRows(t: Translate, e: ExperienceFigures): AsyncGenerator<CsvCell[][]> {
  yield QUADRANTS.map((q) => {
    const c = e.quadrants.cells[q];
    return [
      t(`experience.cell.${q}`),
      e.window.from,
      e.window.to,
      c.touchpoints,
      c.nps.score,
      c.nps.answers,
      c.nps.promoters,
      c.nps.passives,
      c.nps.detractors,
      c.csat.mean,
      c.csat.answers,
      q,
    ];
  });
  yield ADVOCACY_KINDS.flatMap((kind) =>
    POLARITIES.map((polarity): CsvCell[] => [
      `${t(`kind.${kind}`)}: ${t(`polarity.${polarity}`)}`,
      e.window.from,
      e.window.to,
      e.advocacy[kind][polarity],
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      `${kind}.${polarity}`,
    ]),
  );
}
