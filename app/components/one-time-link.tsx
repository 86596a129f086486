import { MailNote } from "#app/components/mail-note.tsx";

/**
 * Below a one-time link's heading (a user's password link, a portal
 * invitation), shown in the response that made it only: the link, who it is
 * for and until when it works, and whether it is also on its way by e-mail.
 */
export function OneTimeLink({
  made,
  until,
}: {
  made: { link: string; email: string; mailed: boolean };
  until: string;
}) {
  return (
    <>
      <p className="mt-2 break-all rounded bg-white p-2 font-mono text-sm ring-1 ring-emerald-200">
        <a href={made.link}>{made.link}</a>
      </p>
      <p className="mt-2 text-sm text-slate-800">{until}</p>
      <MailNote mailed={made.mailed} email={made.email} />
    </>
  );
}
