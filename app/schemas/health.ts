import { z } from "zod";
import { plainText } from "./fields.ts";
import { ACK_NOTE_MAX } from "./health.values.ts";
export {
  ACK_NOTE_MAX,
  HEALTH_CHART_DAYS,
  parsePredictabilityWindow,
  PREDICTABILITY_WINDOWS,
  WINDOW_PARAM,
  type PredictabilityWindow,
} from "./health.values.ts";

// The account page's health section: the predictability window in the URL, and
// the acknowledgement of a risk signal.

export const AcknowledgeSignalForm = z.object({
  intent: z.literal("acknowledge"),
  signalId: z.uuid(),
  note: plainText(ACK_NOTE_MAX).optional(),
});
