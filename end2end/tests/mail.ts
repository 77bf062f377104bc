import { expect, type APIRequestContext } from "@playwright/test";

/**
 * The real SMTP server the product delivers to during the end-to-end run (maildev, started by
 * run.sh), read through its HTTP API.
 */
const maildev = process.env.MAILDEV_URL ?? "http://127.0.0.1:1080";

export interface Mail {
  subject: string;
  text: string;
  html: string;
  to: { address: string }[];
  attachments?: { filename: string; contentType: string; size: number }[];
}

/** Waits for the newest email to `to` whose subject contains `subject`. */
export async function waitForMail(request: APIRequestContext, to: string, subject: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const all: Mail[] = await (await request.get(`${maildev}/api/email`)).json();
        found = all.filter((m) => m.to.some((t) => t.address === to) && m.subject.includes(subject)).pop();
        return found !== undefined;
      },
      { message: `an email to ${to} about "${subject}" reaches the SMTP server`, timeout: 20_000 },
    )
    .toBe(true);
  return found!;
}

/** The path and query of the first link in the mail's text that matches `pattern`. */
export function linkIn(mail: Mail, pattern: RegExp): string {
  const match = mail.text.match(pattern);
  expect(match, `a link matching ${pattern} in "${mail.subject}"`).not.toBeNull();
  const url = new URL(match![0]);
  return url.pathname + url.search;
}
