import type { SupportedLocale } from "#shared/kernel/locale";

/**
 * Email to a customer from a follow-up task (a lead's reply, the "is your problem solved?"
 * question). It goes from the deployment's customer-facing address with a Reply-To, so the
 * customer's answer reaches people, not a no-reply box.
 */
export interface CustomerMessage {
  to: string;
  /** The customer's language: the message is written in it, and it is the email's Content-Language. */
  locale: SupportedLocale;
  subject: string;
  text: string;
  /** An HTML alternative of `text`, already escaped. */
  html?: string;
}

export interface CustomerMailer {
  /** Sends one message; resolves with the provider's message id. Throws when it was not accepted. */
  send(message: CustomerMessage): Promise<{ messageId: string }>;
}
