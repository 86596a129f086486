import type { MessageKey } from "./en.ts";
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

export const fi: Record<MessageKey, string> = {
  ...core.fi,
  ...forms.fi,
  ...accounts.fi,
  ...timeline.fi,
  ...touchpoints.fi,
  ...expectations.fi,
  ...committee.fi,
  ...portfolio.fi,
  ...pooled.fi,
  ...portal.fi,
  ...scores.fi,
  ...health.fi,
  ...importExport.fi,
  ...pages.fi,
  ...accountWork.fi,
  ...accountSections.fi,
  ...reviews.fi,
  ...admin.fi,
  ...refusals.fi,
  ...apiTokens.fi,
  ...mail.fi,
  ...inbox.fi,
  ...plans.fi,
  ...calendar.fi,
  ...experience.fi,
  ...webhooks.fi,
  ...mailIn.fi,
  ...advocacy.fi,
  ...holderRecord.fi,
};
