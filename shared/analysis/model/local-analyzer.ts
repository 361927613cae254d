import type { Sentiment, SentimentScores } from "#shared/feedback/model/schema";
import { scriptCounts, toSimplified } from "#shared/kernel/chinese";
import type { AnalysisRequest, AnalysisResult, Analyzer, TextAnalysis } from "../ports/analyzer.ts";
import { stem } from "./themes.ts";

/**
 * The offline analyzer: language detection plus a hand-written sentiment lexicon for English and
 * Chinese, tuned for customer-service feedback. Besides sentiment words it knows negation,
 * intensifiers, contrast ("but", "但是"), emoji, and complaint patterns that carry no sentiment
 * word at all ("still no refund", "on hold for 2 hours", "等了一个小时", "客服不回复").
 *
 * Pure and synchronous inside; lexicons are parsed on first use and shared by all instances.
 */

export const LOCAL_ENGINE = "local-lexicon@1";

// ---------------------------------------------------------------------------------------------
// Lexicons. Format: whitespace-separated "word value" pairs.

const EN_WORDS = `
love 3 loved 3 loves 3 lovely 3 amazing 3 awesome 3 excellent 3 fantastic 3 wonderful 3 perfect 3 outstanding 3
superb 3 incredible 2.5 brilliant 3 best 3 phenomenal 3 exceptional 3 delicious 3 terrific 3 fabulous 3 marvelous 3
stellar 3 impeccable 3 heavenly 3 divine 2.5 exquisite 3 flawless 3 magnificent 3 spectacular 3 gorgeous 3 kudos 3
thrilled 3 delighted 3 ecstatic 3 favorite 2.5 favourite 2.5 yummy 3 great 3 good 2 nice 2 happy 2.5 glad 2
thanks 2 thank 2 thx 2 ty 1.5 appreciate 2.5 appreciated 2.5 helpful 2.5 friendly 2.5 pleasant 2 enjoy 2 enjoyed 2.5
recommend 2 recommended 2 beautiful 2.5 fresh 1.5 tasty 2.5 fast 1.5 quick 1 quickly 1 smooth 1.5 comfortable 2
clean 1.5 easy 1.5 efficient 2 reliable 2 professional 1.5 courteous 2 attentive 2 polite 2 kind 1.5 sweet 1 fun 2
cool 1 fine 0.8 decent 1.2 solid 1.5 worth 1 impressed 2.5 impressive 2.5 pleased 2 satisfied 2 satisfying 2
reasonable 1.5 affordable 1.5 cozy 2 cosy 2 charming 2 warm 1 generous 2 prompt 1.5 promptly 1.5 accommodating 2
welcoming 2 excited 2 exciting 2 safe 1 win 1.5 winner 2 congrats 2 congratulations 2 proud 2 lucky 1.5 perfectly 2.5
wonderfully 2.5 yay 2.5 woohoo 2.5 hooray 2.5 hero 2 heroes 2 rock 1.5 rocks 2 rockstar 3 gem 2.5 bliss 2.5 wow 1
fixed 1 resolved 1.5 gracious 2 patient 1.5 caring 2 luxurious 2 spacious 1.5 fair 1 bargain 2 loyal 1.5 smile 1.5
smiles 1.5 funny 1 enjoyable 2.5 better 1.5 upgrade 1 upgraded 1.5 complimentary 1.5 ontime 1.5 seamless 2
painless 2 easily 1 awesomeness 3 fave 2.5 fav 2.5 wonder 0 thankful 2.5 grateful 2.5 blessed 2 inexpensive 1.5
worked 1 works 0.8 tender 1.5 juicy 1.5 crispy 1 flavorful 2 authentic 1.5 romantic 1.5 relaxing 2 handy 1.5
sturdy 1.5 durable 1.5 recommendation 0.5 intuitive 2 beat 0.5 superior 2 incredibly 1 helped 1.5 helps 1
bravo 3 cheers 1 yum 2.5 refreshing 2 lively 1 attractive 2 elegant 2 classy 2 cute 1.5 adorable 2 well 0.3

hate 3 hated 3 hates 3 worst -3 terrible -3 horrible -3 awful -3 disgusting -3 pathetic -3 unacceptable -3
ridiculous -2.5 nightmare -3 disaster -3 disgrace -3 disgraceful -3 atrocious -3 abysmal -3 appalling -3
shameful -3 shame -2 furious -3 livid -3 outrageous -3 inexcusable -3 scam -3 fraud -3 sucks -3 suck -2.5 sucked -3
crap -2.5 crappy -3 shit -2.5 shitty -3 bs -2.5 bullshit -3 wtf -2.5 fuck -2.5 fucking -1.5 damn -1.5 hell -1
worse -2.5 rude -3 rudely -3 incompetent -3 incompetence -3 useless -3 joke -2 garbage -3 trash -2.5 inedible -3
gross -2.5 nasty -2.5 filthy -2.5 dirty -2 bad -2.5 poor -2 poorly -2 disappointed -2.5 disappointing -2.5
disappointment -2.5 disappoint -2 frustrated -2.5 frustrating -2.5 frustration -2.5 annoyed -2 annoying -2
upset -2 angry -2.5 mad -2 sad -1.5 unhappy -2 unfortunately -1.5 fail -2 failed -2 failure -2 fails -2 problem -1.2
problems -1.2 issue -1 issues -1 broken -2 broke -1.5 lost -1.5 lose -1 losing -1 delay -1.5 delayed -2 delays -1.5
late -1.5 cancelled -2 canceled -2 cancel -1.5 cancellation -1.5 cancellations -1.5 stuck -2 stranded -2.5
missed -1.5 waiting -1 wait -0.8 waited -1.5 slow -2 slowly -1.5 expensive -1.5 overpriced -2.5 pricey -1
bland -2 stale -2 soggy -2 greasy -1.5 salty -1.2 overcooked -2 undercooked -2 burnt -2 mediocre -2 meh -1.5
ok 0.5 okay 0.5 noisy -1.5 loud -0.8 crowded -0.8 cramped -1.5 wrong -2 mistake -1.5 mistakes -1.5 error -1.5
errors -1.5 glitch -1.5 crash -1.5 crashed -2 crashes -2 complain -1.5 complaint -1.5 complaints -1.5 waste -2.5
wasted -2.5 unprofessional -2.5 unhelpful -2.5 unfriendly -2.5 impolite -2.5 ignored -2 ignore -1.5 ignoring -2
confused -1.5 confusing -1.5 difficult -1.5 impossible -2 fault -1.5 blame -1.5 sorry -0.5 refund -1 compensation -1
overbooked -2 bumped -1.5 diverted -1.5 smell -1 smelly -2 stinks -2.5 stink -2 damaged -2 defective -2.5
faulty -2.5 flimsy -2 unreliable -2.5 overcharged -2.5 sick -2 junk -2.5 lame -2 weak -1.5 boring -2 bored -1.5
dull -1.5 tasteless -2 inconsiderate -2.5 careless -2 lazy -2 arrogant -2.5 condescending -2.5 yelled -2 lied -2.5
lies -2 liar -3 misleading -2.5 cheated -3 stolen -2.5 robbed -2.5 chaos -2 mess -2 messed -2 screwed -2.5
fiasco -2.5 inconvenience -1.5 inconvenient -1.5 hassle -1.5 sadly -1.5 regret -2 worried -1.5 scared -1.5
terrified -2 horrendous -3 dreadful -3 lousy -2.5 subpar -2 inferior -2 unbearable -2.5 painful -2 stressful -2
exhausted -1.5 tired -1 overrated -2 underwhelming -2 unimpressed -2 lacking -1.5 lacks -1.5 lack -1.5
missing -1.5 worthless -3 pointless -2 nonsense -2 absurd -2 insane -1 fml -2 ugh -2 sigh -1.5 smh -2 grr -2
argh -2 wth -2 fail -2 epicfail -3 hung -1 sloppy -2 unsanitary -2.5 cockroach -2.5 roach -2.5 hair 0 cold -0.8
hardly 0 apology -0.5 apologize -0.5 inaccurate -2 incorrect -2 unresponsive -2.5 disrespectful -3 hostile -2.5
ruined -2.5 ruin -2 ruins -2 avoid -2 beware -2.5 warning -1 rip -0.5 ripoff -3 overwhelmed -1 cramped -1.5
uncomfortable -2 disgusted -3 horrific -3 tragic -2 embarrassing -2.5 embarrassed -2 humiliating -3 insult -2.5
insulting -2.5 greedy -2.5 stupid -2.5 dumb -2 idiot -3 idiots -3 clueless -2.5 unorganized -2 disorganized -2
unbelievable -1 inexperienced -1.5 hopeless -2.5 helpless -2 miserable -3 worthy 1 rubbish -2.5 dreadfully -3
flaw -2 flawed -2 freeze -1.5 freezes -2 froze -2 jerk -2.5 jerks -2.5 leak -1.5 leaks -1.5 garbled -2 static -1
excessive -1.5 strange -1 weird -1 fooled -2.5 fool -2 whine -1.5 unacceptible -3 careful -0.8 breakage -2
disapointed -2.5 dissapointed -2.5 dissapointing -2.5 horible -3 terible -3 aweful -3 awsome 3 awesom 3 delicous 3
delish 3 freindly 2.5 delightful 3 convenient 1.5 plus 0.8 surprise 1 forgivable 1 otherworldly 3 robust 1.5
energetic 1.5 tremendous 2.5 superbly 3 nicely 2 fresher 1.5 freshest 2 finest 2.5 loving 2 winning 1.5
unsatisfactory -2.5 unusable -3 uncomfortably -2 overheats -2 drains -1 dies -1.5 died -1.5 dead -1.5 cheaply -2
shoddy -2.5 mess -2 lousy -2.5 hate -3 crummy -2.5 pricy -1 unreasonable -2 inattentive -2.5 neglected -2
forgot -1.5 forgotten -1.5 forget -0.5 unanswered -2 ordeal -2.5 hostage -2 misery -3 stressed -2 awkward -1.5
help 0 helping 0 hope 0 hoping 0 hopefully 0 please 0 wonder 0 fair 0.5 supposedly -1 supposed -0.5 sadly -1.5
returned -0.5 returning -0.3 cheap 0
`;

/** Words that flip the sentiment of what follows. */
const EN_NEGATORS = new Set(
  (
    "not no never nothing none nobody neither nor without cannot cant can't dont don't doesnt doesn't didnt didn't " +
    "isnt isn't wasnt wasn't arent aren't werent weren't wont won't wouldnt wouldn't couldnt couldn't shouldnt " +
    "shouldn't havent haven't hasnt hasn't hadnt hadn't aint ain't lack lacked"
  ).split(" "),
);

const EN_INTENSIFIERS = new Map<string, number>([
  ["very", 1.4],
  ["really", 1.3],
  ["so", 1.3],
  ["extremely", 1.6],
  ["super", 1.4],
  ["too", 1.2],
  ["absolutely", 1.5],
  ["totally", 1.4],
  ["incredibly", 1.6],
  ["highly", 1.4],
  ["truly", 1.3],
  ["completely", 1.4],
  ["utterly", 1.6],
  ["seriously", 1.3],
  ["most", 1.2],
  ["quite", 1.1],
  ["pretty", 1.1],
  ["definitely", 1.3],
  ["such", 1.2],
  ["fucking", 1.5],
  ["damn", 1.3],
  ["beyond", 1.4],
  ["especially", 1.2],
  ["simply", 1.2],
  ["somewhat", 0.6],
  ["slightly", 0.5],
  ["kinda", 0.6],
  ["bit", 0.6],
  ["fairly", 0.7],
  ["rather", 0.8],
  ["little", 0.7],
  ["mostly", 0.8],
]);

/** Words that make what follows hypothetical: "would be nice", "if it worked", "I hope it arrives". */
const EN_MODALS = new Set(["would", "could", "should", "if", "wish", "hope", "hoping", "hopefully", "wanna", "might"]);

const EN_CONTRAST = new Set(["but", "however", "nevertheless", "nonetheless", "except", "yet"]);
const EN_CONCESSIVE = new Set(["although", "though", "despite", "while", "whilst"]);

/** Complaint and praise patterns that need context beyond one word. Applied to the normalized text. */
const EN_PATTERNS: readonly [RegExp, number][] = [
  [
    /\bstill (no|not|nothing|waiting|stuck|sitting|on hold|haven'?t|hasn'?t|didn'?t|don'?t|doesn'?t|can'?t|no word|here|at|in|delayed|broken|missing)\b/,
    -2,
  ],
  [/\b(on hold|hold time|holding for|hold for|been holding|put me on hold|hung up|hang up on)\b/, -2],
  [
    /\b(\d+(\.\d+)?|an?|one|two|three|four|five|six|several|many|multiple|few|couple( of)?)\s*\+?\s*(hours?|hrs?|mins?|minutes?|days?|weeks?)\b/,
    -0.8,
  ],
  [/\bwhere('?s| is| are| the hell is)\s+(my|our|the)\b/, -1.5],
  [
    /\bno (one|body|response|reply|replies|answer|answers|help|update|updates|info|information|notice|explanation|call|calls|email|refund|compensation|luck|show|power|wifi|wi-?fi|food|seats?|room|apology|communication|customer service|way to|record|idea|clue|options?|reason|longer|more|agents?|representatives?|reps?|contact)\b/,
    -1.8,
  ],
  [
    /\b(never|not|haven'?t|hasn'?t|didn'?t|did not|has not|have not|still not|yet to) (be(en)? )?(received|receive|arrived|arrive|got|gotten|get|heard|hear|responded|respond|replied|reply|answered|answer|showed|shown|came|come|delivered|shipped|refunded|called|contacted|acknowledged|fixed|resolved|processed|credited|updated|compensated|helped|help|honored|honoured)\b/,
    -2.2,
  ],
  [
    /\b(can'?t|cannot|couldn'?t|unable to|won'?t let|doesn'?t let|didn'?t let|not able to|impossible to) (get|find|log|book|access|reach|check|change|use|load|connect|make|talk|speak|hear|sleep|rebook|cancel|believe|understand|figure|select|pick|print|see|do|add|download|open)\b/,
    -1.6,
  ],
  [
    /\b(doesn'?t|does not|didn'?t|did not|won'?t|isn'?t|is not|not|stopped|never|wasn'?t|aren'?t) (even )?(work|working|worked|functioning|charge|charging|turn on|load|loading)\b/,
    -2.2,
  ],
  [/\b(why|how come)\b[^.!]*\?/, -1.2],
  [/\b(seriously|really|are you kidding|you kidding|kidding me|what the|are you serious)\b[^a-z]*\?/, -1.5],
  [
    /\b(never again|never fly|never flying|never use|never using|never coming back|never going back|never be back|never return|won'?t be back|will not be back|not coming back|won'?t be returning|will never|last time i|do not recommend|don'?t recommend|wouldn'?t recommend|would not recommend|stay away|don'?t bother|do not bother|save your money)\b/,
    -3,
  ],
  [
    /\b(rip ?off|ripped off|thanks for nothing|no thanks to|what a joke|a joke|so much for|good luck (getting|trying|with)|yeah right)\b/,
    -2.5,
  ],
  [/\b(again|yet again|once again|another)\b/, -0.4],
  [
    /\b(need|needs|needed|want|wanted|demand|requesting|request) (a |my |our |the )?(refund|compensation|reimbursement|answer|explanation|help|response)\b/,
    -1.5,
  ],
  [/\b(charged (me )?twice|double charged|overcharged|charged me|extra charge|hidden fees?)\b/, -2],
  [/\b(wrong (order|item|size|bag|gate|flight|info|information|address)|sent the wrong|gave me the wrong)\b/, -1.5],
  [/\b(took|takes|taking) (forever|ages|so long|too long|way too long)\b/, -2],
  [/\b(left|leave|leaving) (me|us) (stranded|waiting|hanging|sitting)\b/, -2],
  [
    /\b(lost|lose|losing|misplaced|damaged|broke|broken) (my|our|the) (bag|bags|luggage|baggage|suitcase|package|parcel|order|stroller|car ?seat)\b/,
    -2,
  ],
  [/\b(missed (my|our|the) (connection|flight|connecting)|miss (my|our) (connection|flight))\b/, -2],
  [/\b(don'?t|do not|never|wouldn'?t|would not) (buy|purchase|order|go|eat|stay|fly|use|trust|waste)\b/, -2.5],
  [/\b(send(ing)? it back|sent it back|return(ed|ing)? (it|this|them)|(want|need|get|got) (my|our) money back)\b/, -2],
  [/\b(hoping for more|expected (more|better)|could (have been|be) better|should have|supposed to|the less i)\b/, -1.5],
  [/\b(please help|help me|help us|help\s*\?|need help|any help|help!)/, -0.8],
  [
    /\b(try the|must try|must have|don'?t miss|going back|go back|coming back|come back|will return|can'?t wait (for|to)|well (prepared|done|made|cooked|priced|worth|seasoned|presented)|scores? (big|high)|big plus|a plus)\b/,
    1.5,
  ],
  [/\?\s*!|!\s*\?/, -1.2],
  [/\b(no (problem|worries|complaints?|issues?))\b/, 1.5],
  [/\b(thank you so much|thanks so much|thanks again|thank you again|many thanks|big thanks|thanks a million)\b/, 1.5],
  [
    /\b(will (definitely|certainly|surely)? ?(be back|return|come back|go back)|can'?t wait to (go back|return|come back)|must try|must-try|a must|highly recommend|go-to|10\/10|five stars|5 stars|on time|right on time|ahead of schedule|above and beyond|made my day|top notch|second to none|worth every penny|worth the wait|well done|job well done|hats off)\b/,
    2,
  ],
  [/\b(not bad|not too bad|can'?t complain|no complaint)\b/, 1.2],
  [/\b(not (the )?worst)\b/, 0.5],
];

const ZH_WORDS = `
好 1.5 好吃 2.5 好喝 2.5 好用 2 好看 2 好评 2.5 好闻 1.5 好玩 2 好听 1.5 好棒 3 好赞 3 不错 2 挺好 2 很好 2.5 美味 2.5
香 1 鲜 1 新鲜 1.5 鲜美 2.5 嫩 1 满意 2 喜欢 2 爱 2 爱吃 2.5 赞 2.5 棒 2.5 给力 2.5 推荐 1.5 值得 1.5 划算 1.5 实惠 1.5
便宜 1 干净 1.5 整洁 1.5 舒适 1.5 舒服 1.5 方便 1.5 快 1 很快 1.5 挺快 1.5 准时 1.5 及时 1.5 热情 2 周到 2
耐心 1.5 贴心 2 礼貌 1.5 专业 1.5 漂亮 2 精致 2 正宗 1.5 地道 1.5 惊喜 2 完美 3 优秀 2.5 超值 2.5 物美价廉 3
性价比高 2.5 五星 2 满分 3 点赞 2.5 感谢 1.5 谢谢 1.5 辛苦 1 开心 2 愉快 2 流畅 1.5 清晰 1.5 结实 1.5 耐用 1.5
实用 1.5 合适 1.5 合身 1.5 温馨 2 安静 1.5 宽敞 1.5 齐全 1.5 丰富 1.5 充足 1 量足 1.5 量大 1.5 分量足 2 入味 1.5
适中 1 可口 2 过瘾 1.5 爽 1.5 酥 1 脆 1 香甜 1.5 回头客 2 再来 1.5 还会再来 3 会再来 2.5 还会来 2.5 下次还 2
常来 1.5 一如既往 1.5 物有所值 2 不亏 1.5 惊艳 2.5 良心 2 用心 2 靠谱 2 厚道 2 放心 1.5 信赖 2 支持 1.5 完好 1.5
正品 1.5 还行 0.5 还可以 0.8 可以 0.6 不赖 1.5 优惠 1 便捷 1.5 高效 2 细心 2 认真 1.5 负责 1.5 亲切 2 友好 2
友善 2 大方 1.5 美 1.5 美丽 2 优美 2 优雅 2 幽静 1.5 安全 1 好感 2 享受 2 值 1 超赞 3 很赞 3 最爱 3 喜爱 2.5
强烈推荐 3 值得推荐 2.5 不错的 2 好极了 3 极好 3 太好了 3 一流 2.5 顶级 2.5 高端 1.5 大气 1.5 豪华 1.5
方便快捷 2 快捷 1.5 迅速 1.5 神速 2.5 准确 1 完整 1 精美 2 细腻 1.5 软糯 1.5 爽口 2 清爽 1.5 香脆 2 鲜嫩 2
滑嫩 2 入口即化 2.5 肥而不腻 2.5 喜出望外 3 好极 3 划得来 1.5 超级好 3 热乎 1.5 热乎乎 2 热腾腾 2 很热 0.5
包装好 1.5 精心 2 用料足 2 料足 2 新 0.5 温暖 1.5 周全 1.5 到位 1.5 很到位 2 真心 1 感动 2 暖心 2.5 提前 1
棒棒 3 牛 1.5 厉害 1.5 完胜 2 划算 1.5 便利 1.5 近 0.5 好找 1.5 省心 2 满足 1.5 幸福 2 美滋滋 2.5 神器 2.5
差 -2 很差 -3 太差 -3 烂 -2.5 垃圾 -3 难吃 -3 难喝 -2.5 难用 -2.5 难看 -2 难闻 -2 失望 -2.5 后悔 -2.5 糟糕 -2.5
恶心 -3 坑 -2.5 坑人 -3 坑爹 -3 慢 -1.5 很慢 -2 太慢 -2.5 贵 -1 太贵 -2 偏贵 -1.5 脏 -2 臭 -2 吵 -1.5 凉 -1
凉了 -2 冷了 -2 硬 -1 咸 -1.5 太咸 -2 淡 -0.8 油腻 -1.5 腥 -1.5 少 -0.8 太少 -2 很少 -0.5 少了 -1.5 量少 -2
分量少 -2 不满 -2 不满意 -2.5 生气 -2 气愤 -2.5 愤怒 -2.5 无语 -2.5 郁闷 -2 讨厌 -2.5 问题 -1 麻烦 -1 错 -1.5
错了 -2 不好 -2 不行 -2 不怎么样 -2 一般 -1 一般般 -1.2 凑合 -0.5 失败 -2 欺骗 -3 忽悠 -2.5 敷衍 -2.5 冷淡 -2
不耐烦 -2.5 恶劣 -3 粗鲁 -2.5 霸道 -2 简陋 -2 破旧 -2 陈旧 -1.5 旧 -1 老旧 -1.5 潮湿 -1.5 异味 -2 霉 -2 发霉 -2.5
蟑螂 -2.5 蚊子 -1.5 噪音 -1.5 破 -1.5 坏 -2 坏了 -2.5 裂 -1.5 假 -2 假货 -3 次品 -3 瑕疵 -2 色差 -1.5 掉色 -2
起球 -2 不值 -2 浪费 -2 不够 -1.5 不足 -1.5 缺点 -1 缺陷 -2 毛病 -1.5 故障 -2 死机 -2.5 卡顿 -2 卡死 -2.5
醉了 -2 呵呵 -1.5 服了 -1.5 哭了 -1.5 什么鬼 -2.5 扯 -1.5 奇葩 -2 黑心 -3 无良 -3 离谱 -2.5 过分 -2.5 太过分 -3
差劲 -3 渣 -2 晕 -1 上当 -2.5 后悔死 -3 坑死 -3 骗 -2.5 骗子 -3 骗人 -3 垃圾货 -3 退款 -1.5 退钱 -1.5 投诉 -2.5
差评 -2.5 再也不 -3 不会再 -2.5 最后一次 -2.5 拉肚子 -3 头发 -2 虫子 -2.5 苍蝇 -2.5 异物 -2.5 吐了 -2 馊 -3
变质 -3 过期 -2.5 退货 -1.5 换货 -1 超时 -2 迟到 -1.5 晚点 -1.5 延误 -2 送错 -2.5 漏送 -2.5 少送 -2.5 洒了 -2
撒了 -2 漏了 -2 坨了 -2 糊了 -2 焦了 -2 不新鲜 -2.5 不热 -1.5 不推荐 -2.5 不建议 -2 别买 -3 别订 -3 千万别 -3
千万不要 -3 劝大家 -2 不值得 -2.5 太差劲 -3 小气 -1.5 抠门 -2 态度差 -3 服务差 -3 脏乱 -2.5 脏乱差 -3 隔音 -0.8
嘈杂 -1.5 拥挤 -1 窄 -1 狭小 -1.5 昏暗 -1 难找 -1.5 偏 -0.5 远 -0.5 贵了 -1.5 不划算 -2 亏 -1.5 吃亏 -2 被坑 -3
等了 -1.5 等半天 -2.5 等了半天 -2.5 半天 -1.5 好久 -1.5 很久 -1.5 太久 -2 等太久 -2.5 一个小时 -1.5
一个多小时 -2 两个小时 -2 两个多小时 -2.5 俩小时 -2 一个半小时 -2 小时才 -2 才到 -1.5 才送到 -2 才送来 -2 还没 -1.5
还没有 -1.5 都没 -1 一直没 -2 迟迟 -2 不回复 -2.5 没回复 -2.5 不回 -1.5 没人理 -2.5 不理人 -2.5 爱理不理 -3
不接电话 -2.5 打不通 -2.5 联系不上 -2.5 找不到 -1.5 用不了 -2.5 打不开 -2 不能用 -2.5 催了 -1.5 催单 -1.5
催 -1 怪味 -2 味道怪 -2 变味 -2.5 发臭 -3 不卫生 -3 没味道 -2 没有味道 -2 没什么味道 -2 没啥味道 -2 寡淡 -1.5
不好吃 -2.5 不好喝 -2 不太好 -1.5 不怎么好 -1.5 不是很好 -1.5 一点也不 -1 一点都不 -1 不喜欢 -2 失落 -2
心塞 -2 伤心 -2 难受 -2 不爽 -2.5 不舒服 -2 不方便 -1.5 不干净 -2.5 不清楚 -1 不合理 -2 不专业 -2.5 不负责 -2.5
不负责任 -3 不礼貌 -2.5 不友好 -2.5 不值这个价 -2.5 不像 -1 不符 -2 不一致 -1.5 货不对版 -3 图片不符 -2.5
与描述不符 -2.5 不如 -1.2 不及 -1 比不上 -1.5 远不如 -2 还不如 -2 名不副实 -2.5 徒有虚名 -2.5 没有想象中 -1.5
不像话 -2.5 不要脸 -3 不靠谱 -2.5 不地道 -1.5 不正宗 -2 不咋地 -2 不咋样 -2 不太行 -1.5 不好用 -2.5 不实用 -2
不耐用 -2 不结实 -2 质量差 -3 质量不好 -2.5 质量太差 -3 做工差 -2.5 做工粗糙 -2.5 粗糙 -2 劣质 -3 廉价 -1
缩水 -2 扣分 -1.5 减分 -1.5 遗憾 -1.5 可惜 -1.2 美中不足 -0.8 唯一不足 -0.8 不足之处 -0.8 吐槽 -1.5 踩雷 -2.5
雷 -1 避雷 -2.5 拔草 -1.5 智商税 -2.5 冤枉钱 -2.5 白花 -2 白跑 -2 折腾 -1.5 晦气 -2.5 倒霉 -2 恼火 -2.5
气死 -3 受不了 -2.5 忍不了 -2.5 不敢 -1 不卫生 -3 骚扰 -2.5 发错 -2.5 少发 -2.5 漏发 -2.5 破损 -2.5 压坏 -2.5
摔坏 -2.5 碎了 -2.5 压扁 -2 丢件 -2.5 丢了 -2 没收到 -2.5 未收到 -2.5 还没到 -2 还没送到 -2.5 还没发货 -2.5
不发货 -2.5 不退 -2.5 拒绝 -1.5 推脱 -2.5 推卸 -2.5 甩锅 -2.5 踢皮球 -2.5 没人管 -2.5 不处理 -2.5 没处理 -2
不解决 -2.5 没解决 -2 没有解决 -2 无人 -1.5 一星 -2.5 零分 -3 负分 -3 渣渣 -3 坑货 -3 水货 -2.5 山寨 -2
傻逼 -3 sb -2 他妈 -2 妈的 -2 忘了 -1.5 忘记 -1.5 没送 -2 没给 -2 不给 -1.5 居然 -1 竟然 -1 根本 -1.2 说好的 -1.5
明明 -1 分明 -1 难道 -1 凭什么 -2.5 为什么 -1 为啥 -1 不一样 -1 堪忧 -2.5 搞不懂 -1.5 不能忍 -2.5 忍不住 0 请补 -1
补上 -1 尴尬 -1.5 耽误 -2 过长 -2 太长 -1.5 太油 -2 油太大 -2 油大 -1.5 太甜 -1.5 太辣 -1.5 太多了 -1 吃不惯 -1.5
咬不动 -2 散了 -1.5 泡水 -1.5 肥肉 -1 晚到 -2 不认识路 -2 只装了 -1.5 就吃这一次 -2.5 还好 0.5 看着还好 0 不如意 -2
偷工减料 -3 以次充好 -3 敷衍了事 -3 态度恶劣 -3 没礼貌 -2.5 爱答不理 -3 没人接 -2.5 不让 -1.5 不肯 -1.5 硬说 -2
结果 -0.5 生的 -1.5 没熟 -2.5 夹生 -2.5 太硬 -2 太软 -1 太淡 -1.5 没法吃 -3 不能吃 -3 没法用 -3 失效 -2 漏水 -2
`;

/** Neutral multi-character words that would otherwise be misread through a single character. */
const ZH_NEUTRAL = `
好像 好几 好多 好些 刚好 正好 只好 好不容易 最好 好友 好处 好奇 好在 友好 老板 老是 老公 老婆 老人 老家 快递 快餐 尽快 赶快 快点
爱理不理 可爱 不少 多少 至少 不久 不禁 不但 不仅 不管 不得不 不然 不用 不一定 没想到 不知道 不知 不过 不断 不停 香菜 香港
差不多 相差 出差 差点 差价 一般来说 问题不大 没问题 没什么问题 不错过 错过 难得 难怪 难免 不用说 不必 不要紧 没关系 没得说 没话说 的话 开始 开心果
卡 房卡 银行卡 信用卡 会员卡 不同 不是 无论 无法 毫无 并不 不太 不怎么 不是很 不算 算不上 不会 好处 便宜点
`;

const ZH_NEGATORS = new Map<string, number>([
  ["不", 1],
  ["没", 1],
  ["没有", 1],
  ["无", 1],
  ["非", 1],
  ["别", 1],
  ["未", 1],
  ["并不", 1],
  ["并没有", 1],
  ["毫无", 1],
  ["无法", 1],
  ["不是", 1],
  ["不太", 0.7],
  ["不怎么", 0.7],
  ["不是很", 0.7],
  ["不算", 0.7],
  ["算不上", 0.8],
  ["不会", 1],
  ["不够", 0.8],
  ["谈不上", 0.8],
  ["称不上", 0.8],
]);

const ZH_INTENSIFIERS = new Map<string, number>([
  ["很", 1.3],
  ["非常", 1.6],
  ["太", 1.5],
  ["特别", 1.5],
  ["特", 1.3],
  ["超", 1.5],
  ["超级", 1.7],
  ["十分", 1.5],
  ["极", 1.8],
  ["极其", 1.8],
  ["极度", 1.8],
  ["真", 1.3],
  ["真的", 1.3],
  ["挺", 1.1],
  ["蛮", 1.1],
  ["相当", 1.4],
  ["巨", 1.6],
  ["贼", 1.5],
  ["最", 1.5],
  ["更", 1.2],
  ["更加", 1.3],
  ["越来越", 1.3],
  ["实在", 1.4],
  ["简直", 1.6],
  ["完全", 1.4],
  ["严重", 1.6],
  ["绝对", 1.5],
  ["好", 1.3],
  ["比较", 0.9],
  ["还算", 0.8],
  ["有点", 0.8],
  ["有点儿", 0.8],
  ["有些", 0.8],
  ["稍微", 0.6],
  ["稍", 0.6],
  ["略", 0.6],
  ["略微", 0.6],
  ["一点", 0.7],
]);

/** Contrast markers: what follows weighs more than what came before. */
const ZH_CONTRAST = ["但是", "但", "可是", "不过", "然而", "却", "只不过"];
/** Concession markers: a minor complaint follows a verdict ("挺好吃的，就是送得慢"). */
const ZH_CONCESSION = ["就是", "只是", "唯一", "除了"];
/**
 * Summary markers: what follows is the reviewer's overall verdict ("总的来说还是不错的"), so it
 * outweighs the list of details before it.
 */
const ZH_SUMMARY = [
  "总的来说",
  "总的来讲",
  "总的说来",
  "总体来说",
  "总体来讲",
  "总体感觉",
  "总体而言",
  "总体上",
  "总体",
  "整体来说",
  "整体来讲",
  "整体感觉",
  "整体上",
  "整体",
  "总之",
  "总而言之",
  "综合来看",
  "综合来说",
  "综上",
  "总结",
];

// ---------------------------------------------------------------------------------------------
// Emoji and emoticons

const POSITIVE_EMOJI = "😀😁😃😄😆😊☺😍🥰😘😗😙😚😋😎🤩🥳👍👏🙌💪🎉🎊❤💕💖💗💓💞💘💝💯✨🌟⭐🙏😇🤗💐🌹🥂🍻👌✌✅";
const NEGATIVE_EMOJI = "😡😠🤬👎😤😢😭😞😔😩😫🙄💩😒😑😣😖😓😰😱😨😟😕🤮🤢💔😪😿❌⚠🤦🖕";
const POSITIVE_EMOTICONS = /(?:^|\s)(?::-?\)|:-?D|;-?\)|\^_?\^|:3|<3|\(:)(?=\s|$)|[:：]\s?[)）]/g;
const NEGATIVE_EMOTICONS = /(?:^|\s)(?::-?\(|:'\(|D:|>:\(|T_T|QAQ|-_-|:\/)(?=\s|$)|[:：]\s?[(（]/g;

// ---------------------------------------------------------------------------------------------
// Compiled lexicons (built once, on first use)

interface ZhEntry {
  word: string;
  kind: 0 | 1 | 2 | 3 | 4 | 5 | 6; // 0 sentiment, 1 negator, 2 intensifier, 3 contrast, 4 concession, 5 neutral, 6 summary
  value: number;
}

interface Lexicons {
  en: Map<string, number>;
  zh: Map<number, ZhEntry[]>;
  positiveEmoji: Set<number>;
  negativeEmoji: Set<number>;
}

let lexicons: Lexicons | undefined;

function pairs(source: string): [string, number][] {
  const parts = source.split(/\s+/).filter(Boolean);
  const out: [string, number][] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) out.push([parts[i] as string, Number(parts[i + 1])]);
  return out;
}

function lex(): Lexicons {
  if (lexicons) return lexicons;
  const en = new Map<string, number>();
  for (const [word, value] of pairs(EN_WORDS)) {
    en.set(word, value);
    const s = stem(word);
    if (s !== word && !en.has(s)) en.set(s, value);
  }
  const zhAll = new Map<string, ZhEntry>();
  const add = (word: string, kind: ZhEntry["kind"], value: number) => zhAll.set(word, { word, kind, value });
  for (const word of ZH_NEUTRAL.split(/\s+/).filter(Boolean)) add(word, 5, 0);
  for (const w of ZH_CONCESSION) add(w, 4, 0);
  for (const w of ZH_SUMMARY) add(w, 6, 0);
  for (const w of ZH_CONTRAST) add(w, 3, 0);
  for (const [w, v] of ZH_INTENSIFIERS) add(w, 2, v);
  for (const [w, v] of ZH_NEGATORS) add(w, 1, v);
  for (const [w, v] of pairs(ZH_WORDS)) add(w, 0, v);
  const zh = new Map<number, ZhEntry[]>();
  for (const entry of zhAll.values()) {
    const code = entry.word.charCodeAt(0);
    const list = zh.get(code) ?? [];
    list.push(entry);
    zh.set(code, list);
  }
  for (const list of zh.values()) list.sort((a, b) => b.word.length - a.word.length);
  const codes = (s: string) => new Set(Array.from(s, (c) => c.codePointAt(0) as number));
  lexicons = { en, zh, positiveEmoji: codes(POSITIVE_EMOJI), negativeEmoji: codes(NEGATIVE_EMOJI) };
  return lexicons;
}

// ---------------------------------------------------------------------------------------------
// Scoring

/** Sentiment mass collected from a text: weighted for the verdict, raw for detecting MIXED. */
interface Tally {
  pos: number;
  neg: number;
  /** Strongest positive and negative clause, unweighted. */
  maxPosClause: number;
  maxNegClause: number;
  question: boolean;
}

const newTally = (): Tally => ({ pos: 0, neg: 0, maxPosClause: 0, maxNegClause: 0, question: false });

interface Clause {
  pos: number;
  neg: number;
  weight: number;
  sentence: number;
  /** Opened by a concession after clear praise ("挺好的，就是有点吵"). */
  minor: boolean;
}

class ClauseBook {
  private readonly clauses: Clause[] = [];
  private cur: Clause = { pos: 0, neg: 0, weight: 1, sentence: 0, minor: false };
  private sentence = 0;
  private nextWeight = 1;
  /** Weight of every clause after a summary marker. */
  private boost = 1;

  add(value: number): void {
    if (value > 0) this.cur.pos += value;
    else this.cur.neg -= value;
  }

  endClause(): void {
    if (this.cur.pos > 0 || this.cur.neg > 0) this.clauses.push(this.cur);
    this.cur = { pos: 0, neg: 0, weight: this.nextWeight * this.boost, sentence: this.sentence, minor: false };
    this.nextWeight = 1;
  }

  endSentence(exclaim: boolean): void {
    this.endClause();
    if (exclaim) {
      for (const c of this.clauses) if (c.sentence === this.sentence) c.weight *= 1.25;
    }
    this.sentence++;
    this.cur.sentence = this.sentence;
  }

  /** "A but B": A counts less, B more. Applies to the clauses of the current sentence. */
  contrast(before: number, after: number): void {
    this.endClause();
    for (const c of this.clauses) if (c.sentence === this.sentence) c.weight *= before;
    this.cur.weight = after;
  }

  /** "although A, B": the clause being opened counts less, the next one more. */
  concede(current: number, next: number, minor = false): void {
    this.endClause();
    this.cur.weight = current;
    this.cur.minor = minor;
    this.nextWeight = next;
  }

  /** The weighted lean of everything read so far: above 0 when praise dominates. */
  lean(): number {
    let net = (this.cur.pos - this.cur.neg) * this.cur.weight;
    for (const c of this.clauses) net += (c.pos - c.neg) * c.weight;
    return net;
  }

  /** "overall, B": everything before counts `before` times, everything after `after` times. */
  summarize(before: number, after: number): void {
    this.endClause();
    for (const c of this.clauses) c.weight *= before;
    this.boost = after;
    this.cur.weight = after;
  }

  into(t: Tally): void {
    this.endClause();
    for (const c of this.clauses) {
      t.pos += c.pos * c.weight;
      t.neg += c.neg * c.weight;
      // A minor complaint after clear praise does not make the text MIXED on its own.
      const net = (c.pos - c.neg) * (c.minor ? c.weight : 1);
      if (net > t.maxPosClause) t.maxPosClause = net;
      if (-net > t.maxNegClause) t.maxNegClause = -net;
    }
  }
}

/**
 * A negation that found no sentiment word to flip ("it doesn't fit", "they didn't call back") is
 * itself weak evidence of a complaint in customer feedback.
 */
const DANGLING_NEGATION = 0.6;

/** Praise (weighted net) above which a concession ("就是", "只是") introduces a minor complaint. */
const ZH_PRAISE_DOMINATES = 2;
/** Weight of that minor complaint. */
const ZH_MINOR_COMPLAINT = 0.6;
/** A summary marker ("总的来说") weighs the details before it down and the verdict after it up. */
const ZH_SUMMARY_BEFORE = 0.6;
const ZH_SUMMARY_AFTER = 2;

/** Chinese negators also form plain statements ("不远", "没想到"), so a loose one counts less. */
const ZH_DANGLING_NEGATION = 0.4;

const URL_OR_HANDLE = /https?:\/\/\S+|www\.\S+|[@#](?=\w)/g;
const EN_TOKEN = /[a-z0-9]+(?:'[a-z]+)?|[.!?;]+|,|\n/g;
const LIKE_SKIP_BEFORE = new Set([
  "look",
  "looks",
  "looked",
  "feel",
  "feels",
  "felt",
  "seem",
  "seems",
  "sound",
  "sounds",
  "just",
  "more",
  "would",
  "i'd",
  "something",
  "anything",
  "nothing",
  "things",
  "stuff",
  "is",
  "was",
  "be",
  "it's",
  "not",
  "didn't",
  "don't",
  "doesn't",
]);

function scoreEnglish(lower: string, t: Tally): void {
  const { en } = lex();
  const text = lower.replace(URL_OR_HANDLE, " ").replace(/[’‘`]/g, "'");
  const tokens = text.match(EN_TOKEN);
  if (!tokens) return;
  const book = new ClauseBook();
  let negWindow = 0;
  let negStrength = 1;
  let intensity = 1;
  let intWindow = 0;
  let modalWindow = 0;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i] as string;
    const c0 = tok.charCodeAt(0);
    if (c0 === 46 || c0 === 33 || c0 === 63 || c0 === 59 || c0 === 10) {
      if (tok.includes("?")) t.question = true;
      if (negWindow > 0) book.add(-DANGLING_NEGATION);
      book.endSentence(tok.includes("!"));
      negWindow = 0;
      modalWindow = 0;
      intWindow = 0;
      continue;
    }
    if (c0 === 44) {
      if (negWindow > 0) book.add(-DANGLING_NEGATION);
      book.endClause();
      negWindow = 0;
      modalWindow = 0;
      intWindow = 0;
      continue;
    }
    if (EN_CONTRAST.has(tok)) {
      if (tok === "yet" && (tokens[i - 1] === "not" || i + 1 >= tokens.length)) continue;
      book.contrast(0.6, 1.4);
      negWindow = 0;
      continue;
    }
    if (EN_CONCESSIVE.has(tok)) {
      book.concede(0.6, 1.2);
      continue;
    }
    if (EN_MODALS.has(tok)) {
      modalWindow = 4;
      continue;
    }
    if (EN_NEGATORS.has(tok)) {
      if (negWindow > 0) book.add(-DANGLING_NEGATION);
      negWindow = 3;
      negStrength = 1;
      continue;
    }
    const mult = EN_INTENSIFIERS.get(tok);
    if (mult !== undefined) {
      intensity = mult;
      intWindow = 2;
      if (tok !== "fucking" && tok !== "damn") continue;
    }
    let v = en.get(tok);
    if (v === undefined && tok.length > 3) v = en.get(stem(tok));
    if (v !== undefined && v !== 0) {
      if (tok === "like" || tok === "liked") {
        const prev = tokens[i - 1];
        const next = tokens[i + 1];
        if ((prev !== undefined && LIKE_SKIP_BEFORE.has(prev)) || next === "a" || next === "an" || next === "to") v = 0;
      }
      if (intWindow > 0) v *= intensity;
      if (modalWindow > 0) v *= v > 0 ? 0.25 : 0.6;
      if (negWindow > 0) {
        v = v > 0 ? -0.8 * v * negStrength : -0.4 * v * negStrength;
        negWindow = 0;
      }
      book.add(v);
    }
    if (negWindow > 0 && --negWindow === 0) book.add(-DANGLING_NEGATION);
    if (intWindow > 0) intWindow--;
    if (modalWindow > 0) modalWindow--;
  }
  if (negWindow > 0) book.add(-DANGLING_NEGATION);
  book.into(t);
  for (const [re, value] of EN_PATTERNS) {
    if (re.test(text)) {
      if (value > 0) t.pos += value;
      else t.neg -= value;
      if (value <= -1.5 && -value > t.maxNegClause) t.maxNegClause = -value;
    }
  }
}

const ZH_BREAK = new Set(Array.from("，。！？；、,.!?;~～…\n 　：:（）()【】[]", (c) => c.charCodeAt(0)));
const BANG = new Set([0xff01, 33]);
const QMARK = new Set([0xff1f, 63]);

function scoreChinese(simplified: string, t: Tally): void {
  const { zh } = lex();
  const book = new ClauseBook();
  let negAt = -100;
  let negStrength = 1;
  let negCount = 0;
  let intensity = 1;
  let intAt = -100;
  const n = simplified.length;
  for (let i = 0; i < n; ) {
    const code = simplified.charCodeAt(i);
    if (ZH_BREAK.has(code)) {
      if (negAt > 0 && negCount % 2 === 1) book.add(-ZH_DANGLING_NEGATION);
      if (BANG.has(code) || QMARK.has(code) || code === 0x3002 || code === 46 || code === 10) {
        if (QMARK.has(code)) t.question = true;
        book.endSentence(BANG.has(code));
      } else book.endClause();
      negAt = -100;
      negCount = 0;
      intAt = -100;
      i++;
      continue;
    }
    const list = zh.get(code);
    let entry: ZhEntry | undefined;
    if (list) {
      for (const e of list) {
        if (simplified.startsWith(e.word, i)) {
          entry = e;
          break;
        }
      }
    }
    if (!entry) {
      i++;
      continue;
    }
    const end = i + entry.word.length;
    switch (entry.kind) {
      case 1:
        negCount = i - negAt <= 6 ? negCount + 1 : 1;
        negAt = end;
        negStrength = entry.value;
        break;
      case 2: {
        // "好" is an intensifier only right before a sentiment word ("好难吃"); alone it is praise.
        const next = zh.get(simplified.charCodeAt(end))?.find((e) => simplified.startsWith(e.word, end));
        if (entry.word === "好" && !(next && (next.kind === 0 || next.kind === 2))) {
          applyZh(book, 1.5, i, negAt, negCount, negStrength, intensity, intAt);
          negAt = -100;
        } else {
          intensity = entry.value;
          intAt = end;
        }
        break;
      }
      case 3:
        book.contrast(0.7, 1.3);
        negAt = -100;
        break;
      case 4:
        // "挺好的，就是有点吵": after clear praise, the complaint that follows is a minor one.
        if (book.lean() >= ZH_PRAISE_DOMINATES) book.concede(ZH_MINOR_COMPLAINT, 1, true);
        else book.concede(1, 1);
        negAt = -100;
        break;
      case 6:
        book.summarize(ZH_SUMMARY_BEFORE, ZH_SUMMARY_AFTER);
        negAt = -100;
        break;
      case 0:
        applyZh(book, entry.value, i, negAt, negCount, negStrength, intensity, intAt);
        negAt = -100;
        negCount = 0;
        break;
      default:
        break;
    }
    i = end;
  }
  if (negAt > 0 && negCount % 2 === 1) book.add(-ZH_DANGLING_NEGATION);
  book.into(t);
  if (simplified.includes("?!") || simplified.includes("？！") || simplified.includes("！？")) t.neg += 1.2;
}

function applyZh(
  book: ClauseBook,
  value: number,
  at: number,
  negAt: number,
  negCount: number,
  negStrength: number,
  intensity: number,
  intAt: number,
): void {
  let v = value;
  if (at - intAt <= 2) v *= intensity;
  if (at - negAt <= 4 && negCount % 2 === 1) {
    v = v > 0 ? -0.9 * v * negStrength : -0.5 * v * negStrength;
  }
  book.add(v);
}

function scoreEmoji(text: string, t: Tally): void {
  const { positiveEmoji, negativeEmoji } = lex();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x2600) continue;
    const cp = text.codePointAt(i) as number;
    if (positiveEmoji.has(cp)) t.pos += 1.5;
    else if (negativeEmoji.has(cp)) t.neg += 1.5;
    if (cp > 0xffff) i++;
  }
  if (text.includes(":") || text.includes("：") || text.includes("^") || text.includes("<") || text.includes("T")) {
    const p = text.match(POSITIVE_EMOTICONS);
    const n = text.match(NEGATIVE_EMOTICONS);
    if (p) t.pos += 1.5 * p.length;
    if (n) t.neg += 1.5 * n.length;
  }
}

// ---------------------------------------------------------------------------------------------
// Language detection

const LATIN_STOPWORDS: Record<string, readonly string[]> = {
  en: "the and is was to of it for you my i in on this that with not but are have be at your our we they no very".split(
    " ",
  ),
  es: "el la los las de que y en un una es por con para no muy pero lo se del mi su al".split(" "),
  fr: "le la les de des et est un une en pour pas que qui je très mais du au il elle nous vous avec ce".split(" "),
  de: "der die das und ist nicht ein eine ich sehr mit zu den auf es für aber war wir sie auch".split(" "),
  pt: "o a os as de que e em um uma é não para com muito mas do da no na por foi".split(" "),
  it: "il lo la gli le di che e è un una per non con molto ma del della sono ho".split(" "),
  nl: "de het een en is niet van ik dat met voor maar zeer heel was wij zijn op".split(" "),
};

let stopwordIndex: Map<string, string[]> | undefined;

function stopwords(): Map<string, string[]> {
  if (!stopwordIndex) {
    const index = new Map<string, string[]>();
    for (const [lang, words] of Object.entries(LATIN_STOPWORDS)) {
      for (const w of words) index.set(w, [...(index.get(w) ?? []), lang]);
    }
    stopwordIndex = index;
  }
  return stopwordIndex;
}

interface ScriptProfile {
  han: number;
  kana: number;
  hangul: number;
  latin: number;
  cyrillic: number;
  arabic: number;
  thai: number;
  hebrew: number;
  greek: number;
  devanagari: number;
}

function profile(text: string): ScriptProfile {
  const p: ScriptProfile = {
    han: 0,
    kana: 0,
    hangul: 0,
    latin: 0,
    cyrillic: 0,
    arabic: 0,
    thai: 0,
    hebrew: 0,
    greek: 0,
    devanagari: 0,
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) p.latin++;
    } else if (c >= 0x4e00 && c <= 0x9fff) p.han++;
    else if (c >= 0x3400 && c <= 0x4dbf) p.han++;
    else if (c >= 0x3040 && c <= 0x30ff) p.kana++;
    else if ((c >= 0xac00 && c <= 0xd7af) || (c >= 0x1100 && c <= 0x11ff)) p.hangul++;
    else if (c >= 0xc0 && c <= 0x24f) p.latin++;
    else if (c >= 0x400 && c <= 0x4ff) p.cyrillic++;
    else if (c >= 0x600 && c <= 0x6ff) p.arabic++;
    else if (c >= 0xe00 && c <= 0xe7f) p.thai++;
    else if (c >= 0x590 && c <= 0x5ff) p.hebrew++;
    else if (c >= 0x370 && c <= 0x3ff) p.greek++;
    else if (c >= 0x900 && c <= 0x97f) p.devanagari++;
  }
  return p;
}

const hintLanguage = (hint: string | undefined): string | undefined => {
  if (!hint) return undefined;
  const h = hint.toLowerCase();
  if (h.startsWith("zh")) {
    return /hant|tw|hk|mo/.test(h) ? "zh-Hant" : "zh-Hans";
  }
  return h.split("-")[0];
};

/**
 * Detects the language from the text itself; the locale hint only breaks ties (a text with no
 * script-specific characters, or Chinese with no character that tells the scripts apart).
 */
export function detectLanguage(text: string, localeHint?: string): string {
  const hint = hintLanguage(localeHint);
  const p = profile(text);
  // Chinese characters carry a word each; Latin letters about a fifth of one.
  const cjk = p.han + p.kana + p.hangul;
  if (cjk > 0 && cjk * 4 >= p.latin) {
    if (p.kana > 0 && p.kana * 5 >= p.han) return "ja";
    if (p.hangul > p.han) return "ko";
    if (p.han > 0) {
      const { traditional, simplified } = scriptCounts(text);
      if (traditional > simplified) return "zh-Hant";
      if (simplified > traditional) return "zh-Hans";
      return hint === "zh-Hant" ? "zh-Hant" : "zh-Hans";
    }
  }
  const others: [string, number][] = [
    ["ru", p.cyrillic],
    ["ar", p.arabic],
    ["th", p.thai],
    ["he", p.hebrew],
    ["el", p.greek],
    ["hi", p.devanagari],
  ];
  let best: [string, number] = ["", 0];
  for (const o of others) if (o[1] > best[1]) best = o;
  if (best[1] > p.latin) {
    if (best[0] === "ru" && /[іїєґ]/i.test(text)) return "uk";
    return best[0];
  }
  if (p.latin === 0) return hint ?? "und";
  const counts = new Map<string, number>();
  const index = stopwords();
  const { en } = lex();
  const words =
    text
      .replace(/https?:\/\/\S+|[@#]\w+/g, " ")
      .toLowerCase()
      .match(/[a-zà-ÿ']+/g) ?? [];
  for (const w of words) {
    const langs = index.get(w);
    if (langs) for (const l of langs) counts.set(l, (counts.get(l) ?? 0) + 1);
    else if (en.has(w)) counts.set("en", (counts.get("en") ?? 0) + 0.5);
  }
  let top = 0;
  let winners: string[] = [];
  for (const [lang, n] of counts) {
    if (n > top) {
      top = n;
      winners = [lang];
    } else if (n === top) winners.push(lang);
  }
  if (top === 0) {
    // No function words ("followed.", "slow delivery"): the hint decides; plain ASCII words
    // without any other evidence read as English, anything else stays undetermined.
    if (hint) return hint;
    return words.length > 0 && !/[^\p{ASCII}]/u.test(text) ? "en" : "und";
  }
  if (winners.length === 1) return winners[0] as string;
  if (hint && winners.includes(hint)) return hint;
  return winners.includes("en") ? "en" : (winners[0] as string);
}

// ---------------------------------------------------------------------------------------------
// Verdict

const HAN_RE = /[\u3400-\u9fff]/;
const LATIN_RE = /[a-z]/i;

/** Scores a text. Exposed for tests and the measurement script; the Analyzer wraps it. */
export function analyzeText(text: string): { sentiment: Sentiment; scores: SentimentScores } {
  const t = newTally();
  const lower = text.toLowerCase();
  if (LATIN_RE.test(text)) scoreEnglish(lower, t);
  if (HAN_RE.test(text)) scoreChinese(toSimplified(lower), t);
  scoreEmoji(text, t);
  return verdict(t);
}

function verdict(t: Tally): { sentiment: Sentiment; scores: SentimentScores } {
  const { pos, neg } = t;
  const total = pos + neg;
  const net = pos - neg;
  const share = total > 0 ? pos / total : 0.5;
  const strongBoth = t.maxPosClause >= 1.8 && t.maxNegClause >= 1.8;
  // Balance is judged on the strongest clauses before contrast weighting: "great food but rude
  // staff" is mixed even though the "but" clause decides which side leans.
  const balanced =
    strongBoth && Math.min(t.maxPosClause, t.maxNegClause) / Math.max(t.maxPosClause, t.maxNegClause) >= 0.5;

  let sentiment: Sentiment;
  if (total < 0.6 || Math.abs(net) < 0.5) sentiment = strongBoth && balanced ? "MIXED" : "NEUTRAL";
  else if (strongBoth && balanced) sentiment = "MIXED";
  else sentiment = net > 0 ? "POSITIVE" : "NEGATIVE";

  const neutralMass = 1.2 / (1.2 + total);
  const polar = 1 - neutralMass;
  const mixedShare = sentiment === "MIXED" ? 0.55 : 0.3 * Math.min(share, 1 - share);
  const scores: SentimentScores = {
    positive: polar * (1 - mixedShare) * share,
    negative: polar * (1 - mixedShare) * (1 - share),
    neutral: neutralMass,
    mixed: polar * mixedShare,
  };
  // Make the verdict's own score the largest, keeping positive vs negative in their proportion.
  const key = sentiment === "POSITIVE" ? "positive" : sentiment === "NEGATIVE" ? "negative" : sentiment.toLowerCase();
  const k = key as keyof SentimentScores;
  const max = Math.max(scores.positive, scores.negative, scores.neutral, scores.mixed);
  if (scores[k] < max) scores[k] = max + 0.05;
  const sum = scores.positive + scores.negative + scores.neutral + scores.mixed;
  return {
    sentiment,
    scores: {
      positive: round(scores.positive / sum),
      negative: round(scores.negative / sum),
      neutral: round(scores.neutral / sum),
      mixed: round(scores.mixed / sum),
    },
  };
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

// ---------------------------------------------------------------------------------------------
// The adapter

export class LocalAnalyzer implements Analyzer {
  readonly name = "local";

  async analyze(requests: readonly AnalysisRequest[]): Promise<AnalysisResult[]> {
    return requests.map((request) => this.analyzeOne(request));
  }

  analyzeOne(request: AnalysisRequest): AnalysisResult {
    try {
      const text = typeof request.text === "string" ? request.text : "";
      const { sentiment, scores } = analyzeText(text);
      const result: TextAnalysis = {
        id: request.id,
        language: detectLanguage(text, request.localeHint),
        sentiment,
        scores,
        engine: LOCAL_ENGINE,
      };
      return result;
    } catch (err) {
      return {
        id: request.id,
        error: {
          code: "LOCAL_ANALYZER_FAILED",
          message: err instanceof Error ? err.message : String(err),
          retryable: false,
        },
      };
    }
  }
}
