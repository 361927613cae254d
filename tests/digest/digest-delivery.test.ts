import { Readable } from "node:stream";
import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { sendDigestEmail } from "#shared/digest/adapters/digest-delivery";
import type { DigestImage } from "#shared/digest/views/charts";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const client = new SESv2Client({ region: "eu-west-1", credentials });
const ses = mockClient(client);
afterEach(() => ses.reset());

const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3);
const image = (name: string): DigestImage => ({
  cid: `${name}-2026-W47@hearback`,
  filename: `${name}-2026-W47.png`,
  contentType: "image/png",
  png,
  alt: `${name} alt`,
  width: 560,
  height: 180,
});

const email = {
  from: "digest@example.com",
  to: "pm@example.com",
  subject: "hearback 2026-W47 · NPS 42",
  html: '<img src="cid:nps-trend-2026-W47@hearback">',
  text: "NPS 42",
  unsubscribeUrl: "https://hearback.example.com/digests/unsubscribe?s=org&e=pm%40example.com&sig=x",
};

describe("sendDigestEmail", () => {
  it("attaches the charts inline, each with its Content-ID, next to the HTML and text parts", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m-1" });
    await sendDigestEmail(client, { ...email, images: [image("nps-trend"), image("complaint-themes")] });
    const [call] = ses.commandCalls(SendEmailCommand);
    const simple = call?.args[0].input.Content?.Simple;
    expect(call?.args[0].input).toMatchObject({
      FromEmailAddress: "digest@example.com",
      Destination: { ToAddresses: ["pm@example.com"] },
    });
    expect(simple?.Body).toEqual({
      Html: { Data: email.html, Charset: "UTF-8" },
      Text: { Data: "NPS 42", Charset: "UTF-8" },
    });
    expect(simple?.Attachments).toEqual([
      {
        FileName: "nps-trend-2026-W47.png",
        RawContent: png,
        ContentType: "image/png",
        ContentDisposition: "INLINE",
        ContentId: "nps-trend-2026-W47@hearback",
        ContentTransferEncoding: "BASE64",
      },
      expect.objectContaining({ ContentId: "complaint-themes-2026-W47@hearback", ContentDisposition: "INLINE" }),
    ]);
    expect(simple?.Headers).toEqual([
      { Name: "List-Unsubscribe", Value: `<${email.unsubscribeUrl}>` },
      { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
    ]);
  });

  it("sends through the configuration set when there is one, tagged as staff mail for the suppression list", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m-4" });
    await sendDigestEmail(client, { ...email, configurationSet: "hearback-mail" });
    await sendDigestEmail(client, email);
    const [withSet, without] = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(withSet).toMatchObject({
      ConfigurationSetName: "hearback-mail",
      EmailTags: [{ Name: "hearback-audience", Value: "staff" }],
    });
    expect(without).not.toHaveProperty("ConfigurationSetName");
  });

  it("sends no Attachments field when there are no images", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m-2" });
    await sendDigestEmail(client, { ...email, images: [] });
    await sendDigestEmail(client, email);
    for (const call of ses.commandCalls(SendEmailCommand)) {
      expect(call.args[0].input.Content?.Simple).not.toHaveProperty("Attachments");
    }
  });

  it("goes over the wire with the image bytes base64-encoded, as SES expects", async () => {
    let body = "";
    const wire = new SESv2Client({
      region: "eu-west-1",
      credentials,
      requestHandler: {
        handle: async (request: { body?: unknown }) => {
          body = String(request.body);
          return {
            response: {
              statusCode: 200,
              headers: { "content-type": "application/json" },
              body: Readable.from([Buffer.from('{"MessageId":"m-3"}')]),
            },
          };
        },
      },
    });
    await sendDigestEmail(wire, { ...email, images: [image("nps-trend")] });
    const sent = JSON.parse(body) as { Content: { Simple: { Attachments: Array<{ RawContent: string }> } } };
    expect(sent.Content.Simple.Attachments[0]?.RawContent).toBe(Buffer.from(png).toString("base64"));
  });
});
