import { describe, expect, it } from "vitest";
import { isHeldBack, MIN_HELD_BACK, whyNotPromoted } from "#shared/analysis/model/model-check";

describe("promoting a newly trained model", () => {
  it("holds back about a fifth of the comments, the same ones every time", () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `fb_${i}`);
    const held = ids.filter(isHeldBack);
    expect(held.length / ids.length).toBeGreaterThan(0.17);
    expect(held.length / ids.length).toBeLessThan(0.23);
    expect(ids.filter(isHeldBack)).toEqual(held);
  });

  it("promotes only a model that beats the current one and is no worse than the lexicon alone", () => {
    const enough = MIN_HELD_BACK;
    expect(whyNotPromoted({ comments: enough, lexicon: 0.8, candidate: 0.82 })).toBeUndefined();
    expect(whyNotPromoted({ comments: enough, lexicon: 0.8, candidate: 0.8 })).toBeUndefined();
    expect(whyNotPromoted({ comments: enough, lexicon: 0.8, candidate: 0.79 })).toMatch(/worse .* than the lexicon/);
    expect(whyNotPromoted({ comments: enough, lexicon: 0.8, current: 0.85, candidate: 0.85 })).toMatch(
      /does not beat the current model/,
    );
    expect(whyNotPromoted({ comments: enough, lexicon: 0.8, current: 0.85, candidate: 0.86 })).toBeUndefined();
    expect(whyNotPromoted({ comments: enough - 1, lexicon: 0.5, candidate: 0.9 })).toMatch(/held back/);
  });
});
