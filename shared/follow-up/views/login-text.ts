import type { SupportedLocale } from "#shared/kernel/locale";

/**
 * Every word of the triage page's sign-in, in each language hearback speaks. Constants, not data:
 * the renderer inserts them unescaped where they are plain text, and the sign-in routes pick their
 * error messages here too.
 */
export interface LoginText {
  title: string;
  heading: string;
  name: string;
  password: string;
  signIn: string;
  devHint: string;
  /** The language switch's label. */
  language: string;
  startOver: string;
  /** Joins the items of a list in running text. */
  listSeparator: string;
  newPassword: {
    heading: string;
    intro: string;
    field: string;
    again: string;
    rulesHeading: string;
    submit: string;
  };
  rules: { minLength: (n: number) => string; lowercase: string; uppercase: string; digit: string; symbol: string };
  totp: { heading: string; intro: string; code: string; submit: string };
  totpSetup: { heading: string; intro: string; key: string; openApp: string; submit: string };
  errors: {
    crossSite: string;
    throttled: (minutes: number) => string;
    wrongPassword: string;
    wrongCode: string;
    codeFormat: string;
    expired: string;
    mismatch: string;
    /** `rules`: what the password lacks, in this language's words (joined with listSeparator). */
    passwordNeeds: (rules: string) => string;
    passwordReused: string;
    passwordRefused: string;
  };
}

/** The language switch names each language in itself, so a reader finds their own. */
export const LANGUAGE_NAMES: Readonly<Record<SupportedLocale, string>> = {
  "zh-Hans": "简体中文",
  "zh-Hant": "繁體中文",
  en: "English",
};

export const LOGIN_TEXT: Readonly<Record<SupportedLocale, LoginText>> = {
  "zh-Hans": {
    title: "登录 – hearback 跟进任务",
    heading: "登录跟进任务处理台",
    name: "用户名",
    password: "密码",
    signIn: "登录",
    devHint: "本地开发：任意用户名，使用开发密码。",
    language: "语言",
    startOver: "重新登录",
    listSeparator: "、",
    newPassword: {
      heading: "设置新密码",
      intro: "你使用的是临时密码（或密码已被重置）。请设置自己的密码后继续。",
      field: "新密码",
      again: "再次输入新密码",
      rulesHeading: "密码需要包含：",
      submit: "设置密码并继续",
    },
    rules: {
      minLength: (n) => `至少 ${n} 个字符`,
      lowercase: "一个小写字母",
      uppercase: "一个大写字母",
      digit: "一个数字",
      symbol: "一个符号，如 ! 或 #",
    },
    totp: {
      heading: "输入验证码",
      intro: "打开手机上的身份验证器应用，输入它为 hearback 显示的 6 位验证码。",
      code: "6 位验证码",
      submit: "验证",
    },
    totpSetup: {
      heading: "设置两步验证",
      intro:
        "你的账号需要使用身份验证器应用。请将下面的密钥添加到应用中（或在手机上打开链接），然后输入应用显示的 6 位验证码。",
      key: "密钥",
      openApp: "在身份验证器应用中打开",
      submit: "验证并登录",
    },
    errors: {
      crossSite: "此表单来自其他网站，已拒绝。",
      throttled: (minutes) => `登录失败次数过多，请 ${minutes} 分钟后再试。`,
      wrongPassword: "用户名或密码不正确。",
      wrongCode: "验证码不正确，请输入应用当前显示的验证码。",
      codeFormat: "请输入应用显示的 6 位数字。",
      expired: "此次登录已超时或已使用，请重新登录。",
      mismatch: "两次输入的新密码不一致，请输入相同的密码。",
      passwordNeeds: (rules) => `密码未被接受：还需要${rules}。`,
      passwordReused: "该密码以前用过，请换一个新密码。",
      passwordRefused: "登录服务拒绝了该密码，请换一个。",
    },
  },
  "zh-Hant": {
    title: "登入 – hearback 跟進任務",
    heading: "登入跟進任務處理台",
    name: "使用者名稱",
    password: "密碼",
    signIn: "登入",
    devHint: "本機開發：任意使用者名稱，使用開發密碼。",
    language: "語言",
    startOver: "重新登入",
    listSeparator: "、",
    newPassword: {
      heading: "設定新密碼",
      intro: "你使用的是臨時密碼（或密碼已被重設）。請設定自己的密碼後繼續。",
      field: "新密碼",
      again: "再次輸入新密碼",
      rulesHeading: "密碼需要包含：",
      submit: "設定密碼並繼續",
    },
    rules: {
      minLength: (n) => `至少 ${n} 個字元`,
      lowercase: "一個小寫字母",
      uppercase: "一個大寫字母",
      digit: "一個數字",
      symbol: "一個符號，如 ! 或 #",
    },
    totp: {
      heading: "輸入驗證碼",
      intro: "開啟手機上的驗證器應用程式，輸入它為 hearback 顯示的 6 位數驗證碼。",
      code: "6 位數驗證碼",
      submit: "驗證",
    },
    totpSetup: {
      heading: "設定兩步驟驗證",
      intro:
        "你的帳號需要使用驗證器應用程式。請將下方的金鑰加入應用程式（或在手機上開啟連結），然後輸入應用程式顯示的 6 位數驗證碼。",
      key: "金鑰",
      openApp: "在驗證器應用程式中開啟",
      submit: "驗證並登入",
    },
    errors: {
      crossSite: "此表單來自其他網站，已拒絕。",
      throttled: (minutes) => `登入失敗次數過多，請 ${minutes} 分鐘後再試。`,
      wrongPassword: "使用者名稱或密碼不正確。",
      wrongCode: "驗證碼不正確，請輸入應用程式目前顯示的驗證碼。",
      codeFormat: "請輸入應用程式顯示的 6 位數字。",
      expired: "此次登入已逾時或已使用，請重新登入。",
      mismatch: "兩次輸入的新密碼不一致，請輸入相同的密碼。",
      passwordNeeds: (rules) => `密碼未被接受：還需要${rules}。`,
      passwordReused: "此密碼以前用過，請換一個新密碼。",
      passwordRefused: "登入服務拒絕了此密碼，請換一個。",
    },
  },
  en: {
    title: "Sign in – hearback triage",
    heading: "Sign in to follow-up triage",
    name: "Name",
    password: "Password",
    signIn: "Sign in",
    devHint: "Local development: any name, the development password.",
    language: "Language",
    startOver: "Start over",
    listSeparator: ", ",
    newPassword: {
      heading: "Choose a new password",
      intro: "You signed in with a temporary password (or your password was reset). Choose your own to continue.",
      field: "New password",
      again: "New password again",
      rulesHeading: "It needs:",
      submit: "Set password and continue",
    },
    rules: {
      minLength: (n) => `at least ${n} characters`,
      lowercase: "a lowercase letter",
      uppercase: "an uppercase letter",
      digit: "a digit",
      symbol: "a symbol, such as ! or #",
    },
    totp: {
      heading: "Enter your verification code",
      intro: "Open the authenticator app on your phone and enter the 6-digit code it shows for hearback.",
      code: "6-digit code",
      submit: "Verify",
    },
    totpSetup: {
      heading: "Set up two-step verification",
      intro:
        "Your account needs an authenticator app. Add this key to it (or open the link on your phone), then enter the 6-digit code it shows.",
      key: "Key",
      openApp: "Open in the authenticator app",
      submit: "Verify and sign in",
    },
    errors: {
      crossSite: "This form was sent from another site.",
      throttled: (minutes) => `Too many failed sign-ins. Try again in ${minutes} min.`,
      wrongPassword: "That name and password did not match.",
      wrongCode: "That code did not match. Enter the code your app shows now.",
      codeFormat: "Enter the 6 digits your app shows.",
      expired: "That sign-in took too long or was already used. Sign in again.",
      mismatch: "The two new passwords differ. Type the same password twice.",
      passwordNeeds: (rules) => `That password was refused: it needs ${rules}.`,
      passwordReused: "That password was used before. Choose a new one.",
      passwordRefused: "The sign-in service refused that password. Choose another one.",
    },
  },
};
