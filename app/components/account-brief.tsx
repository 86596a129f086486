import { Link } from "#app/components/ui/link.tsx";
import { Badge } from "#app/components/ui/badge.tsx";
import type { RoleContact, SentimentTrend } from "#app/domain/brief.ts";
import { diffDays } from "#app/domain/dates.ts";
import { agoText, daysAgoText } from "#app/components/days-ago.ts";
import type { HolderCounts, HolderPredictability } from "#app/domain/holder-record.ts";
import { useI18n } from "#app/i18n/use-i18n.ts";
import { Card, CardTitle } from "#app/components/ui/panel.tsx";

/** The next planned meeting and the record of each person attending (meetingBrief). */
export interface MeetingBrief {
  id: string;
  title: string;
  plannedFor: string;
  months: number;
  attendees: {
    id: string;
    name: string;
    leftOn: string | null;
    counts: HolderCounts;
    predictability: HolderPredictability;
    /** "Promised Anna Virtanen 4 things in the last 12 months: 3 kept, 1 late without notice." (recordSentence, on the server) */
    sentence: string;
  }[];
}

export interface BriefData {
  /** 'YYYY-MM-DD' in the vendor's time zone, and the instant the brief was made. */
  today: string;
  now: string;
  keyContacts: RoleContact[];
  dmDays: number | null;
  trend: SentimentTrend;
  openCases: { id: string; title: string; severity: string; sla_due_at: Date | string; past_sla: boolean }[];
  invoices: {
    id: string;
    number: string;
    amount: string;
    currency: string;
    due_date: string;
    paid_on: string | null;
    disputed: boolean;
  }[];
  renewalDate: string | null;
  meeting: MeetingBrief | null;
}

const trendGlyph = { up: "↗", down: "↘", flat: "→", unknown: "·" } as const;

/** Everything a KAM wants to know walking into a meeting, on one card. */
export function AccountBrief({ brief, accountId }: { brief: BriefData; accountId: string }) {
  const { t } = useI18n();
  const now = new Date(brief.now);
  const ago = (d: Date | string) => agoText(t, d, now);
  return (
    <Card name="brief" data-testid="account-brief">
      <CardTitle name="brief">
        {t("brief.title")}
      </CardTitle>
      <div className="mt-3 grid gap-6 md:grid-cols-3">
        <div>
          <h3 className="text-sm font-semibold text-slate-700">{t("brief.keyContacts")}</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {brief.keyContacts.map((c) => (
              <li key={c.role}>
                <span className="font-medium">{t(`committeeRole.${c.role}`)}:</span>{" "}
                {c.person ? (
                  <>
                    {c.person.name} · {c.lastContact ? ago(c.lastContact) : t("brief.neverContacted")}
                  </>
                ) : (
                  <Badge tone="warn">{t("brief.noOne")}</Badge>
                )}
              </li>
            ))}
          </ul>
          <p className="mt-2 text-sm">
            <span className="font-medium">{t("brief.dmContact")}:</span>{" "}
            {brief.dmDays == null ? (
              <Badge tone="bad">{t("brief.dmNever")}</Badge>
            ) : (
              <Badge tone={brief.dmDays > 60 ? "bad" : brief.dmDays > 30 ? "warn" : "good"}>
                {daysAgoText(t, brief.dmDays)}
              </Badge>
            )}
          </p>
        </div>
        <TrendAndRenewal brief={brief} />
        <CasesAndInvoices brief={brief} accountId={accountId} />
      </div>
      <Attending meeting={brief.meeting} accountId={accountId} />
    </Card>
  );
}

/** Which way the customer's sentiment is going, and when the contract renews. */
function TrendAndRenewal({ brief }: { brief: BriefData }) {
  const { t, date, signed } = useI18n();
  const renewalDays = brief.renewalDate ? diffDays(brief.today, brief.renewalDate) : null;
  const { trend } = brief;
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-700">{t("brief.sentimentTrend")}</h3>
      <p className="mt-1 text-sm" data-testid="sentiment-trend" data-direction={trend.direction}>
        <span aria-hidden="true" className="mr-1 text-lg">
          {trendGlyph[trend.direction]}
        </span>
        <span className="font-medium">{t(`brief.trend.${trend.direction}`)}</span>
      </p>
      {trend.direction !== "unknown" ? (
        <p className="text-xs text-slate-600">
          {t("brief.sentimentBasis", {
            recent: signed(trend.recent, 1),
            earlier: signed(trend.earlier, 1),
            n: trend.sample,
          })}
        </p>
      ) : null}
      <h3 className="mt-3 text-sm font-semibold text-slate-700">{t("brief.renewal")}</h3>
      <p className="text-sm">
        {brief.renewalDate ? (
          <>
            {date(brief.renewalDate)}{" "}
            <Badge tone={renewalDays! < 0 ? "bad" : renewalDays! <= 90 ? "warn" : "neutral"}>
              {renewalDays! < 0
                ? t("brief.renewalPassed", { days: -renewalDays! })
                : t("brief.renewalIn", { days: renewalDays! })}
            </Badge>
          </>
        ) : (
          t("brief.noRenewal")
        )}
      </p>
    </div>
  );
}

/** The support cases still open (past their SLA or not) and the invoices not settled. */
function CasesAndInvoices({ brief, accountId }: { brief: BriefData; accountId: string }) {
  const { t, date, money } = useI18n();
  return (
    <div>
      <h3 className="text-sm font-semibold text-slate-700">{t("brief.openCases")}</h3>
      {brief.openCases.length ? (
        <ul className="mt-1 space-y-1 text-sm">
          {brief.openCases.map((c) => (
            <li key={c.id}>
              <Link to={`/accounts/${accountId}/touchpoints/${c.id}`} className="text-brand-700 underline">
                {c.title}
              </Link>{" "}
              <Badge tone={c.severity === "critical" || c.severity === "high" ? "bad" : "neutral"}>
                {t(`severity.${c.severity as "low"}`)}
              </Badge>{" "}
              {c.past_sla ? <Badge tone="bad">{t("brief.pastSla")}</Badge> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-600">{t("brief.noOpenCases")}</p>
      )}
      <h3 className="mt-3 text-sm font-semibold text-slate-700">{t("brief.invoices")}</h3>
      {brief.invoices.length ? (
        <ul className="mt-1 space-y-1 text-sm">
          {brief.invoices.map((i) => {
            const overdue = !i.paid_on ? diffDays(i.due_date, brief.today) : 0;
            return (
              <li key={i.id}>
                {i.number} · {money(i.amount, i.currency)} · {date(i.due_date)}{" "}
                {i.disputed ? <Badge tone="bad">{t("invoice.disputed")}</Badge> : null}{" "}
                {overdue > 0 ? (
                  <Badge tone="bad">{t("brief.overdueDays", { days: overdue })}</Badge>
                ) : !i.paid_on ? (
                  <Badge tone="warn">{t("invoice.unpaid")}</Badge>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-600">{t("brief.noInvoices")}</p>
      )}
    </div>
  );
}

/** Before the meeting: what was promised to each person attending, and how it went. */
function Attending({ meeting, accountId }: { meeting: MeetingBrief | null; accountId: string }) {
  const { t, date, dateTime } = useI18n();
  if (!meeting) {
    return (
      <p className="mt-4 border-t border-slate-200 pt-3 text-sm text-slate-600" data-testid="brief-attending">
        {t("holderRecord.noMeeting")}
      </p>
    );
  }
  return (
    <div className="mt-4 border-t border-slate-200 pt-3" data-testid="brief-attending">
      <h3 className="text-sm font-semibold text-slate-700">
        {t("holderRecord.attending", { title: meeting.title, date: dateTime(meeting.plannedFor) })}
      </h3>
      {meeting.attendees.length ? (
        <ul className="mt-1 space-y-1 text-sm">
          {meeting.attendees.map((a) => (
            <li key={a.id} data-testid="attendee-record">
              <Link to={`/accounts/${accountId}/committee/${a.id}`} className="text-brand-700 underline">
                {a.sentence}
              </Link>
              {a.leftOn ? (
                <>
                  {" "}
                  <Badge tone="warn">{t("committee.left", { date: date(a.leftOn) })}</Badge>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm text-slate-600">{t("holderRecord.noAttendees")}</p>
      )}
    </div>
  );
}
