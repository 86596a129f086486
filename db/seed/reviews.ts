import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { addDays, addMonths } from "#app/domain/dates.ts";
import { calendarDate } from "#app/domain/time.ts";
import { addProposedItem, createReview, moveReview, updateReviewText } from "#app/models/business-reviews.server.ts";
import { DEMO_ACCOUNT_NAME } from "./generate.ts";

// A published business review of the last full quarter for a few demo
// accounts (the first portal accounts), made through the app's own model
// functions, with the KAM's words in Finnish or English, proposed commitments
// and, for the first account, what its customer added in the portal.

const REVIEWED = 3;

const WORDS = [
  {
    title: (q: string) => `Neljännesvuosikatselmointi ${q}`,
    summary:
      "Toimitukset pysyivät pääosin aikataulussa. Kaksi myöhästymistä ilmoitimme etukäteen, yksi tuli yllätyksenä – käydään syyt läpi ja sovitaan, miten vastaava vältetään.",
    highlights: "Uuden raportoinnin käyttöönotto onnistui.\nTukipyyntöjen vasteaika parani selvästi.",
    proposed: ["Kuukausittainen ohjausryhmän tapaaminen", "Toimitusennuste kahden viikon välein"],
  },
  {
    title: (q: string) => `Quarterly business review ${q}`,
    summary:
      "Most commitments were kept on time. One delivery was late without notice: we explain what happened and how we keep you informed from now on.",
    highlights: "Onboarding of the new sites finished early.\nInvoice disputes went down to zero.",
    proposed: ["Named backup contact for support", "Quarterly roadmap briefing"],
  },
  {
    title: (q: string) => `Katselmointi ${q}`,
    summary: "Yhteistyö on vakiintunut. Ennustettavuus parani edellisestä jaksosta.",
    highlights: "Asiakastyytyväisyys nousi tukipyynnöissä.",
    proposed: ["Vuosisuunnitelman päivitys"],
  },
];

export async function seedReviews(db: Kysely<DB>, today: Date): Promise<number> {
  const day = calendarDate(today);
  const quarterStart = `${day.slice(0, 4)}-${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
  const period = { period_start: addMonths(quarterStart, -3), period_end: addDays(quarterStart, -1) };
  const label = `${period.period_start.slice(0, 4)}/Q${Math.floor(Number(period.period_start.slice(5, 7)) / 3) + 1}`;
  const accounts = await db
    .selectFrom("accounts as a")
    .innerJoin("portal_access as p", "p.account_id", "a.id")
    .select(["a.id", "a.name", "a.owner_id", "p.stakeholder_id", "p.user_id"])
    .orderBy((eb) => eb.case().when("a.name", "=", DEMO_ACCOUNT_NAME).then(0).else(1).end())
    .orderBy("a.name")
    .limit(REVIEWED)
    .execute();
  let made = 0;
  for (const [i, account] of accounts.entries()) {
    const words = WORDS[i % WORDS.length]!;
    const actor = { id: account.owner_id, role: "kam" as const };
    await db.transaction().execute(async (trx) => {
      const review = await createReview(trx, { actor }, account.id, { title: words.title(label), ...period });
      const saved = await updateReviewText(trx, { actor }, account.id, review.id, {
        intent: "saveText",
        version: review.version,
        title: review.title,
        summary: words.summary,
        highlights: words.highlights,
      });
      for (const [n, title] of words.proposed.entries()) {
        await addProposedItem(trx, { actor }, account.id, review.id, { intent: "addItem", title, description: "", importance: 2, due_date: addDays(day, 60 + n * 30) });
      }
      if (i === 0) {
        await trx
          .insertInto("business_review_items")
          .values({
            account_id: account.id,
            review_id: review.id,
            kind: "customer_expectation",
            title: "Ilmoitus viimeistään viikkoa ennen kuin toimitus myöhästyy",
            due_date: addDays(day, 45),
            stakeholder_id: account.stakeholder_id,
            created_by: account.user_id,
            from_customer: true,
          })
          .execute();
        await trx
          .insertInto("business_review_items")
          .values({ account_id: account.id, review_id: review.id, kind: "agenda", title: "Ensi vuoden hinnoittelu", stakeholder_id: account.stakeholder_id, created_by: account.user_id, from_customer: true })
          .execute();
        await trx
          .insertInto("business_review_comments")
          .values({
            account_id: account.id,
            review_id: review.id,
            item_key: "predictability",
            body: "Yllätyksenä tullut myöhästyminen vaikeutti omaa suunnitteluamme – haluamme käydä sen läpi.",
            author_id: account.user_id,
            stakeholder_id: account.stakeholder_id,
            from_customer: true,
          })
          .execute();
      }
      await moveReview(trx, { actor }, account.id, review.id, "published", saved.version, { today: day, now: today });
    });
    made += 1;
  }
  return made;
}
