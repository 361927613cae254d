import type { EnglishPhrasesFile } from "./lexicon-files.ts";

/**
 * Complaint and praise patterns that need context beyond one word ("still no refund", "on hold for
 * 2 hours", "never again"), matched against the normalized lower-case text. Each pattern counts
 * once, with its weight. The grammar of a pattern lives here; its open vocabulary (what can follow
 * "still", which services can be "never received") lives in lexicon/en-phrases.json.
 */

export type EnglishPattern = readonly [RegExp, number];

/** A regular expression from a raw template whose placeholders are phrase lists, each becoming `a|b|c`. */
const re = (strings: TemplateStringsArray, ...lists: readonly (readonly string[])[]): RegExp =>
  new RegExp(String.raw(strings, ...lists.map((list) => list.map((p) => p.replaceAll("'", "'?")).join("|"))));

export function compileEnglishPatterns(p: EnglishPhrasesFile): EnglishPattern[] {
  return [
    [re`\bstill (${p.afterStill})\b`, -2],
    [re`\b(${p.onHold})\b`, -2],
    [
      /\b(\d+(\.\d+)?|an?|one|two|three|four|five|six|several|many|multiple|few|couple( of)?)\s*\+?\s*(hours?|hrs?|mins?|minutes?|days?|weeks?)\b/,
      -0.8,
    ],
    [/\bwhere('?s| is| are| the hell is)\s+(my|our|the)\b/, -1.5],
    [re`\bno (${p.afterNo})\b`, -1.8],
    [
      re`\b(never|not|haven'?t|hasn'?t|didn'?t|did not|has not|have not|still not|yet to) (be(en)? )?(${p.notDone})\b`,
      -2.2,
    ],
    [
      re`\b(can'?t|cannot|couldn'?t|unable to|won'?t let|doesn'?t let|didn'?t let|not able to|impossible to) (${p.cannotDo})\b`,
      -1.6,
    ],
    [
      re`\b(doesn'?t|does not|didn'?t|did not|won'?t|isn'?t|is not|not|stopped|never|wasn'?t|aren'?t) (even )?(${p.notWorking})\b`,
      -2.2,
    ],
    [/\b(why|how come)\b[^.!]*\?/, -1.2],
    [re`\b(${p.disbelief})\b[^a-z]*\?`, -1.5],
    [re`\b(${p.neverAgain})\b`, -3],
    [
      /\b(rip ?off|ripped off|thanks for nothing|no thanks to|what a joke|a joke|so much for|good luck (getting|trying|with)|yeah right)\b/,
      -2.5,
    ],
    [/\b(again|yet again|once again|another)\b/, -0.4],
    [re`\b(need|needs|needed|want|wanted|demand|requesting|request) (a |my |our |the )?(${p.demands})\b`, -1.5],
    [/\b(charged (me )?twice|double charged|overcharged|charged me|extra charge|hidden fees?)\b/, -2],
    [re`\b(wrong (${p.wrongItems})|sent the wrong|gave me the wrong)\b`, -1.5],
    [/\b(took|takes|taking) (forever|ages|so long|too long|way too long)\b/, -2],
    [/\b(left|leave|leaving) (me|us) (stranded|waiting|hanging|sitting)\b/, -2],
    [re`\b(lost|lose|losing|misplaced|damaged|broke|broken) (my|our|the) (${p.lostItems})\b`, -2],
    [/\b(missed (my|our|the) (connection|flight|connecting)|miss (my|our) (connection|flight))\b/, -2],
    [re`\b(don'?t|do not|never|wouldn'?t|would not) (${p.refusals})\b`, -2.5],
    [
      /\b(send(ing)? it back|sent it back|return(ed|ing)? (it|this|them)|(want|need|get|got) (my|our) money back)\b/,
      -2,
    ],
    [
      /\b(hoping for more|expected (more|better)|could (have been|be) better|should have|supposed to|the less i)\b/,
      -1.5,
    ],
    [/\b(please help|help me|help us|help\s*\?|need help|any help|help!)/, -0.8],
    [
      /\b(try the|must try|must have|don'?t miss|going back|go back|coming back|come back|will return|can'?t wait (for|to)|well (prepared|done|made|cooked|priced|worth|seasoned|presented)|scores? (big|high)|big plus|a plus)\b/,
      1.5,
    ],
    [/\?\s*!|!\s*\?/, -1.2],
    [/\b(no (problem|worries|complaints?|issues?))\b/, 1.5],
    [re`\b(${p.thanks})\b`, 1.5],
    [
      re`\b(will (definitely|certainly|surely)? ?(be back|return|come back|go back)|can'?t wait to (go back|return|come back)|${p.praise})\b`,
      2,
    ],
    [/\b(not bad|not too bad|can'?t complain|no complaint)\b/, 1.2],
    [/\b(not (the )?worst)\b/, 0.5],
  ];
}
