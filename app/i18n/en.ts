import * as accountSections from "./messages/account-sections.ts";
import * as accountWork from "./messages/account-work.ts";
import * as accounts from "./messages/accounts.ts";
import * as admin from "./messages/admin.ts";
import * as advocacy from "./messages/advocacy.ts";
import * as apiTokens from "./messages/api-tokens.ts";
import * as committee from "./messages/committee.ts";
import * as core from "./messages/core.ts";
import * as experience from "./messages/experience.ts";
import * as expectations from "./messages/expectations.ts";
import * as forms from "./messages/forms.ts";
import * as health from "./messages/health.ts";
import * as inbox from "./messages/inbox.ts";
import * as plans from "./messages/plans.ts";
import * as calendar from "./messages/calendar.ts";
import * as importExport from "./messages/import.ts";
import * as mail from "./messages/mail.ts";
import * as pages from "./messages/pages.ts";
import * as portal from "./messages/portal.ts";
import * as pooled from "./messages/pooled.ts";
import * as portfolio from "./messages/portfolio.ts";
import * as refusals from "./messages/refusals.ts";
import * as reviews from "./messages/reviews.ts";
import * as scores from "./messages/scores.ts";
import * as timeline from "./messages/timeline.ts";
import * as touchpoints from "./messages/touchpoints.ts";
import * as webhooks from "./messages/webhooks.ts";
import * as mailIn from "./messages/mail-in.ts";
import * as holderRecord from "./messages/holder-record.ts";

// The English catalogue: every feature module's messages. Finnish (fi.ts) must
// provide every key; the types check it.
export const en = {
  ...core.en,
  ...forms.en,
  ...accounts.en,
  ...timeline.en,
  ...touchpoints.en,
  ...expectations.en,
  ...committee.en,
  ...portfolio.en,
  ...pooled.en,
  ...portal.en,
  ...scores.en,
  ...health.en,
  ...importExport.en,
  ...pages.en,
  ...accountWork.en,
  ...accountSections.en,
  ...reviews.en,
  ...admin.en,
  ...refusals.en,
  ...apiTokens.en,
  ...mail.en,
  ...inbox.en,
  ...plans.en,
  ...calendar.en,
  ...experience.en,
  ...webhooks.en,
  ...mailIn.en,
  ...advocacy.en,
  ...holderRecord.en,
};

export type MessageKey = keyof typeof en;
