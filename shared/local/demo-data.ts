import { FeedbackInput } from "#shared/feedback/model/schema";

/**
 * A realistic, deterministic week of feedback for "Lumo", a fictional Chinese/English e-commerce and
 * food-delivery brand. Used by the local demo (`npm run demo`) and by tests. All text is invented for
 * this product. Times are derived from `now` with fixed offsets, so the same `now` gives the same week.
 */

type Customer = { id: string; tier: string; email?: string; name?: string };

const CUSTOMERS: Customer[] = [
  { id: "lumo-c-1001", tier: "gold", email: "mei.lin@example.com", name: "林美" },
  { id: "lumo-c-1002", tier: "standard" },
  { id: "lumo-c-1003", tier: "standard", email: "zhou.hao@example.cn" },
  { id: "lumo-c-1004", tier: "gold", name: "Alex Chen", email: "alex.chen@example.com" },
  { id: "lumo-c-1005", tier: "standard" },
  { id: "lumo-c-1006", tier: "silver" },
  { id: "lumo-c-1007", tier: "standard", email: "wenwen88@example.cn" },
  { id: "lumo-c-1008", tier: "gold" },
  { id: "lumo-c-1009", tier: "standard", name: "Sarah Ng" },
  { id: "lumo-c-1010", tier: "silver", email: "k.wong@example.hk" },
  { id: "lumo-c-1011", tier: "standard" },
  { id: "lumo-c-1012", tier: "standard" },
  { id: "lumo-c-1013", tier: "gold", name: "陈志强" },
  { id: "lumo-c-1014", tier: "standard", email: "tom.b@example.com" },
  { id: "lumo-c-1015", tier: "silver" },
  { id: "lumo-c-1016", tier: "standard" },
  { id: "lumo-c-1017", tier: "standard", name: "王磊" },
  { id: "lumo-c-1018", tier: "gold", email: "yuki.z@example.com" },
  { id: "lumo-c-1019", tier: "standard" },
  { id: "lumo-c-1020", tier: "standard" },
  { id: "lumo-c-1021", tier: "silver", name: "黃家豪" },
  { id: "lumo-c-1022", tier: "standard" },
  { id: "lumo-c-1023", tier: "gold" },
  { id: "lumo-c-1024", tier: "standard", email: "jess.li@example.com" },
];

/** [score, comment, locale, customer index, touchpoint] */
type NpsRow = [score: number, comment: string | undefined, locale: string, customer: number, touchpoint: string];

const NPS: NpsRow[] = [
  [10, "配送超快，30分钟就到了，骑手小哥还提醒我汤别洒了 👍", "zh-CN", 0, "delivery"],
  [9, "Lumo 的生鲜一直很新鲜，会推荐给同事", "zh-CN", 1, "app"],
  [3, "外卖晚了一个多小时，饭菜都凉了，客服只会说抱歉", "zh-CN", 2, "delivery"],
  [0, "同一笔订单被扣了两次钱！！！到现在还没退回来，我的电话 138 1234 5678 请尽快回电", "zh-CN", 3, "checkout"],
  [10, undefined, "en", 4, "app"],
  [7, "还行吧，就是运费有点贵", "zh-CN", 5, "checkout"],
  [2, "Package marked as delivered but nothing at my door. Second time this month.", "en-US", 13, "delivery"],
  [10, undefined, "zh-CN", 7, "delivery"],
  [9, "物流信息更新很及时，比预计早一天到 🚚", "zh-CN", 6, "delivery"],
  [9, "Love the app, super smooth checkout and the 满减 coupons are great", "en", 8, "app"],
  [6, "東西不錯，但是退貨流程太麻煩了，等了一週還沒退款", "zh-TW", 9, "support-chat"],
  [1, "客服态度很差，问了三遍都不耐烦，直接挂我电话", "zh-CN", 10, "support-chat"],
  [8, "整体满意，偶尔配送会晚一点", "zh-CN", 11, "delivery"],
  [4, "App 一直闪退，更新到最新版还是打不开购物车", "zh-CN", 14, "app"],
  [10, "Best grocery delivery in Shanghai, riders are always polite", "en-GB", 17, "delivery"],
  [9, undefined, "zh-CN", 15, "app"],
  [3, "买的耳机收到就是坏的，左耳没声音，换货又要等一周", "zh-CN", 16, "delivery"],
  [9, "会员日的优惠力度很大，一口气买了好多 🛒", "zh-CN", 12, "checkout"],
  [
    2,
    "The promo price disappeared at checkout, total was ¥30 more than shown. Feels like bait and switch.",
    "en",
    23,
    "checkout",
  ],
  [6, "想买的东西总是缺货，到货提醒也没用", "zh-CN", 18, "app"],
  [10, "退款秒到账，客服小姐姐很耐心，必须推荐", "zh-CN", 19, "support-chat"],
  [8, "送貨速度可以，包裝也很好", "zh-HK", 20, "delivery"],
  [0, "外卖里吃出了头发，太恶心了，要求退款还被拒", "zh-CN", 21, "support-chat"],
  [9, undefined, "zh-CN", 22, "delivery"],
  [5, "骑手把餐放在楼下就走了，打电话也不接，根本没送上楼", "zh-CN", 1, "delivery"],
  [7, "Good selection but the evening delivery slots are always full", "en", 8, "delivery"],
  [4, "付款时一直提示失败，结果银行卡扣款了订单却没生成 💳", "zh-CN", 5, "checkout"],
  [10, "From order to doorstep in 25 mins 🔥 Lumo never misses", "en", 17, "delivery"],
  [10, "下雨天骑手还准时送到，餐一点没洒，给个大大的好评 ☔", "zh-CN", 0, "delivery"],
  [9, "价格比楼下超市便宜一点，挺好", "zh-CN", 11, "checkout"],
  [6, "水果有一半是烂的，申请售后要上传一堆照片，太麻烦", "zh-CN", 2, "support-chat"],
  [9, "Customer service sorted out my wrong order within 10 minutes. Impressed.", "en", 13, "support-chat"],
  [10, "次日达真的第二天就到了，包装也很用心 📦", "zh-CN", 6, "delivery"],
  [10, "一直用 Lumo 点外卖，准时又好吃 😋", "zh-CN", 7, "delivery"],
  [7, "外包装太多了，一个小东西用了三层塑料袋，不环保", "zh-CN", 15, "delivery"],
  [7, "优惠券规则有点复杂，凑满减凑了半天，不过总体还行", "zh-CN", 18, "checkout"],
  [9, undefined, "en", 23, "app"],
  [
    1,
    "Charged twice for the same order and support keeps telling me to wait 7-15 business days. Email me at alex.chen@example.com",
    "en",
    3,
    "checkout",
  ],
  [8, "搜索功能不太好用，经常搜不到想要的商品", "zh-CN", 10, "app"],
  [10, "客服回复很快，问题当场解决 ✨", "zh-CN", 19, "support-chat"],
  [4, "快遞員沒打電話就把包裹放門口，結果被偷了", "zh-TW", 9, "delivery"],
  [10, undefined, "zh-CN", 22, "delivery"],
  [9, "Prices are fair and the app is easy to use, 推荐!", "en", 4, "app"],
  [3, "退款申请提交了10天还在审核中，客服每次都说帮我加急", "zh-CN", 16, "support-chat"],
  [8, "配送准时，就是偶尔少送餐具", "zh-CN", 20, "delivery"],
];

/** [score, comment, locale, customer index, touchpoint, team, agentId] */
type CsatRow = [
  score: number,
  comment: string | undefined,
  locale: string,
  customer: number,
  touchpoint: string,
  team?: string,
  agentId?: string,
];

const CSAT: CsatRow[] = [
  [5, "客服小王很专业，五分钟就帮我改好了收货地址", "zh-CN", 0, "support-chat", "customer-care", "agent-wang"],
  [1, "等了40分钟才有人接，转了三个人都没解决", "zh-CN", 1, "phone", "customer-care", "agent-zhao"],
  [
    4,
    "Resolved my missing item quickly, though I had to explain it twice.",
    "en",
    13,
    "support-chat",
    "logistics",
    "agent-lee",
  ],
  [5, undefined, "zh-CN", 7, "support-chat", "customer-care", "agent-wang"],
  [2, "退款说24小时到账，结果三天了还没到", "zh-CN", 2, "support-chat", "after-sales", "agent-sun"],
  [5, "態度很好，很有耐心幫我查物流", "zh-TW", 9, "support-chat", "logistics", "agent-lee"],
  [4, "问题解决了，但是机器人客服绕了半天才转人工 🤖", "zh-CN", 11, "support-chat", "customer-care", "agent-zhao"],
  [
    1,
    "重复扣款的问题说会处理，到现在一分钱没退，还让我自己去找银行",
    "zh-CN",
    3,
    "support-chat",
    "billing",
    "agent-he",
  ],
  [
    5,
    "Agent was lovely and gave me a coupon for the late delivery 🙏",
    "en",
    17,
    "support-chat",
    "logistics",
    "agent-lee",
  ],
  [4, "还可以，回复速度挺快", "zh-CN", 5, "support-chat", "customer-care", "agent-liu"],
  [2, "客服一直复制粘贴模板回复，根本没看我的问题", "zh-CN", 6, "support-chat", "customer-care", "agent-zhao"],
  [5, undefined, "zh-CN", 12, "delivery"],
  [4, "换货很顺利，就是快递上门取件晚了一天", "zh-CN", 14, "support-chat", "after-sales", "agent-sun"],
  [
    1,
    "The agent was rude and closed the chat while I was still typing.",
    "en",
    23,
    "support-chat",
    "customer-care",
    "agent-zhao",
  ],
  [5, "骑手超准时，餐还是热的", "zh-CN", 15, "delivery"],
  [3, "商品和图片颜色差很多，客服说可以退但运费要我自己出", "zh-CN", 16, "support-chat", "after-sales", "agent-sun"],
  [5, "退款当天就到账了，很满意 👍", "zh-CN", 19, "support-chat", "after-sales", "agent-chen"],
  [2, "App 付款页面一直转圈，客服只让我卸载重装", "zh-CN", 10, "app", "app-support", "agent-xu"],
  [
    4,
    "Quick fix for my double charge, the refund showed up in 2 days.",
    "en-US",
    8,
    "support-chat",
    "billing",
    "agent-he",
  ],
  [5, "專員主動打電話回訪，服務很周到", "zh-HK", 20, "phone", "customer-care", "agent-liu"],
  [1, "电话 139 8765 4321，打了五次客服没人回电，投诉无门", "zh-CN", 21, "phone", "customer-care", "agent-zhao"],
  [5, undefined, "en", 4, "support-chat", "customer-care", "agent-lee"],
  [4, "问题解决了，但是排队等的时间有点长", "zh-CN", 18, "support-chat", "customer-care", "agent-wang"],
  [
    2,
    "买的电饭煲用了两天就坏了，客服说要寄回检测，来回要两周",
    "zh-CN",
    22,
    "support-chat",
    "after-sales",
    "agent-sun",
  ],
  [5, "Super helpful, explained the promo rules clearly", "en", 13, "support-chat", "customer-care", "agent-lee"],
  [3, "缺货的商品被直接取消了，没有提前通知，只退了钱", "zh-CN", 1, "checkout", "after-sales", "agent-chen"],
  [5, "客服小姐姐声音好温柔，耐心教我怎么用优惠券 ❤️", "zh-CN", 0, "phone", "customer-care", "agent-liu"],
  [4, undefined, "zh-CN", 11, "delivery"],
  [
    1,
    "Food arrived cold and spilled everywhere. Support offered a ¥5 voucher, what a joke.",
    "en",
    23,
    "support-chat",
    "logistics",
    "agent-lee",
  ],
  [5, "一次就解决了，点赞", "zh-CN", 2, "support-chat", "customer-care", "agent-wang"],
  [4, "物流查询很快有结果，谢谢", "zh-CN", 7, "support-chat", "logistics", "agent-lee"],
  [2, "說好會回電結果沒有，等了兩天", "zh-TW", 9, "phone", "customer-care", "agent-zhao"],
  [5, "Chat support fixed my login issue in minutes", "en", 8, "app", "app-support", "agent-xu"],
  [3, "态度还行，但是退货流程要拍照、填单、等审核，太繁琐", "zh-CN", 5, "support-chat", "after-sales", "agent-chen"],
  [5, undefined, "zh-CN", 19, "support-chat", "after-sales", "agent-chen"],
  [1, "外卖送错了，客服让我自己联系商家，这算什么服务", "zh-CN", 6, "support-chat", "customer-care", "agent-zhao"],
  [4, "mostly fine，就是 app 里找不到开发票的入口", "en", 17, "app", "app-support", "agent-xu"],
  [5, "小李处理得很好，还帮我申请了补偿券", "zh-CN", 12, "support-chat", "logistics", "agent-lee"],
  [2, "收到的牛奶过期了！食品安全都不管吗", "zh-CN", 16, "delivery", "after-sales", "agent-sun"],
  [5, "Great service as always 😊", "en", 3, "support-chat", "customer-care", "agent-liu"],
  [4, "可以，不过人工客服下班时间太早了", "zh-CN", 14, "phone", "customer-care", "agent-wang"],
  [3, "Refund approved but only partial, no explanation why.", "en", 4, "support-chat", "after-sales", "agent-chen"],
  [5, "包裹丢了，客服马上补发了一份，处理很快", "zh-CN", 22, "support-chat", "logistics", "agent-lee"],
  [4, undefined, "zh-CN", 20, "checkout"],
  [5, "你们的 after-sales 真的很 nice，换新只用了两天 ✌️", "zh-CN", 15, "support-chat", "after-sales", "agent-sun"],
];

type SocialRow = {
  platform: string;
  text: string;
  locale: string;
  handle: string;
  followers?: number;
  postId: string;
};

const SOCIAL: SocialRow[] = [
  {
    platform: "weibo",
    text: "#Lumo外卖# 又晚了一个小时！！！下雨天就不配送了是吧 😡 @Lumo官方",
    locale: "zh-CN",
    handle: "吃货小分队",
    followers: 3_820,
    postId: "5021734418",
  },
  {
    platform: "weibo",
    text: "Lumo 的双十一活动价比平时还贵，先涨价再打折这套还玩不腻吗",
    locale: "zh-CN",
    handle: "理性消费君",
    followers: 12_406,
    postId: "5021735092",
  },
  {
    platform: "xiaohongshu",
    text: "Lumo 生鲜真的yyds🥬 早上下单中午就到，菜叶子水灵灵的 #买菜日常",
    locale: "zh-CN",
    handle: "小厨娘Amy",
    followers: 8_930,
    postId: "6741a2c9000000001b00d3e1",
  },
  {
    platform: "xiaohongshu",
    text: "踩雷了😭 在 Lumo 买的面霜和图片完全不一样，外包装还是破的，申请退货一周没人理",
    locale: "zh-CN",
    handle: "护肤日记_Coco",
    followers: 2_150,
    postId: "6741b7f3000000001d02a8c4",
  },
  {
    platform: "douyin",
    text: "实测 Lumo 的30分钟达，真的29分钟就送到了！⏱️ #外卖测评",
    locale: "zh-CN",
    handle: "城市测评官",
    followers: 156_000,
    postId: "7439218840012873011",
  },
  {
    platform: "x",
    text: "@LumoHelp charged me twice for one order. It's been 5 days. Refund please?? #customerservice",
    locale: "en",
    handle: "danielwu_sh",
    followers: 412,
    postId: "1862014455830172001",
  },
  {
    platform: "reddit",
    text: "PSA: the Lumo app keeps logging me out after the latest update (iOS 18). Anyone else? Cart gets wiped every time.",
    locale: "en",
    handle: "u/expat_in_shenzhen",
    postId: "1h3kq7z",
  },
  {
    platform: "app-store",
    text: "Crashes every time I open the payment page. 1 star until it's fixed.",
    locale: "en",
    handle: "grumpy_shopper_22",
    postId: "appstore-11482093376",
  },
  {
    platform: "app-store",
    text: "界面好看，下单方便，推荐 ⭐⭐⭐⭐⭐",
    locale: "zh-CN",
    handle: "喵喵不吃鱼",
    postId: "appstore-11482107718",
  },
  {
    platform: "weibo",
    text: "Lumo 客服是我见过态度最差的，问个问题直接被怼回来，无语",
    locale: "zh-CN",
    handle: "今天也要开心鸭",
    followers: 640,
    postId: "5021738803",
  },
  {
    platform: "weibo",
    text: "Lumo 的外送員超有禮貌，還順手幫我把垃圾帶下樓 🥹",
    locale: "zh-TW",
    handle: "台北小日常",
    followers: 5_310,
    postId: "5021740127",
  },
  {
    platform: "xiaohongshu",
    text: "Lumo 会员日攻略｜叠券之后比超市便宜一半 💰 附详细凑单清单",
    locale: "zh-CN",
    handle: "省钱小能手",
    followers: 48_200,
    postId: "6742c0a1000000001c01f6b2",
  },
  {
    platform: "douyin",
    text: "在 Lumo 买的充电宝用了三天就发烫鼓包了，吓死我了，大家小心 ⚠️",
    locale: "zh-CN",
    handle: "数码老张",
    followers: 23_700,
    postId: "7439311207765140519",
  },
  {
    platform: "x",
    text: "Ordered from @Lumo at 7pm, it's now 9:30pm and the tracking hasn't moved. Dinner cancelled I guess 🙃",
    locale: "en",
    handle: "mkearney",
    followers: 1_088,
    postId: "1862231907412265010",
  },
  {
    platform: "reddit",
    text: "Lumo vs other delivery apps in Shenzhen: Lumo is faster, but prices went up ~15% this month.",
    locale: "en",
    handle: "u/dumpling_hunter",
    postId: "1h4a9xm",
  },
  {
    platform: "app-store",
    text: "优惠券领了用不了，一直提示「不满足使用条件」，到底什么条件？",
    locale: "zh-CN",
    handle: "路过的小明",
    postId: "appstore-11482255043",
  },
  {
    platform: "weibo",
    text: "想买的 Switch 手柄已经缺货两周了，到货通知一次都没收到 @Lumo官方",
    locale: "zh-CN",
    handle: "游戏宅阿杰",
    followers: 2_904,
    postId: "5021743566",
  },
  {
    platform: "xiaohongshu",
    text: "Lumo 退款超快，申请完十分钟就到账了，良心平台 ✅",
    locale: "zh-CN",
    handle: "Yoyo的日常",
    followers: 1_330,
    postId: "6742d51e000000001b03c7a9",
  },
  {
    platform: "douyin",
    text: "外卖盒子漏了，汤洒了一袋子，骑手还催我给五星好评",
    locale: "zh-CN",
    handle: "打工人小李",
    followers: 310,
    postId: "7439402381150912780",
  },
  {
    platform: "x",
    text: "Shoutout to Lumo support: lost parcel replaced the next day, no questions asked. 👏",
    locale: "en",
    handle: "jen_travels",
    followers: 2_471,
    postId: "1862390155208441121",
  },
  {
    platform: "weibo",
    text: "Lumo 重复扣款 ¥268 两次，客服说要 7-15 个工作日才能退，凭什么我来垫钱？",
    locale: "zh-CN",
    handle: "上海打工人2026",
    followers: 876,
    postId: "5021746290",
  },
  {
    platform: "app-store",
    text: "Search is useless, typing 牛奶 shows me phone cases. Please fix.",
    locale: "en",
    handle: "milk_seeker",
    postId: "appstore-11482391260",
  },
  {
    platform: "xiaohongshu",
    text: "Lumo 的包装终于换成可降解的了🌱 环保点赞",
    locale: "zh-CN",
    handle: "绿色生活家",
    followers: 6_712,
    postId: "6742f3b8000000001d00e2f5",
  },
  {
    platform: "reddit",
    text: "Tried Lumo for groceries for a month. Fresh stuff is good, but 3 out of 8 deliveries were late.",
    locale: "en",
    handle: "u/weekly_meal_prep",
    postId: "1h5c2rt",
  },
  {
    platform: "weibo",
    text: "快递放驿站也不通知，找了半天才找到，Lumo 能不能管管合作的快递公司",
    locale: "zh-CN",
    handle: "社恐患者",
    followers: 1_207,
    postId: "5021749914",
  },
  {
    platform: "douyin",
    text: "看到 Lumo 的骑手闯红灯送餐，太危险了，平台考核时间是不是太紧了",
    locale: "zh-CN",
    handle: "街拍阿伟",
    followers: 41_090,
    postId: "7439517720318836005",
  },
  {
    platform: "app-store",
    text: "更新后一打开就闪退，iPhone 15 根本用不了",
    locale: "zh-CN",
    handle: "果粉小王",
    postId: "appstore-11482502214",
  },
  {
    platform: "x",
    text: "Lumo's new loyalty tier is actually worth it: free delivery on everything 🚀",
    locale: "en",
    handle: "hk_foodie",
    followers: 9_815,
    postId: "1862577302984110331",
  },
  {
    platform: "weibo",
    text: "說好的限時特價，付款時又恢復原價了，這不是騙人嗎？",
    locale: "zh-TW",
    handle: "精打細算的貓",
    followers: 1_962,
    postId: "5021752371",
  },
  {
    platform: "xiaohongshu",
    text: "Lumo 家的水果一打开就烂了两个，不过客服秒回秒赔，体验还不错",
    locale: "zh-CN",
    handle: "水果控Lily",
    followers: 3_044,
    postId: "6743081d000000001c02b9e8",
  },
];

const postUrl = (r: SocialRow): string | undefined => {
  switch (r.platform) {
    case "weibo":
      return `https://weibo.com/lumo/${r.postId}`;
    case "xiaohongshu":
      return `https://www.xiaohongshu.com/explore/${r.postId}`;
    case "douyin":
      return `https://www.douyin.com/video/${r.postId}`;
    case "x":
      return `https://x.com/${r.handle}/status/${r.postId}`;
    case "reddit":
      return `https://www.reddit.com/r/shenzhen/comments/${r.postId}/`;
    default:
      return undefined;
  }
};

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Fixed offset for the k-th item: between 1 h and just under 165 h before `now` (53 and 164 are coprime). */
const ago = (now: Date, k: number): string =>
  new Date(now.getTime() - (1 + ((k * 53) % 164)) * HOUR - ((k * 29) % 60) * MINUTE).toISOString();

const seq = (n: number): string => String(n).padStart(3, "0");

const customer = (i: number): Customer => {
  const c = CUSTOMERS[i % CUSTOMERS.length] as Customer;
  return { ...c };
};

/** About 120 feedback items (45 NPS, 45 CSAT, 30 social) spread over the 7 days before `now`. */
export function demoWeek(now: Date = new Date()): FeedbackInput[] {
  const items: FeedbackInput[] = [];
  let k = 0;

  NPS.forEach(([score, comment, locale, c, touchpoint], i) => {
    items.push({
      channel: "nps",
      score,
      ...(comment !== undefined ? { comment } : {}),
      customer: customer(c),
      touchpoint,
      locale,
      ...(i % 2 === 0 ? { sourceId: `demo-nps-${seq(i + 1)}` } : {}),
      occurredAt: ago(now, k++),
    });
  });

  CSAT.forEach(([score, comment, locale, c, touchpoint, team, agentId], i) => {
    items.push({
      channel: "csat",
      score,
      ...(comment !== undefined ? { comment } : {}),
      customer: customer(c),
      touchpoint,
      locale,
      ...(i % 2 === 1 ? { sourceId: `demo-csat-${seq(i + 1)}` } : {}),
      ...(team !== undefined ? { service: { ticketId: `TK-${48_210 + i * 7}`, agentId, team } } : {}),
      occurredAt: ago(now, k++),
    });
  });

  for (const r of SOCIAL) {
    const url = postUrl(r);
    items.push({
      channel: "social",
      platform: r.platform,
      text: r.text,
      ...(url !== undefined ? { url } : {}),
      author: { handle: r.handle, ...(r.followers !== undefined ? { followers: r.followers } : {}) },
      locale: r.locale,
      sourceId: `${r.platform}-${r.postId}`,
      occurredAt: ago(now, k++),
    });
  }

  return items.map((item) => FeedbackInput.parse(item));
}

const WEEK = 7 * 24 * HOUR;

/** A small deterministic generator (LCG), so the demo's history is the same on every machine. */
const lcg = (seed: number) => {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
};

/**
 * Nine weeks of the demo brand's feedback, for a digest with trends: the commented week above
 * repeated for each earlier week (a different quarter of it left out each week, so weeks differ),
 * plus the quiet majority who answer a survey without a comment — their scores drift from week to
 * week, and the last week dips. Oldest week first, as it would have arrived. Every item has a
 * sourceId, so loading it twice changes nothing.
 */
export function demoHistory(now: Date = new Date(), weeks = 9): FeedbackInput[] {
  const items: FeedbackInput[] = [];
  for (let w = weeks - 1; w >= 0; w--) {
    const at = new Date(now.getTime() - w * WEEK);
    demoWeek(at).forEach((item, i) => {
      if (w > 0 && (i + w) % 4 === 0) return;
      const sourceId = item.sourceId ?? `demo-${item.channel}-${seq(i + 1)}`;
      items.push({ ...item, sourceId: w === 0 ? sourceId : `${sourceId}-w${w}` } as FeedbackInput);
    });
    const random = lcg(2026 + w);
    // Promoters and detractors among score-only NPS answers: a slow rise, then last week's dip.
    const promoterShare = w <= 1 ? 0.42 : 0.5 + 0.02 * Math.sin(w);
    const detractorShare = w <= 1 ? 0.3 : 0.18;
    for (let j = 0; j < 30; j++) {
      const r = random();
      const score =
        r < detractorShare
          ? Math.floor(random() * 7)
          : r < 1 - promoterShare
            ? 7 + Math.floor(random() * 2)
            : 9 + Math.floor(random() * 2);
      items.push(
        FeedbackInput.parse({
          channel: "nps",
          score,
          customer: { id: `lumo-q${w}-${seq(j + 1)}`, tier: "standard" },
          touchpoint: ["delivery", "app", "checkout"][j % 3],
          locale: "zh-CN",
          sourceId: `demo-quiet-nps-${seq(j + 1)}-w${w}`,
          occurredAt: ago(at, 200 + j),
        }),
      );
    }
    for (let j = 0; j < 25; j++) {
      const r = random();
      const score =
        r < (w <= 1 ? 0.18 : 0.1) ? 1 + Math.floor(random() * 2) : r < 0.3 ? 3 : 4 + Math.floor(random() * 2);
      items.push(
        FeedbackInput.parse({
          channel: "csat",
          score,
          customer: { id: `lumo-q${w}-${seq(j + 101)}`, tier: "standard" },
          touchpoint: "support-chat",
          locale: "zh-CN",
          sourceId: `demo-quiet-csat-${seq(j + 1)}-w${w}`,
          occurredAt: ago(at, 300 + j),
        }),
      );
    }
  }
  return items;
}
