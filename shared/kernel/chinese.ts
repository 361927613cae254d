/**
 * Traditional -> Simplified Chinese for matching, without a dictionary dependency.
 *
 * A compact one-to-one character map (about 1,300 pairs) covering the characters that appear in
 * everyday reviews and service messages: food, delivery, hotels, shopping, apps, money, feelings.
 * Phrase-level regional variants (軟體/软件) are not converted; the lexicons list both where it
 * matters. The lookup table is built on first use, so importing this module costs nothing.
 */

// Pairs of (traditional, simplified) characters, written back to back.
const PAIRS = [
  "愛爱礙碍襖袄罷罢擺摆敗败頒颁辦办絆绊幫帮綁绑鎊镑謗谤飽饱寶宝報报鮑鲍貝贝備备憊惫筆笔畢毕閉闭邊边編编貶贬變变辯辩辮辫標标錶表彆别賓宾檳槟餅饼撥拨缽钵駁驳補补財财參参蠶蚕殘残慚惭慘惨燦灿倉仓艙舱滄沧廁厕側侧冊册測测層层詫诧攙搀摻掺饞馋纏缠產产",
  "闡阐顫颤場场嘗尝嚐尝長长償偿腸肠廠厂暢畅鈔钞車车徹彻塵尘陳陈襯衬稱称懲惩誠诚騁骋遲迟馳驰恥耻齒齿熾炽衝冲蟲虫寵宠疇畴籌筹綢绸醜丑櫥橱廚厨鋤锄雛雏礎础儲储觸触處处傳传瘡疮闖闯創创錘锤純纯綽绰辭辞詞词賜赐聰聪蔥葱從从叢丛湊凑竄窜錯错達达帶带貸贷",
  "擔担單单撣掸膽胆憚惮誕诞彈弹當当擋挡黨党蕩荡檔档搗捣島岛禱祷導导盜盗燈灯鄧邓敵敌滌涤遞递締缔點点墊垫電电澱淀釣钓調调諜谍疊叠釘钉頂顶錠锭訂订東东動动棟栋凍冻鬥斗犢犊獨独讀读賭赌鍍镀鍛锻斷断緞缎兌兑隊队對对噸吨頓顿鈍钝奪夺墮堕鵝鹅額额訛讹惡恶",
  "噁恶餓饿兒儿爾尔餌饵貳贰發发髮发罰罚閥阀煩烦範范販贩飯饭訪访紡纺飛飞誹诽廢废費费紛纷墳坟奮奋憤愤糞粪豐丰楓枫鋒锋風风瘋疯馮冯縫缝諷讽鳳凤膚肤輻辐撫抚輔辅賦赋復复複复負负訃讣婦妇縛缚該该鈣钙蓋盖幹干乾干趕赶稈秆贛赣岡冈剛刚鋼钢綱纲崗岗擱搁鴿鸽",
  "閣阁個个箇个給给鞏巩貢贡溝沟構构購购夠够顧顾僱雇剮剐掛挂關关觀观館馆慣惯貫贯廣广規规歸归龜龟閨闺軌轨詭诡櫃柜貴贵劊刽滾滚鍋锅國国過过駭骇韓韩漢汉號号閡阂鶴鹤賀贺橫横轟轰鴻鸿紅红後后壺壶護护滬沪戶户嘩哗華华畫画劃划話话懷怀壞坏歡欢環环還还緩缓",
  "換换喚唤瘓痪煥焕渙涣黃黄謊谎揮挥輝辉毀毁賄贿穢秽會会燴烩匯汇彙汇諱讳誨诲繪绘葷荤渾浑夥伙獲获貨货禍祸擊击機机積积饑饥譏讥雞鸡鷄鸡績绩緝缉極极輯辑級级擠挤幾几劑剂濟济計计記记際际繼继紀纪夾夹莢荚頰颊賈贾鉀钾價价駕驾殲歼監监堅坚箋笺間间艱艰緘缄",
  "繭茧檢检鹼碱揀拣撿捡簡简儉俭減减薦荐檻槛鑒鉴鑑鉴踐践賤贱見见鍵键艦舰劍剑餞饯漸渐濺溅澗涧將将漿浆蔣蒋槳桨獎奖講讲醬酱膠胶澆浇驕骄嬌娇攪搅鉸铰矯矫僥侥腳脚餃饺繳缴絞绞轎轿較较階阶節节潔洁結结誡诫屆届緊紧錦锦僅仅謹谨進进晉晋燼烬盡尽儘尽勁劲荊荆",
  "莖茎鯨鲸驚惊經经頸颈靜静鏡镜徑径痙痉競竞淨净糾纠廄厩舊旧駒驹舉举據据鋸锯懼惧劇剧鵑鹃絹绢傑杰覺觉決决訣诀絕绝鈞钧軍军駿骏開开凱凯顆颗殼壳課课墾垦懇恳摳抠庫库褲裤誇夸塊块儈侩寬宽礦矿曠旷況况虧亏窺窥饋馈潰溃擴扩闊阔蠟蜡臘腊萊莱來来賴赖藍蓝欄栏",
  "攔拦籃篮闌阑蘭兰瀾澜攬揽覽览懶懒纜缆爛烂濫滥撈捞勞劳澇涝樂乐壘垒類类淚泪籬篱離离裡里裏里鯉鲤禮礼麗丽厲厉勵励礫砾歷历曆历瀝沥隸隶倆俩聯联蓮莲連连鐮镰憐怜漣涟簾帘斂敛臉脸鏈链戀恋煉炼練练糧粮涼凉兩两輛辆諒谅療疗遼辽獵猎臨临鄰邻鱗鳞凜凛賃赁齡龄",
  "鈴铃靈灵嶺岭領领餾馏劉刘龍龙聾聋嚨咙籠笼壟垄攏拢樓楼婁娄摟搂簍篓蘆芦盧卢顱颅廬庐爐炉擄掳鹵卤滷卤虜虏魯鲁賂赂祿禄錄录陸陆驢驴呂吕鋁铝侶侣屢屡縷缕慮虑濾滤綠绿巒峦攣挛亂乱掄抡輪轮倫伦侖仑淪沦綸纶論论蘿萝羅罗邏逻鑼锣籮箩騾骡駱骆絡络媽妈瑪玛碼码",
  "螞蚂馬马罵骂嗎吗買买麥麦賣卖邁迈脈脉瞞瞒饅馒蠻蛮滿满謾谩貓猫錨锚貿贸麼么麽么沒没鎂镁門门悶闷們们錳锰夢梦謎谜彌弥覓觅綿绵緬缅廟庙滅灭憫悯閩闽鳴鸣銘铭謬谬謀谋畝亩鈉钠納纳難难撓挠腦脑惱恼鬧闹餒馁內内擬拟膩腻攆撵釀酿鳥鸟聶聂鑷镊鎳镍檸柠獰狞寧宁",
  "擰拧濘泞鈕钮紐纽膿脓濃浓農农瘧疟諾诺歐欧鷗鸥毆殴嘔呕盤盘龐庞賠赔噴喷鵬鹏騙骗飄飘頻频貧贫蘋苹憑凭評评潑泼頗颇撲扑鋪铺樸朴譜谱棲栖淒凄臍脐齊齐騎骑豈岂啟启啓启氣气棄弃訖讫牽牵鉛铅遷迁簽签籤签謙谦錢钱鉗钳潛潜淺浅譴谴槍枪嗆呛牆墙薔蔷強强搶抢鍬锹",
  "橋桥喬乔僑侨翹翘竅窍竊窃欽钦親亲寢寝輕轻氫氢傾倾頃顷請请慶庆瓊琼窮穷趨趋區区軀躯驅驱顴颧權权勸劝卻却鵲鹊確确讓让饒饶擾扰繞绕熱热韌韧認认紉纫榮荣絨绒軟软銳锐閏闰潤润灑洒薩萨鰓鳃賽赛傘伞喪丧騷骚掃扫澀涩殺杀紗纱篩筛曬晒刪删閃闪陝陕贍赡繕缮傷伤",
  "賞赏燒烧紹绍賒赊攝摄懾慑設设紳绅審审嬸婶腎肾滲渗聲声繩绳勝胜聖圣師师獅狮濕湿詩诗屍尸時时蝕蚀實实識识駛驶勢势適适釋释飾饰視视試试壽寿獸兽樞枢輸输書书贖赎屬属術术樹树豎竖數数帥帅雙双誰谁稅税順顺說说碩硕爍烁絲丝飼饲聳耸慫怂頌颂訟讼誦诵擻擞蘇苏",
  "甦苏訴诉肅肃雖虽隨随綏绥歲岁孫孙損损筍笋縮缩瑣琐鎖锁獺獭撻挞臺台檯台颱台態态攤摊貪贪癱瘫灘滩壇坛罈坛譚谭談谈嘆叹歎叹湯汤燙烫濤涛討讨騰腾謄誊題题體体屜屉條条貼贴鐵铁廳厅聽听烴烃銅铜統统頭头禿秃圖图塗涂團团糰团頹颓蛻蜕脫脱鴕鸵馱驮駝驼橢椭窪洼",
  "襪袜彎弯灣湾頑顽萬万網网韋韦違违圍围為为爲为濰潍維维葦苇偉伟偽伪僞伪緯纬謂谓衛卫溫温聞闻紋纹穩稳問问甕瓮撾挝蝸蜗渦涡窩窝臥卧嗚呜鎢钨烏乌汙污誣诬無无蕪芜吳吴塢坞霧雾務务誤误錫锡犧牺襲袭習习銑铣戲戏細细蝦虾轄辖峽峡俠侠狹狭廈厦嚇吓鮮鲜纖纤鹹咸",
  "賢贤銜衔閒闲顯显險险現现獻献縣县餡馅羨羡憲宪線线綫线廂厢鑲镶鄉乡詳详響响項项蕭萧囂嚣銷销曉晓嘯啸蠍蝎協协挾挟攜携脅胁諧谐寫写瀉泻謝谢鋅锌釁衅興兴洶汹鏽锈繡绣虛虚噓嘘須须鬚须許许敘叙緒绪續续軒轩懸悬選选癬癣絢绚學学勳勋詢询尋寻馴驯訓训訊讯遜逊",
  "壓压鴉鸦鴨鸭啞哑亞亚訝讶閹阉煙烟菸烟鹽盐嚴严顏颜閻阎豔艳艷艳厭厌硯砚彥彦諺谚驗验鴦鸯楊杨揚扬瘍疡陽阳癢痒養养樣样瑤瑶搖摇堯尧遙遥窯窑謠谣藥药爺爷頁页業业葉叶醫医頤颐遺遗儀仪蟻蚁藝艺億亿憶忆義义詣诣議议誼谊譯译異异繹绎蔭荫陰阴銀银飲饮隱隐櫻樱",
  "嬰婴鷹鹰應应纓缨瑩莹螢萤營营熒荧蠅蝇贏赢穎颖喲哟擁拥傭佣踴踊詠咏湧涌優优憂忧郵邮猶犹遊游誘诱輿舆魚鱼漁渔娛娱與与嶼屿語语籲吁禦御獄狱譽誉預预馭驭鴛鸳淵渊轅辕園园員员圓圆緣缘遠远願愿約约躍跃鑰钥嶽岳粵粤悅悦閱阅雲云勻匀隕陨運运蘊蕴醞酝暈晕韻韵",
  "雜杂災灾載载攢攒暫暂贊赞讚赞贓赃髒脏鑿凿棗枣竈灶責责擇择則则澤泽賊贼贈赠紮扎劄札軋轧閘闸柵栅詐诈齋斋債债氈毡盞盏斬斩輾辗嶄崭棧栈戰战綻绽張张漲涨帳帐賬账脹胀趙赵蟄蛰轍辙這这貞贞針针偵侦診诊鎮镇陣阵掙挣睜睁猙狰爭争幀帧鄭郑證证織织職职執执紙纸",
  "摯挚擲掷幟帜質质滯滞製制鐘钟鍾钟終终種种腫肿眾众衆众謅诌軸轴皺皱晝昼驟骤豬猪諸诸誅诛燭烛矚瞩囑嘱貯贮鑄铸築筑駐驻專专磚砖轉转賺赚樁桩莊庄裝装妝妆壯壮狀状錐锥贅赘墜坠綴缀諄谆準准著着濁浊茲兹資资漬渍蹤踪綜综總总縱纵鄒邹詛诅組组鑽钻麵面麪面鬆松",
  "隻只衹只祇只週周於于併并佈布捲卷餘余囉啰喫吃槓杠牀床峯峰羣群鰻鳗鯊鲨鱈鳕燉炖醃腌餚肴蔔卜薑姜蠔蚝餵喂鬱郁蹟迹跡迹迴回簷檐蓆席瞭了鬍胡衚胡嚥咽剋克慾欲託托註注徵征穀谷係系繫系嚮向捨舍誌志佔占瓏珑嚕噜瀏浏別别噠哒宮宫並并饃馍闆板燜焖魷鱿溼湿尷尴",
  "撐撑蒼苍鯪鲮餛馄飩饨癟瘪緻致鵪鹌鶉鹑黴霉諉诿餿馊飢饥幣币釦扣摺折縐绉唄呗嘍喽誒诶兇凶癮瘾",
  // Taiwan usage: 回覆 (reply) is 回复 in simplified.
  "覆复",
].join("");

/**
 * Simplified forms that are also ordinary characters in traditional text (干 in 若干, 后 in 皇后,
 * 只 in 一隻 vs 只有...). They say nothing about the script, so language detection ignores them.
 */
const SHARED_FORMS =
  "吃峰床划霉几致群杠干后里面台只系了向余松范征志占卷布并周于制谷迹胡克托注扣折凶板借斗丑表别卜姜郁回席咽欲舍吁御岳云冲据夸困腊帘蒙宁朴涂咸叶佣愿扎症筑准凄栖";

let t2s: Map<number, string> | undefined;
let simplifiedOnly: Set<number> | undefined;

function tables(): { t2s: Map<number, string>; simplifiedOnly: Set<number> } {
  if (!t2s || !simplifiedOnly) {
    const map = new Map<number, string>();
    const simp = new Set<number>();
    for (let i = 0; i + 1 < PAIRS.length; i += 2) {
      const trad = PAIRS.charCodeAt(i);
      const s = PAIRS[i + 1] as string;
      map.set(trad, s);
      simp.add(s.charCodeAt(0));
    }
    for (let i = 0; i < SHARED_FORMS.length; i++) simp.delete(SHARED_FORMS.charCodeAt(i));
    t2s = map;
    simplifiedOnly = simp;
  }
  return { t2s, simplifiedOnly };
}

/** Converts traditional characters to their simplified forms; everything else passes through. */
export function toSimplified(text: string): string {
  const { t2s: map } = tables();
  let first = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && map.has(c)) {
      first = i;
      break;
    }
  }
  if (first < 0) return text;
  let result = text.slice(0, first);
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    result += (c >= 0x3400 ? map.get(c) : undefined) ?? text[i];
  }
  return result;
}

export interface ScriptCounts {
  /** Characters only the traditional script uses (說, 這, 還). */
  traditional: number;
  /** Characters only the simplified script uses (说, 这, 还). */
  simplified: number;
}

/** Counts the characters that give the script away. */
export function scriptCounts(text: string): ScriptCounts {
  const { t2s: map, simplifiedOnly: simp } = tables();
  let traditional = 0;
  let simplified = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3400) continue;
    if (map.has(c)) traditional++;
    else if (simp.has(c)) simplified++;
  }
  return { traditional, simplified };
}

/** True when the text reads as Traditional Chinese: more traditional-only than simplified-only characters. */
export function isTraditional(text: string): boolean {
  const { traditional, simplified } = scriptCounts(text);
  return traditional > 0 && traditional > simplified;
}
