import type { SupportedLocale } from "#shared/kernel/locale";

/**
 * Masking leaves a tag where personal data was ("[phone]", "[email]", "[name]": see
 * shared/analysis/model/pii.ts, and Comprehend's entity types lowercased). Stored text and the APIs keep
 * the tags; pages and emails show them in the reader's words, so a Chinese sentence does not carry
 * English brackets: "客服电话 [phone] 也打不通" reads "客服电话〔电话已隐去〕也打不通".
 */
const WORDS: Record<string, Record<SupportedLocale, string>> = {
  phone: { "zh-Hans": "电话", "zh-Hant": "電話", en: "phone" },
  email: { "zh-Hans": "邮箱", "zh-Hant": "電郵", en: "email" },
  card: { "zh-Hans": "卡号", "zh-Hant": "卡號", en: "card number" },
  credit_debit_number: { "zh-Hans": "卡号", "zh-Hant": "卡號", en: "card number" },
  bank_account_number: { "zh-Hans": "银行账号", "zh-Hant": "銀行帳號", en: "bank account" },
  id: { "zh-Hans": "证件号", "zh-Hant": "證件號", en: "ID number" },
  name: { "zh-Hans": "姓名", "zh-Hant": "姓名", en: "name" },
  address: { "zh-Hans": "地址", "zh-Hant": "地址", en: "address" },
  username: { "zh-Hans": "用户名", "zh-Hant": "使用者名稱", en: "user name" },
  password: { "zh-Hans": "密码", "zh-Hant": "密碼", en: "password" },
  url: { "zh-Hans": "链接", "zh-Hant": "連結", en: "link" },
  ip_address: { "zh-Hans": "IP 地址", "zh-Hant": "IP 位址", en: "IP address" },
  date_time: { "zh-Hans": "日期", "zh-Hant": "日期", en: "date" },
  age: { "zh-Hans": "年龄", "zh-Hant": "年齡", en: "age" },
  pin: { "zh-Hans": "密码", "zh-Hant": "密碼", en: "PIN" },
  passport_number: { "zh-Hans": "护照号", "zh-Hant": "護照號碼", en: "passport number" },
  driver_id: { "zh-Hans": "驾照号", "zh-Hant": "駕照號碼", en: "driver's licence" },
  ssn: { "zh-Hans": "证件号", "zh-Hant": "證件號", en: "ID number" },
};

const TAG = /\[([a-z_]+)\]/g;

/** The text with every masking tag in the reader's words ("〔电话已隐去〕", "[phone hidden]"); other text unchanged. */
export const readableMasks = (text: string, locale: SupportedLocale): string =>
  text.replace(TAG, (tag, type: string) => {
    const word = WORDS[type]?.[locale];
    if (word === undefined) return tag;
    if (locale === "en") return `[${word} hidden]`;
    return locale === "zh-Hans" ? `〔${word}已隐去〕` : `〔${word}已隱去〕`;
  });
