import { describe, expect, it } from "vitest";
import { detectDelimiter, detectEncoding, sniff } from "#shared/import/model/encoding";
import { ImportFileError } from "#shared/import/model/fields";
import { parseInstant } from "#shared/import/model/times";

/** GB18030 bytes for text, as Excel on Chinese Windows saves a CSV (Node decodes GB18030 but cannot encode it). */
const GB18030: Record<string, number[]> = {
  你好: [0xc4, 0xe3, 0xba, 0xc3],
  快递: [0xbf, 0xec, 0xb5, 0xdd],
};
const gb = (...parts: Array<string | keyof typeof GB18030>) =>
  Uint8Array.from(parts.flatMap((p) => GB18030[p] ?? [...Buffer.from(p, "ascii")]));

describe("encodings", () => {
  it("tells UTF-8, UTF-8 with a BOM and GB18030 apart", () => {
    expect(detectEncoding(Buffer.from("评分,评论\n9,很好\n", "utf8"))).toBe("utf-8");
    expect(detectEncoding(Buffer.from("\ufeffscore,comment\n", "utf8"))).toBe("utf-8");
    expect(detectEncoding(gb("score,comment\n9,", "你好", "\n"))).toBe("gb18030");
  });

  it("keeps UTF-8 when the sample ends inside a character", () => {
    const text = Buffer.from("a,评论", "utf8");
    expect(detectEncoding(text.subarray(0, text.length - 1))).toBe("utf-8");
  });

  it("confirms that GB18030 never hides a comma, quote or newline inside a character", () => {
    const bytes = gb('"', "你好", '","', "快递", '"\n');
    expect(new TextDecoder("gb18030").decode(bytes)).toBe('"你好","快递"\n');
    const structural = new Set([0x22, 0x2c, 0x0a, 0x0d, 0x09]);
    expect([...gb("你好", "快递")].some((b) => structural.has(b))).toBe(false);
  });

  it("says what to do with a workbook or UTF-16 text instead of importing noise", () => {
    expect(() => sniff(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0]), "export.xlsx")).toThrow(/CSV UTF-8/);
    expect(() => sniff(Uint8Array.from([0xff, 0xfe, 0x61, 0x00]), "export.txt")).toThrow(ImportFileError);
  });
});

describe("formats and delimiters", () => {
  it("reads commas, tabs and semicolons outside quotes, TSV by its extension, JSON Lines by theirs or their first brace", () => {
    expect(detectDelimiter('a,"b;c",d')).toBe(",");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
    expect(detectDelimiter("a;b;c")).toBe(";");
    expect(sniff(Buffer.from("a b\n"), "x.tsv").delimiter).toBe("\t");
    expect(sniff(Buffer.from('{"channel":"nps"}\n'), "x.txt").format).toBe("jsonl");
    expect(sniff(Buffer.from("a,b\n"), "items.jsonl").format).toBe("jsonl");
  });

  it("starts after a BOM and after Excel's sep= line, whose delimiter it takes", () => {
    const bom = sniff(Buffer.from("\ufeffa,b\n1,2\n", "utf8"), "x.csv");
    expect(bom).toEqual({ encoding: "utf-8", format: "csv", delimiter: ",", dataStart: 3 });
    const sep = sniff(Buffer.from("sep=;\r\na;b\n", "utf8"), "x.csv");
    expect(sep).toMatchObject({ delimiter: ";", dataStart: 7 });
  });
});

describe("times", () => {
  it("reads ISO, spreadsheet, Chinese Excel and Unix forms", () => {
    expect(parseInstant("2026-11-03T09:15:22+08:00")).toBe("2026-11-03T01:15:22.000Z");
    expect(parseInstant("2026-11-03 09:15:22 UTC")).toBe("2026-11-03T09:15:22.000Z");
    expect(parseInstant("2026-11-03 09:15:22 +0800")).toBe("2026-11-03T01:15:22.000Z");
    expect(parseInstant("2026/11/3 9:15")).toBe("2026-11-03T09:15:00.000Z");
    expect(parseInstant("2026-11-03")).toBe("2026-11-03T00:00:00.000Z");
    expect(parseInstant("1762160122")).toBe("2025-11-03T08:55:22.000Z");
    expect(parseInstant("1762160122000")).toBe("2025-11-03T08:55:22.000Z");
  });

  it("reads a time without a zone in the file's zone, daylight saving included", () => {
    expect(parseInstant("2026-11-03 09:00", "Asia/Shanghai")).toBe("2026-11-03T01:00:00.000Z");
    expect(parseInstant("2026-07-01 09:00", "America/New_York")).toBe("2026-07-01T13:00:00.000Z");
    expect(parseInstant("2026-12-01 09:00", "America/New_York")).toBe("2026-12-01T14:00:00.000Z");
    // An explicit zone wins over the file's.
    expect(parseInstant("2026-11-03T09:00:00Z", "Asia/Shanghai")).toBe("2026-11-03T09:00:00.000Z");
  });

  it("refuses what is not a time rather than guessing", () => {
    for (const s of ["last Tuesday", "03/11/2026", "2026-02-31 10:00", "2026-13-01", "25:00"]) {
      expect(parseInstant(s)).toBeUndefined();
    }
  });
});
