import { describe, expect, it } from "vitest";
import { maskPersonalData } from "#shared/analysis/model/pii";
import { readableMasks } from "#shared/privacy/model/mask-words";

describe("masked personal data in the reader's words", () => {
  it("shows what was hidden in zh-Hans, zh-Hant and English, not as English tags", () => {
    const masked = maskPersonalData("客服电话 13812345678 也打不通，邮箱 wang@example.com 没人回");
    expect(masked).toContain("[phone]");
    expect(readableMasks(masked, "zh-Hans")).toBe("客服电话 〔电话已隐去〕 也打不通，邮箱 〔邮箱已隐去〕 没人回");
    expect(readableMasks(masked, "zh-Hant")).toContain("〔電話已隱去〕");
    expect(readableMasks(masked, "en")).toContain("[phone hidden]");
  });

  it("words Comprehend's entity tags and leaves any other bracketed text as the customer wrote it", () => {
    expect(readableMasks("I am [name], I live at [address]", "en")).toBe(
      "I am [name hidden], I live at [address hidden]",
    );
    expect(readableMasks("[name]说的", "zh-Hans")).toBe("〔姓名已隐去〕说的");
    expect(readableMasks("app [beta] [v2] [PHONE]", "zh-Hans")).toBe("app [beta] [v2] [PHONE]");
  });
});
